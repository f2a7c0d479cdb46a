package io.diode.pocketic.client;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One record of a canister's log ({@code canister_log_record}): what the canister printed ({@code Debug.print},
 * {@code ic0.debug_print}) or a trap ({@code [TRAP]: message}) during a replicated execution.
 *
 * @param index the record's number in the canister's log; older records may have been evicted (4 KiB in all)
 */
public record CanisterLogRecord(long index, Instant timestamp, byte[] content) {

    public CanisterLogRecord {
        content = content.clone();
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    /** The content as UTF-8 text (what Motoko's {@code Debug.print} printed). */
    public String text() {
        return new String(content, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "[" + index + " " + timestamp + "] " + text();
    }
}
