package io.diode.pocketic.embedded.ichttp;

import io.diode.pocketic.embedded.api.MessageId;
import java.util.List;
import org.ic4j.types.Principal;

/**
 * The content of a read_state request: the state-tree paths (lists of labels) the sender wants certified,
 * e.g. {@code ["request_status", <request id>]} or {@code ["time"]}.
 */
public record ReadStateRequest(MessageId requestId, Principal sender, List<List<byte[]>> paths, long ingressExpiryNanos)
        implements IcRequest {}
