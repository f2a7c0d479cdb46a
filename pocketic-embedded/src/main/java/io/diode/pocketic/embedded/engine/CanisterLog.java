package io.diode.pocketic.embedded.engine;

import io.diode.pocketic.embedded.management.CanisterLogRecord;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * A canister's log, as {@code fetch_canister_logs} returns it: the records of {@code ic0.debug_print} and of traps
 * in replicated executions, numbered from 0 for the canister's lifetime. As in the replica's {@code CanisterLog}, the
 * records fit in {@value #CAPACITY} bytes, each counted as its content plus 16 bytes (index and timestamp): the oldest
 * records are evicted to make room, and a record's content is cut to what fits alone. Upgrades keep the log;
 * reinstalling and uninstalling purge it (the numbering goes on).
 */
final class CanisterLog {

    /** The replica's {@code MAX_ALLOWED_CANISTER_LOG_BUFFER_SIZE}. */
    static final int CAPACITY = 4 * 1024;
    /** What a record costs besides its content: {@code idx} and {@code timestamp_nanos}. */
    static final int RECORD_OVERHEAD = 16;
    /** The longest content a record keeps: the capacity less the replica's in-memory record size (40 bytes). */
    static final int MAX_CONTENT = CAPACITY - 40;

    private final Deque<CanisterLogRecord> records = new ArrayDeque<>();
    private long nextIndex;
    private long usedBytes;

    void add(long timestampNanos, byte[] content) {
        byte[] kept = content.length > MAX_CONTENT ? java.util.Arrays.copyOf(content, MAX_CONTENT) : content.clone();
        long size = kept.length + RECORD_OVERHEAD;
        while (!records.isEmpty() && usedBytes + size > CAPACITY) {
            usedBytes -= records.removeFirst().content().length + RECORD_OVERHEAD;
        }
        records.addLast(new CanisterLogRecord(nextIndex++, timestampNanos, kept));
        usedBytes += size;
    }

    void purge() {
        records.clear();
        usedBytes = 0;
    }

    List<CanisterLogRecord> records() {
        return List.copyOf(records);
    }
}
