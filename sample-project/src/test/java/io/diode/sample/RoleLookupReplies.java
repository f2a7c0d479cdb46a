package io.diode.sample;

import io.diode.pocketic.client.HttpHeader;
import io.diode.pocketic.client.HttpOutcallResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a test answers the Zone's {@code eth_call Role(address)} outcall with: JSON-RPC replies as an Ethereum node
 * would send them, including the per-response headers the Zone's transform must drop.
 */
final class RoleLookupReplies {

    /** First 4 bytes of keccak256("Role(address)"), the role getter of Diode's zone contracts. */
    static final String ROLE_SELECTOR = "d4322d7d";

    private RoleLookupReplies() {}

    /** A successful {@code eth_call} returning {@code role} as one ABI-encoded uint256. */
    static HttpOutcallResponse role(long role) {
        return json(200, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x" + "%064x".formatted(role) + "\"}");
    }

    static HttpOutcallResponse json(int status, String body) {
        return HttpOutcallResponse.reply(
                status,
                List.of(
                        new HttpHeader("Content-Type", "application/json"),
                        new HttpHeader("Date", "Mon, 23 Nov 2026 22:00:00 GMT")),
                body.getBytes(StandardCharsets.UTF_8));
    }
}
