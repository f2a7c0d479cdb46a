package io.diode.pocketic.embedded.ichttp;

import io.diode.pocketic.embedded.api.MessageId;
import org.ic4j.types.Principal;

/** The content of a query ({@code request_type = "query"}), sent to {@code /api/v2/canister/<id>/query}. */
public record QueryRequest(
        MessageId requestId,
        Principal sender,
        Principal canisterId,
        String methodName,
        byte[] arg,
        long ingressExpiryNanos)
        implements IcRequest {}
