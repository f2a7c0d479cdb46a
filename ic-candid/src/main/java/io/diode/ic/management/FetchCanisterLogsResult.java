package io.diode.ic.management;

import io.diode.candid.CandidName;
import java.util.List;

/** {@code fetch_canister_logs_result}. */
public record FetchCanisterLogsResult(
        @CandidName("canister_log_records") List<CanisterLogRecord> canisterLogRecords) {

    /**
     * {@code canister_log_record}.
     *
     * @param timestampNanos nanoseconds since the epoch (unsigned)
     */
    public record CanisterLogRecord(
            long idx, @CandidName("timestamp_nanos") long timestampNanos, byte[] content) {}
}
