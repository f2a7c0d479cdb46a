package io.diode.pocketic.embedded.ichttp;

import io.diode.pocketic.embedded.api.MessageId;
import org.ic4j.types.Principal;

/** What every request kind carries: its id (for the signature) and sender and expiry (for the checks). */
public sealed interface IcRequest permits CallRequest, QueryRequest, ReadStateRequest {

    MessageId requestId();

    Principal sender();

    /** Nanoseconds since the epoch after which the request must be refused. */
    long ingressExpiryNanos();
}
