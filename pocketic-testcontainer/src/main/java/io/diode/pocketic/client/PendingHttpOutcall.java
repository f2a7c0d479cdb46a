package io.diode.pocketic.client;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.ic4j.types.Principal;

/**
 * An HTTP request a canister made that waits for a test to answer it with
 * {@link PocketIc#mockHttpOutcall(PendingHttpOutcall, HttpOutcallResponse)}: outcalls never leave the machine.
 */
public record PendingHttpOutcall(
        Principal subnetId,
        BigInteger requestId,
        String httpMethod,
        String url,
        List<HttpHeader> headers,
        byte[] body,
        Optional<Long> maxResponseBytes) {

    public PendingHttpOutcall {
        headers = List.copyOf(headers);
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}
