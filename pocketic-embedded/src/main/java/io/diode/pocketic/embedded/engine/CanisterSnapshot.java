package io.diode.pocketic.embedded.engine;

import io.diode.pocketic.embedded.management.CanisterSnapshotInfo;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ic4j.types.Principal;

/**
 * A canister snapshot as {@code take_canister_snapshot} saves it: the module, main memory and globals (the WASM
 * layer's snapshot, restorable into a new instance of the same module), stable memory (pages shared copy-on-write),
 * certified data, the global timer and the chunk store. Immutable once taken.
 *
 * @param sandbox      the instance the state was saved from: loading into the same instance restores only what
 *                     changed since
 * @param sandboxState the WASM layer's {@link CanisterSandbox#independentSnapshot()}
 */
record CanisterSnapshot(byte[] id, Principal canisterId, long takenAtNanos, long canisterVersion, CanisterCode code,
                        CanisterSandbox sandbox, Object sandboxState, long wasmMemoryBytes,
                        StableMemory.Snapshot stableMemory, byte[] certifiedData, long globalTimer,
                        Map<String, byte[]> chunkStore) {

    /** Snapshot ids as the replica forms them: the canister's local snapshot number (8 bytes, big-endian), then the canister id. */
    static byte[] id(Principal canister, long localId) {
        byte[] canisterBytes = canister.getValue();
        return ByteBuffer.allocate(8 + canisterBytes.length).putLong(localId).put(canisterBytes).array();
    }

    /** The canister a snapshot id names, or null if the id has no canister part. */
    static Principal owner(byte[] snapshotId) {
        if (snapshotId.length <= 8 || snapshotId.length > 8 + 29) {
            return null;
        }
        return Principal.from(Arrays.copyOfRange(snapshotId, 8, snapshotId.length));
    }

    static CanisterSnapshot of(Canister canister, byte[] id, long nowNanos) {
        return new CanisterSnapshot(id, canister.id, nowNanos, canister.version, canister.code, canister.sandbox,
                canister.sandbox.independentSnapshot(), canister.sandbox.memorySize(), canister.stableMemory.snapshot(),
                canister.certifiedData, canister.globalTimer, new LinkedHashMap<>(canister.chunkStore));
    }

    /**
     * Bytes the snapshot occupies, as its {@code total_size} and the canister's memory usage count it: module, main
     * and stable memory, certified data and chunk store.
     */
    long totalSize() {
        long chunks = chunkStore.values().stream().mapToLong(chunk -> chunk.length).sum();
        return code.size() + wasmMemoryBytes + stableMemory.pageCount() * StableMemory.PAGE_SIZE + certifiedData.length
                + chunks;
    }

    boolean hasId(byte[] other) {
        return Arrays.equals(id, other);
    }

    CanisterSnapshotInfo info() {
        return new CanisterSnapshotInfo(id.clone(), takenAtNanos, totalSize());
    }
}
