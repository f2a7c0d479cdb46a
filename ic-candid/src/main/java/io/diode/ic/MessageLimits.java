package io.diode.ic;

/** Size limits the IC puts on every message, whoever sends it. */
public final class MessageLimits {

    /**
     * 2 MiB: the largest ingress message argument on an application subnet, and the largest inter-canister call
     * argument, reply or reject message (the replica's {@code MAX_INTER_CANISTER_PAYLOAD_IN_BYTES}). A module larger
     * than what fits in an {@code install_code} message goes through the chunk store.
     */
    public static final int MAX_PAYLOAD_BYTES = 2 * 1024 * 1024;

    private MessageLimits() {}
}
