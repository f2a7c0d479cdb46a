package io.diode.pocketic.embedded.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Where an HTTP gateway sends the IC HTTP interface requests ({@code /api/v2/...}, {@code /api/v3/...}) it forwards
 * and those it makes itself for canister HTTP: an instance of this server (in process, no socket), or a replica's
 * URL (another server's instance, a real PocketIC, a local replica).
 */
sealed interface GatewayBackend {

    /**
     * Sends one request and returns the answer; a backend that cannot be reached answers 502.
     *
     * @param request its path is the path at the IC HTTP interface's root, e.g. {@code /api/v2/status}
     */
    RestResponse send(RestRequest request);

    /** For messages: which instance or URL. */
    String describe();

    static GatewayBackend of(HttpGatewayConfig.Target target, PocketIcRestApi api) {
        return switch (target) {
            case HttpGatewayConfig.InstanceTarget instance -> new Instance(api, instance.instanceId());
            case HttpGatewayConfig.ReplicaTarget replica ->
                new Replica(
                        replica.url(),
                        HttpClient.newBuilder()
                                .connectTimeout(Duration.ofSeconds(10))
                                .build());
        };
    }

    /** An instance of this server, answered by its REST API's {@code /instances/<id>/...} endpoints. */
    record Instance(PocketIcRestApi api, int instanceId) implements GatewayBackend {
        @Override
        public RestResponse send(RestRequest request) {
            return api.handle(new RestRequest(
                    request.method(), "/instances/" + instanceId + request.path(), request.headers(), request.body()));
        }

        @Override
        public String describe() {
            return "instance " + instanceId;
        }
    }

    /** The IC HTTP interface at {@code url}. */
    record Replica(String url, HttpClient client) implements GatewayBackend {

        /** Headers the JDK client sets itself or refuses, and hop-by-hop headers a proxy must not forward. */
        private static final Set<String> NOT_FORWARDED = Set.of(
                "host",
                "content-length",
                "connection",
                "expect",
                "upgrade",
                "transfer-encoding",
                "keep-alive",
                "te",
                "trailer",
                "proxy-connection",
                "http2-settings");

        @Override
        public RestResponse send(RestRequest request) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url + request.path()))
                    .timeout(Duration.ofMinutes(5))
                    .method(
                            request.method(),
                            request.body().length == 0 && !request.method().equals("POST")
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofByteArray(request.body()));
            for (Map.Entry<String, String> header : request.headers().entrySet()) {
                if (!NOT_FORWARDED.contains(header.getKey())) {
                    builder.header(header.getKey(), header.getValue());
                }
            }
            try {
                HttpResponse<byte[]> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
                return new RestResponse(
                        response.statusCode(),
                        response.headers().firstValue("content-type").orElse(null),
                        response.body(),
                        Map.of());
            } catch (IOException e) {
                return RestResponse.text(502, "the HTTP gateway cannot reach the replica at " + url + ": " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return RestResponse.text(502, "interrupted while waiting for the replica at " + url);
            }
        }

        @Override
        public String describe() {
            return "the replica at " + url;
        }
    }
}
