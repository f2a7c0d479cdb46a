package io.diode.pocketic.embedded.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * One running HTTP gateway, PocketIC's {@code /http_gateway}: a port of its own that serves, for what it forwards
 * to, the IC HTTP interface for agents ({@code /api/v2/...}, {@code /api/v3/...}, unchanged) and canister HTTP
 * for browsers and plain HTTP clients ({@link CanisterHttpGateway}) on every other path.
 */
final class HttpGateway implements HttpHandler, AutoCloseable {

    private final int id;
    private final HttpGatewayConfig config;
    private final GatewayBackend backend;
    private final CanisterHttpGateway canisterHttp;
    private final long maxRequestBytes;
    private final Optional<InactivityWatchdog> watchdog;
    private final HttpServer server;

    private HttpGateway(
            int id,
            HttpGatewayConfig config,
            GatewayBackend backend,
            CanisterHttpGateway canisterHttp,
            long maxRequestBytes,
            Optional<InactivityWatchdog> watchdog,
            HttpServer server) {
        this.id = id;
        this.config = config;
        this.backend = backend;
        this.canisterHttp = canisterHttp;
        this.maxRequestBytes = maxRequestBytes;
        this.watchdog = watchdog;
        this.server = server;
    }

    /**
     * Starts a gateway and listens.
     *
     * @param checkBackend whether to fetch the backend's root key first, as PocketIC does, so that a gateway to
     *                     nowhere fails at once; otherwise on the first canister HTTP request
     * @throws IllegalStateException when the backend is checked and does not answer
     * @throws UncheckedIOException  when the address cannot be bound
     */
    static HttpGateway start(
            int id,
            HttpGatewayConfig config,
            PocketIcRestApi api,
            Executor executor,
            long maxRequestBytes,
            Optional<InactivityWatchdog> watchdog,
            boolean checkBackend) {
        GatewayBackend backend = GatewayBackend.of(config.forwardTo(), api);
        CanisterHttpGateway canisterHttp = new CanisterHttpGateway(backend, config.domains());
        if (checkBackend) {
            canisterHttp.fetchRootKey();
        }
        HttpServer server;
        try {
            server = HttpServer.create(
                    new InetSocketAddress(InetAddress.getByName(config.ipAddress()), config.port()), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Failed to bind to address " + config.ipAddress() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        HttpGateway gateway = new HttpGateway(id, config, backend, canisterHttp, maxRequestBytes, watchdog, server);
        server.createContext("/", gateway);
        server.setExecutor(executor);
        server.start();
        return gateway;
    }

    int id() {
        return id;
    }

    int port() {
        return server.getAddress().getPort();
    }

    HttpGatewayConfig config() {
        return config;
    }

    /** {@code http://host:port} of this gateway. */
    String url() {
        return PocketIcServer.urlOf(server.getAddress());
    }

    /** PocketIC's {@code HttpGatewayDetails}, as {@code GET /http_gateway} lists them. */
    ObjectNode details() {
        ObjectNode details = JsonCodec.object().put("instance_id", id).put("port", port());
        details.set("forward_to", config.forwardTo().toJson());
        config.requestedDomains()
                .ifPresentOrElse(
                        given -> {
                            var domains = JsonCodec.array();
                            given.forEach(domains::add);
                            details.set("domains", domains);
                        },
                        () -> details.putNull("domains"));
        details.putNull("https_config");
        return details;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        watchdog.ifPresent(InactivityWatchdog::requestStarted);
        try (exchange) {
            java.net.URI target = exchange.getRequestURI();
            // the JDK reads a request target "//api/v2/status" as authority "api" and path "/v2/status"
            String path = target.getScheme() == null && target.getRawAuthority() != null
                    ? "//" + target.getRawAuthority() + target.getRawPath()
                    : target.getRawPath();
            String query = target.getRawQuery();
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            // agents joining a base URL that ends in a slash with "/api/..." send "//api/..."
            String apiPath = path.replaceAll("/{2,}", "/");
            boolean icInterface =
                    apiPath.startsWith("/api/") || apiPath.equals("/_/topology") || apiPath.equals("/_/dashboard");
            if (icInterface) {
                // agents in browsers call the gateway from other origins, as they call the IC's boundary nodes
                exchange.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
                if (method.equals("OPTIONS")) {
                    Headers headers = exchange.getResponseHeaders();
                    headers.set("Access-Control-Allow-Methods", "GET, POST, HEAD, OPTIONS");
                    headers.set("Access-Control-Allow-Headers", "*");
                    headers.set("Access-Control-Max-Age", "7200");
                    exchange.sendResponseHeaders(204, -1);
                    return;
                }
            }
            byte[] body = HttpExchangeHandler.readBody(exchange, maxRequestBytes);
            if (body == null) {
                HttpExchangeHandler.write(
                        exchange,
                        RestResponse.text(
                                413,
                                "the request body exceeds this gateway's " + "limit of " + maxRequestBytes + " bytes"));
                return;
            }
            List<Map.Entry<String, String>> headers = headers(exchange.getRequestHeaders());
            if (icInterface) {
                Map<String, String> firstValues = new HashMap<>();
                headers.forEach(header -> firstValues.putIfAbsent(header.getKey(), header.getValue()));
                HttpExchangeHandler.write(exchange, backend.send(new RestRequest(method, apiPath, firstValues, body)));
                return;
            }
            write(exchange, canisterHttp.serve(method, query == null ? path : path + "?" + query, headers, body));
        } finally {
            watchdog.ifPresent(InactivityWatchdog::requestFinished);
        }
    }

    private static List<Map.Entry<String, String>> headers(Headers headers) {
        List<Map.Entry<String, String>> list = new ArrayList<>();
        headers.forEach((name, values) -> values.forEach(
                value -> list.add(new AbstractMap.SimpleImmutableEntry<>(name.toLowerCase(Locale.ROOT), value))));
        return list;
    }

    private static void write(HttpExchange exchange, CanisterHttpGateway.Response response) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        response.headers().forEach(header -> headers.add(header.getKey(), header.getValue()));
        byte[] body = response.body();
        boolean noBody = body.length == 0
                || exchange.getRequestMethod().equalsIgnoreCase("HEAD")
                || response.status() == 204
                || response.status() == 304;
        exchange.sendResponseHeaders(response.status(), noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Stops listening; requests in progress finish. */
    @Override
    public void close() {
        server.stop(0);
    }
}
