package io.diode.pocketic.embedded.server;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.ic4j.agent.ReplicaResponse;
import org.ic4j.agent.ReplicaTransport;
import org.ic4j.agent.requestid.RequestId;
import org.ic4j.types.Principal;

/**
 * ic4j-agent's transport over a {@link GatewayBackend}: the agent the gateway uses for canister HTTP (anonymous
 * {@code http_request} queries and {@code http_request_update} calls) speaks the IC HTTP interface to the backend
 * like any other agent, with its certificate checks, whether the backend is in process or at a URL.
 */
final class GatewayTransport implements ReplicaTransport {

    private static final Map<String, String> CBOR = Map.of("content-type", "application/cbor");

    private final GatewayBackend backend;

    GatewayTransport(GatewayBackend backend) {
        this.backend = backend;
    }

    @Override
    public CompletableFuture<ReplicaResponse> status() {
        return send("GET", "/api/v2/status", new byte[0]);
    }

    @Override
    public CompletableFuture<ReplicaResponse> query(
            Principal effectiveCanisterId, byte[] envelope, Map<String, String> headers) {
        return send("POST", "/api/v2/canister/" + effectiveCanisterId + "/query", envelope);
    }

    @Override
    public CompletableFuture<ReplicaResponse> call(
            Principal effectiveCanisterId, byte[] envelope, RequestId requestId, Map<String, String> headers) {
        return send("POST", "/api/v2/canister/" + effectiveCanisterId + "/call", envelope);
    }

    @Override
    public CompletableFuture<ReplicaResponse> readState(
            Principal effectiveCanisterId, byte[] envelope, Map<String, String> headers) {
        return send("POST", "/api/v2/canister/" + effectiveCanisterId + "/read_state", envelope);
    }

    private CompletableFuture<ReplicaResponse> send(String method, String path, byte[] body) {
        RestResponse answer =
                backend.send(new RestRequest(method, path, method.equals("POST") ? CBOR : Map.of(), body));
        if (answer.status() / 100 != 2) {
            return CompletableFuture.failedFuture(new IllegalStateException(backend.describe() + " answered "
                    + answer.status() + " to " + method + " " + path + ": " + answer.bodyText()));
        }
        ReplicaResponse response = new ReplicaResponse();
        response.payload = answer.body();
        response.headers = answer.contentType() == null ? Map.of() : Map.of("content-type", answer.contentType());
        return CompletableFuture.completedFuture(response);
    }

    @Override
    public void close() {}
}
