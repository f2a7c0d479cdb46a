package io.diode.pocketic.embedded.server;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Adapts the JDK's HTTP server to {@link PocketIcRestApi}: body limits, headers, and writing the response.
 */
final class HttpExchangeHandler implements HttpHandler {

    private final PocketIcRestApi api;
    private final long maxRequestBytes;
    private final long maxBlobBytes;
    private final Optional<InactivityWatchdog> watchdog;

    HttpExchangeHandler(
            PocketIcRestApi api, long maxRequestBytes, long maxBlobBytes, Optional<InactivityWatchdog> watchdog) {
        this.api = api;
        this.maxRequestBytes = maxRequestBytes;
        this.maxBlobBytes = maxBlobBytes;
        this.watchdog = watchdog;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        watchdog.ifPresent(InactivityWatchdog::requestStarted);
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            long limit = path.startsWith("/blobstore") ? maxBlobBytes : maxRequestBytes;
            RestResponse response;
            byte[] body = readBody(exchange, limit);
            if (body == null && path.contains("/api/")) {
                response =
                        RestResponse.text(413, "the request body exceeds this server's limit of " + limit + " bytes");
            } else if (body == null) {
                response = RestResponse.json(
                        413,
                        ("{\"message\":\"the request body exceeds this server's limit of "
                                        + limit + " bytes"
                                        + (path.startsWith("/blobstore") ? "" : "; upload large data to /blobstore")
                                        + "\"}")
                                .getBytes(StandardCharsets.UTF_8));
            } else {
                response = api.handle(new RestRequest(
                        exchange.getRequestMethod(), path, headers(exchange.getRequestHeaders()), body));
            }
            write(exchange, response);
        } finally {
            watchdog.ifPresent(InactivityWatchdog::requestFinished);
        }
    }

    /** The body, or {@code null} when it is larger than {@code limit} (then it is not read into memory). */
    static byte[] readBody(HttpExchange exchange, long limit) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (body.length <= limit) {
                return body;
            }
            // The rest is read and dropped, not kept: the client only reads the 413 once it has sent its body.
            in.transferTo(OutputStream.nullOutputStream());
            return null;
        }
    }

    private static Map<String, String> headers(Headers headers) {
        Map<String, String> result = new HashMap<>();
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (!header.getValue().isEmpty()) {
                result.put(
                        header.getKey().toLowerCase(Locale.ROOT),
                        header.getValue().getFirst());
            }
        }
        return result;
    }

    static void write(HttpExchange exchange, RestResponse response) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        if (response.contentType() != null) {
            headers.set("Content-Type", response.contentType());
        }
        response.headers().forEach(headers::set);
        byte[] body = response.body();
        boolean head = exchange.getRequestMethod().equalsIgnoreCase("HEAD");
        exchange.sendResponseHeaders(response.status(), body.length == 0 || head ? -1 : body.length);
        if (body.length > 0 && !head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
