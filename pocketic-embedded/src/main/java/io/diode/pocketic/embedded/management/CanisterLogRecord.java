package io.diode.pocketic.embedded.management;

/**
 * {@code canister_log_record}: one entry of a canister's log.
 *
 * @param idx            the record's number in the canister's log (unsigned)
 * @param timestampNanos when it was recorded, nanoseconds since the epoch (unsigned)
 * @param content        what {@code ic0.debug_print} printed, or the trap's {@code [TRAP]: ...} text
 */
public record CanisterLogRecord(long idx, long timestampNanos, byte[] content) {}
