package io.diode.pocketic.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.diode.pocketic.client.Http1Client.Response;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * HTTP and JSON for the PocketIC REST API: every request has a timeout, every non-2xx answer becomes a
 * {@link PocketIcException} with the server's message, and the real server's asynchronous answers (202 with a
 * state label to poll, 409 while busy) are followed until a result arrives or the processing timeout passes.
 * Requests go over kept-alive HTTP/1.1 connections on the calling thread ({@link Http1Client}).
 */
final class PocketIcTransport implements AutoCloseable {

    private static final Duration BUSY_RETRY_DELAY = Duration.ofMillis(20);
    private static final int MAX_LOGGED_BODY_CHARS = 300;

    private final URI baseUri;
    private final Http1Client http;
    private final String basePath;
    private final Duration requestTimeout;
    private final Duration processingTimeout;
    private final ObjectMapper json = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .build();

    PocketIcTransport(URI baseUri, Duration connectTimeout, Duration requestTimeout, Duration processingTimeout) {
        this.baseUri = withoutTrailingSlash(Objects.requireNonNull(baseUri, "baseUri"));
        this.requestTimeout = requestTimeout;
        this.processingTimeout = processingTimeout;
        this.http = new Http1Client(this.baseUri, connectTimeout);
        this.basePath = this.baseUri.getRawPath() == null ? "" : this.baseUri.getRawPath();
    }

    URI baseUri() {
        return baseUri;
    }

    ObjectMapper json() {
        return json;
    }

    /** GET a JSON document; an empty body is JSON null. */
    JsonNode getJson(String path) {
        return parse(path, send("GET", path, null, null, true));
    }

    /** POST a JSON document, answer a JSON document (or JSON null for an empty body). */
    JsonNode postJson(String path, JsonNode body) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON for " + path, e);
        }
        return parse(path, send("POST", path, "application/json", bytes, true));
    }

    /** POST raw bytes (the blob store); answers the body as text. */
    String postBytes(String path, byte[] body) {
        return new String(
                send("POST", path, "application/octet-stream", body, false).body(), StandardCharsets.UTF_8);
    }

    void delete(String path) {
        send("DELETE", path, null, null, false);
    }

    private Response send(String method, String path, String contentType, byte[] body, boolean followStarted) {
        long deadline = System.nanoTime() + processingTimeout.toNanos();
        while (true) {
            Response response = exchange(method, path, contentType, body);
            int status = response.status();
            if (status == 409 && System.nanoTime() < deadline) {
                // the real server is busy with another operation on this instance: ask again
                pause(deadline);
                continue;
            }
            if (status == 202 && followStarted) {
                return awaitStarted(path, response, deadline);
            }
            if (status >= 200 && status < 300) {
                return response;
            }
            throw errorFrom(method, path, response);
        }
    }

    /** The real server answers 202 {state_label, op_id} for long operations; the result appears under /read_graph. */
    private Response awaitStarted(String path, Response started, long deadline) {
        JsonNode body = parse(path, started);
        if (!body.hasNonNull("state_label") || !body.hasNonNull("op_id")) {
            throw new PocketIcException(
                    "malformed response from " + path + ": status 202 without state_label and " + "op_id: "
                            + abbreviate(started.body()),
                    202,
                    null);
        }
        String pollPath = "/read_graph/" + body.get("state_label").asText() + "/"
                + body.get("op_id").asText();
        while (System.nanoTime() < deadline) {
            Response response = exchange("GET", pollPath, null, null);
            if (response.status() == 200) {
                JsonNode result = parse(pollPath, response);
                if (result != null && !result.isNull() && !result.has("state_label") && !result.has("message")) {
                    return response;
                }
            } else if (response.status() != 404 && response.status() != 409) {
                throw errorFrom("GET", pollPath, response);
            }
            pause(deadline);
        }
        throw new PocketIcTimeoutException(
                "the PocketIC server did not finish " + path + " within " + processingTimeout
                        + "; raise the processing timeout if the operation is legitimately slow",
                null);
    }

    private Response exchange(String method, String path, String contentType, byte[] body) {
        try {
            return http.send(method, basePath + path, contentType, body, requestTimeout);
        } catch (Http1Client.ConnectTimeoutException e) {
            throw new PocketIcTimeoutException(
                    "cannot connect to the PocketIC server at " + baseUri
                            + " within the connect timeout: is it running and reachable?",
                    e);
        } catch (Http1Client.RequestTimeoutException e) {
            throw new PocketIcTimeoutException(
                    "the PocketIC server at " + baseUri + " did not answer " + method + " " + basePath + path
                            + " within " + requestTimeout,
                    e);
        } catch (ConnectException | UnknownHostException e) {
            throw new PocketIcException(
                    "the PocketIC server at " + baseUri + " is not reachable (" + e.getMessage()
                            + "): start it, or check the URL",
                    e);
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new PocketIcException("interrupted while waiting for the PocketIC server", e);
            }
            throw new PocketIcException(
                    "talking to the PocketIC server at " + baseUri + " failed during " + method + " " + basePath + path
                            + ": " + e,
                    e);
        }
    }

    private PocketIcException errorFrom(String method, String path, Response response) {
        int status = response.status();
        String message = serverMessage(response.body());
        String text = "PocketIC server answered " + status + " to " + method + " " + path + ": " + message;
        if (path.startsWith("/instances/") && isInstanceGone(status, message)) {
            return new InstanceDeletedException(text, status);
        }
        return new PocketIcException(text, status, null);
    }

    private static boolean isInstanceGone(int status, String message) {
        String lower = message.toLowerCase(Locale.ROOT);
        return (status == 404 || status == 400 || status == 410)
                && lower.contains("instance")
                && (lower.contains("deleted") || lower.contains("no instance") || lower.contains("not found"));
    }

    /** The real server and the embedded one answer errors as {"message": ...}; anything else is shown raw. */
    private String serverMessage(byte[] body) {
        if (body.length == 0) {
            return "(empty body)";
        }
        try {
            JsonNode node = json.readTree(body);
            if (node != null && node.hasNonNull("message")) {
                return node.get("message").asText();
            }
            if (node != null && node.has("Error") && node.get("Error").hasNonNull("message")) {
                return node.get("Error").get("message").asText();
            }
        } catch (IOException notJson) {
            // fall through: show the text
        }
        return abbreviate(body);
    }

    private JsonNode parse(String path, Response response) {
        byte[] body = response.body();
        if (body.length == 0) {
            return json.nullNode();
        }
        try {
            JsonNode node = json.readTree(body);
            return node == null ? json.nullNode() : node;
        } catch (IOException e) {
            throw new PocketIcException(
                    "malformed response from the PocketIC server to " + path + " (status " + response.status()
                            + "): not JSON: " + abbreviate(body),
                    response.status(),
                    e);
        }
    }

    private static String abbreviate(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() <= MAX_LOGGED_BODY_CHARS ? text : text.substring(0, MAX_LOGGED_BODY_CHARS) + "…";
    }

    private static void pause(long deadline) {
        long remaining = deadline - System.nanoTime();
        long sleep = Math.max(0, Math.min(BUSY_RETRY_DELAY.toNanos(), remaining));
        try {
            Thread.sleep(Duration.ofNanos(sleep));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PocketIcException("interrupted while waiting for the PocketIC server", e);
        }
    }

    private static URI withoutTrailingSlash(URI uri) {
        String text = uri.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return URI.create(text);
    }

    @Override
    public void close() {
        http.close();
    }
}
