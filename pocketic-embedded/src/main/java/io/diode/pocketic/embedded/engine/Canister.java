package io.diode.pocketic.embedded.engine;

import io.diode.pocketic.embedded.management.CanisterStatus;
import io.diode.pocketic.embedded.management.DefiniteCanisterSettings;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ic4j.types.Principal;

/** Everything the subnet keeps about one canister. */
final class Canister {

    final Principal id;
    DefiniteCanisterSettings settings;
    CanisterStatus status = CanisterStatus.RUNNING;
    /** null while the canister is empty (created, or uninstalled). */
    CanisterCode code;
    CanisterSandbox sandbox;
    /** The system API the sandbox's imports are bound to. */
    SystemApi systemApi;
    StableMemory stableMemory = new StableMemory();
    BigInteger cycles;
    byte[] certifiedData = new byte[0];
    /** Nanoseconds since the epoch; 0 = no timer set. */
    long globalTimer;
    long version;
    /** Chunk store: hex of SHA-256 → chunk, in upload order. */
    final Map<String, byte[]> chunkStore = new LinkedHashMap<>();
    final Map<Long, Callback> callbacks = new HashMap<>();
    /** Whether {@code canister_on_low_wasm_memory} ran since memory last ran low (it runs once per episode). */
    boolean lowMemoryHookRan;
    long nextCallbackId = 1;
    /** Open call contexts, counted to know when a stopping canister may stop. */
    int openCallContexts;
    /** {@code stop_canister} calls that wait for the canister to reach "stopped". */
    final List<CallOrigin> stopWaiters = new ArrayList<>();
    /** The time up to which storage fees were charged. */
    long storageChargedUntilNanos;
    final CanisterLog log = new CanisterLog();
    final CanisterHistory history = new CanisterHistory();
    /** Canister snapshots, oldest first. */
    final List<CanisterSnapshot> snapshots = new ArrayList<>();
    /** The local number of the next snapshot (the first 8 bytes of its id); never reused. */
    long nextSnapshotNumber;

    Canister(Principal id, DefiniteCanisterSettings settings, BigInteger cycles, long nowNanos) {
        this.id = id;
        this.settings = settings;
        this.cycles = cycles;
        this.storageChargedUntilNanos = nowNanos;
    }

    boolean isEmpty() {
        return code == null;
    }

    boolean isController(Principal principal) {
        return settings.controllers().contains(principal);
    }

    boolean exports(String export) {
        return code != null && code.exportedFunctions().contains(export);
    }

    /** Bytes the canister uses, as storage fees and {@code canister_status} count them. */
    long memoryBytes() {
        long wasm = sandbox == null ? 0 : sandbox.memorySize();
        long module = code == null ? 0 : code.size();
        long chunks = chunkStore.values().stream().mapToLong(chunk -> chunk.length).sum();
        return wasm + module + stableMemory.sizeInBytes() + chunks + snapshotsBytes();
    }

    /** Bytes the canister's snapshots occupy (they count towards its memory usage, as on the IC). */
    long snapshotsBytes() {
        return snapshots.stream().mapToLong(CanisterSnapshot::totalSize).sum();
    }

    /** Bytes a snapshot taken now would occupy. */
    long snapshotSizeNow() {
        long wasm = sandbox == null ? 0 : sandbox.memorySize();
        long module = code == null ? 0 : code.size();
        long chunks = chunkStore.values().stream().mapToLong(chunk -> chunk.length).sum();
        return module + wasm + stableMemory.sizeInBytes() + certifiedData.length + chunks;
    }

    String chunkKey(byte[] hash) {
        return HexFormat.of().formatHex(hash);
    }

    /** Everything a message may change and a trap must undo. */
    record Snapshot(Object sandboxState, StableMemory.Snapshot stableMemory, BigInteger cycles,
                    byte[] certifiedData, long globalTimer) {
    }

    Snapshot snapshot() {
        return new Snapshot(sandbox == null ? null : sandbox.snapshot(), stableMemory.snapshot(), cycles,
                certifiedData, globalTimer);
    }

    /** Like {@link #snapshot()}, but it stays valid while other snapshots of the canister are taken. */
    Snapshot independentSnapshot() {
        return new Snapshot(sandbox == null ? null : sandbox.independentSnapshot(), stableMemory.snapshot(), cycles,
                certifiedData, globalTimer);
    }

    void restore(Snapshot snapshot) {
        if (sandbox != null && snapshot.sandboxState() != null) {
            sandbox.restore(snapshot.sandboxState());
        }
        stableMemory.restore(snapshot.stableMemory());
        cycles = snapshot.cycles();
        certifiedData = snapshot.certifiedData();
        globalTimer = snapshot.globalTimer();
    }
}
