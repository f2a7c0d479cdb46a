package io.diode.pocketic.embedded.ichttp;

import io.diode.pocketic.embedded.api.MessageId;
import org.ic4j.types.Principal;

/** The content of an update call ({@code request_type = "call"}), sent to {@code /api/v2|v3/canister/<id>/call}. */
public record CallRequest(
        MessageId requestId,
        Principal sender,
        Principal canisterId,
        String methodName,
        byte[] arg,
        long ingressExpiryNanos)
        implements IcRequest {}
