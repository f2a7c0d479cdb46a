package io.diode.pocketic.embedded.engine;

import io.diode.pocketic.embedded.management.CanisterSnapshotInfo;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.ic4j.types.Principal;

/**
 * A canister snapshot as {@code take_canister_snapshot} saves it, as the replica's {@code CanisterSnapshot}: the whole
 * {@link ExecutionState} (module, main memory and globals, stable memory, certified data, global timer: saved
 * independently, so it restores into a new instance of the same module too) and a copy of the chunk store. Immutable
 * once taken.
 */
record CanisterSnapshot(
        byte[] id,
        Principal canisterId,
        long takenAtNanos,
        long canisterVersion,
        ExecutionState.Saved execution,
        WasmChunkStore chunkStore) {

    /** Snapshot ids as the replica forms them: the canister's local snapshot number (8 bytes, big-endian), then the canister id. */
    static byte[] id(Principal canister, long localId) {
        byte[] canisterBytes = canister.getValue();
        return ByteBuffer.allocate(8 + canisterBytes.length)
                .putLong(localId)
                .put(canisterBytes)
                .array();
    }

    /** The canister a snapshot id names, or null if the id has no canister part. */
    static Principal owner(byte[] snapshotId) {
        if (snapshotId.length <= 8 || snapshotId.length > 8 + 29) {
            return null;
        }
        return Principal.from(Arrays.copyOfRange(snapshotId, 8, snapshotId.length));
    }

    static CanisterSnapshot of(Canister canister, byte[] id, long nowNanos) {
        return new CanisterSnapshot(
                id,
                canister.id,
                nowNanos,
                canister.version(),
                canister.execution().saveIndependently(),
                canister.chunkStore().copy());
    }

    CanisterCode code() {
        return execution.code();
    }

    /**
     * Bytes the snapshot occupies, as its {@code total_size} and the canister's memory usage count it: module, main
     * and stable memory, certified data and chunk store.
     */
    long totalSize() {
        return execution.sizeInBytes() + chunkStore.memoryBytes();
    }

    boolean hasId(byte[] other) {
        return Arrays.equals(id, other);
    }

    CanisterSnapshotInfo info() {
        return new CanisterSnapshotInfo(id.clone(), takenAtNanos, totalSize());
    }
}
