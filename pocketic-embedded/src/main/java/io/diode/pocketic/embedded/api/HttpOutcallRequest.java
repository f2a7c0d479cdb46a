package io.diode.pocketic.embedded.api;

import java.util.List;
import java.util.OptionalLong;
import org.ic4j.types.Principal;

/** An HTTP outcall a canister made through the management canister's {@code http_request}. */
public record HttpOutcallRequest(
        long requestId,
        Principal subnetId,
        Principal canisterId,
        String httpMethod,
        String url,
        List<HttpHeader> headers,
        byte[] body,
        OptionalLong maxResponseBytes) {}
