package io.diode.ic.management;

import io.diode.candid.CandidName;

/**
 * {@code snapshot}: take_canister_snapshot's result, and what list_canister_snapshots lists.
 *
 * @param takenAtTimestamp nanoseconds since the epoch (unsigned)
 * @param totalSize        bytes (unsigned)
 */
public record Snapshot(
        byte[] id,
        @CandidName("taken_at_timestamp") long takenAtTimestamp,
        @CandidName("total_size") long totalSize) {}
