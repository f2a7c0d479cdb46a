package io.diode.pocketic.embedded.management;

/**
 * {@code snapshot}: what {@code take_canister_snapshot} returns and {@code list_canister_snapshots} lists.
 *
 * @param takenAtTimestampNanos nanoseconds since the epoch (unsigned)
 * @param totalSize             bytes (unsigned)
 */
public record CanisterSnapshotInfo(byte[] id, long takenAtTimestampNanos, long totalSize) {}
