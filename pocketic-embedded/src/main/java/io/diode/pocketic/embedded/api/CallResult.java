package io.diode.pocketic.embedded.api;

/** The outcome of an update or query call: a reply with Candid bytes, or a reject. */
public sealed interface CallResult {

    record Reply(byte[] data) implements CallResult {}

    /**
     * @param errorCode the IC's error code for the failure, such as {@code IC0503} (canister trapped),
     *                  {@code IC0301} (canister not found) or {@code IC0406} (the canister rejected the
     *                  message explicitly)
     */
    record Reject(RejectCode code, String message, String errorCode) implements CallResult {}
}
