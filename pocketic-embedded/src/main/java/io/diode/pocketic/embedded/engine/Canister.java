package io.diode.pocketic.embedded.engine;

import io.diode.pocketic.embedded.management.CanisterSettings;
import io.diode.pocketic.embedded.management.CanisterStatus;
import io.diode.pocketic.embedded.management.DefiniteCanisterSettings;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ic4j.types.Principal;

/**
 * Everything the subnet keeps about one canister, split as the replica splits it: the {@link ExecutionState} (what
 * code runs against, rolled back by a trap and saved by a snapshot as a unit) and the system state held here
 * (settings and controllers, status, cycles balance, call contexts and callbacks, chunk store, log, history,
 * snapshots). A message's checkpoint is the execution state plus the cycles balance: a trapped message's cycles
 * (accepted, attached to calls, burned) are undone as on the IC, while its log records and the fees for its
 * instructions stay.
 */
final class Canister {

    final Principal id;
    private DefiniteCanisterSettings settings;
    private CanisterStatus status = CanisterStatus.RUNNING;
    private ExecutionState execution = ExecutionState.empty();
    private BigInteger cycles;
    private long version;
    private final WasmChunkStore chunkStore = new WasmChunkStore();
    private final Map<Long, Callback> callbacks = new HashMap<>();
    private long nextCallbackId = 1;
    /** Whether {@code canister_on_low_wasm_memory} ran since memory last ran low (it runs once per episode). */
    private boolean lowMemoryHookRan;
    /** Open call contexts, counted to know when a stopping canister may stop. */
    private int openCallContexts;
    /** {@code stop_canister} calls that wait for the canister to reach "stopped". */
    private final List<CallOrigin> stopWaiters = new ArrayList<>();
    /** The time up to which storage fees were charged. */
    private long storageChargedUntilNanos;

    private final CanisterLog log = new CanisterLog();
    private final CanisterHistory history = new CanisterHistory();
    /** Canister snapshots, oldest first. */
    private final List<CanisterSnapshot> snapshots = new ArrayList<>();
    /** The local number of the next snapshot (the first 8 bytes of its id); never reused. */
    private long nextSnapshotNumber;

    /** What a message may change and a trap undoes. */
    record MessageCheckpoint(ExecutionState.Saved execution, BigInteger cycles) {}

    Canister(Principal id, DefiniteCanisterSettings settings, BigInteger cycles, long nowNanos) {
        this.id = id;
        this.settings = settings;
        this.cycles = cycles;
        this.storageChargedUntilNanos = nowNanos;
    }

    // ---- execution state ------------------------------------------------------------------------

    ExecutionState execution() {
        return execution;
    }

    /** Puts a new execution state in place (install, upgrade, uninstall, snapshot load); returns the previous one. */
    ExecutionState replaceExecution(ExecutionState next) {
        ExecutionState previous = execution;
        execution = next;
        return previous;
    }

    boolean isEmpty() {
        return execution.isEmpty();
    }

    /** The installed module; null while the canister is empty. */
    CanisterCode code() {
        return execution.code();
    }

    CanisterSandbox sandbox() {
        return execution.sandbox();
    }

    SystemApi systemApi() {
        return execution.systemApi();
    }

    StableMemory stableMemory() {
        return execution.stableMemory();
    }

    byte[] certifiedData() {
        return execution.certifiedData();
    }

    void setCertifiedData(byte[] data) {
        execution.setCertifiedData(data);
    }

    long globalTimer() {
        return execution.globalTimer();
    }

    long setGlobalTimer(long nanos) {
        return execution.setGlobalTimer(nanos);
    }

    boolean exports(String export) {
        return !execution.isEmpty() && execution.code().exportedFunctions().contains(export);
    }

    MessageCheckpoint checkpoint() {
        return new MessageCheckpoint(execution.save(), cycles);
    }

    /** Like {@link #checkpoint()}, but it stays valid while other checkpoints of the canister are taken. */
    MessageCheckpoint independentCheckpoint() {
        return new MessageCheckpoint(execution.saveIndependently(), cycles);
    }

    void rollBackTo(MessageCheckpoint checkpoint) {
        execution.restore(checkpoint.execution());
        cycles = checkpoint.cycles();
    }

    // ---- settings, status, version --------------------------------------------------------------

    DefiniteCanisterSettings settings() {
        return settings;
    }

    void applySettings(CanisterSettings changes) {
        settings = settings.with(changes);
    }

    boolean isController(Principal principal) {
        return settings.controllers().contains(principal);
    }

    CanisterStatus status() {
        return status;
    }

    void changeStatus(CanisterStatus next) {
        status = next;
    }

    long version() {
        return version;
    }

    void bumpVersion() {
        version++;
    }

    // ---- cycles ---------------------------------------------------------------------------------

    BigInteger cycles() {
        return cycles;
    }

    void addCycles(BigInteger amount) {
        cycles = cycles.add(amount);
    }

    /** Takes {@code amount}; the caller has checked that the balance holds it. */
    void withdrawCycles(BigInteger amount) {
        cycles = cycles.subtract(amount);
    }

    /** Takes a fee, or what is left when the balance cannot pay all of it. */
    void chargeFee(BigInteger fee) {
        cycles = cycles.subtract(fee).max(BigInteger.ZERO);
    }

    /**
     * Marks storage as charged up to {@code nowNanos}; returns the nanoseconds since the last charge (the time to
     * charge for).
     */
    long storageUnchargedUntil(long nowNanos) {
        long elapsed = nowNanos - storageChargedUntilNanos;
        storageChargedUntilNanos = nowNanos;
        return elapsed;
    }

    // ---- calls ----------------------------------------------------------------------------------

    /** Registers a callback for an outgoing call; returns its id. */
    long registerCallback(Callback callback) {
        long callbackId = nextCallbackId++;
        callbacks.put(callbackId, callback);
        return callbackId;
    }

    /** Removes and returns the callback a response is for; null when it is gone (e.g. the code was replaced). */
    Callback takeCallback(long callbackId) {
        return callbacks.remove(callbackId);
    }

    /** Removes every callback (the code that would run them was replaced); returns them. */
    List<Callback> dropCallbacks() {
        List<Callback> dropped = new ArrayList<>(callbacks.values());
        callbacks.clear();
        return dropped;
    }

    Map<Long, Callback> callbacks() {
        return Collections.unmodifiableMap(callbacks);
    }

    void openCallContext() {
        openCallContexts++;
    }

    void closeCallContext() {
        openCallContexts--;
    }

    boolean hasOpenCallContexts() {
        return openCallContexts > 0;
    }

    void addStopWaiter(CallOrigin origin) {
        stopWaiters.add(origin);
    }

    /** Removes and returns the {@code stop_canister} calls waiting for this canister. */
    List<CallOrigin> takeStopWaiters() {
        List<CallOrigin> waiters = List.copyOf(stopWaiters);
        stopWaiters.clear();
        return waiters;
    }

    boolean lowMemoryHookRan() {
        return lowMemoryHookRan;
    }

    void setLowMemoryHookRan(boolean ran) {
        lowMemoryHookRan = ran;
    }

    // ---- chunk store, log, history, snapshots ---------------------------------------------------

    WasmChunkStore chunkStore() {
        return chunkStore;
    }

    CanisterLog log() {
        return log;
    }

    CanisterHistory history() {
        return history;
    }

    /** The canister's snapshots, oldest first. */
    List<CanisterSnapshot> snapshots() {
        return Collections.unmodifiableList(snapshots);
    }

    void addSnapshot(CanisterSnapshot snapshot) {
        snapshots.add(snapshot);
    }

    void deleteSnapshot(CanisterSnapshot snapshot) {
        snapshots.remove(snapshot);
    }

    void deleteAllSnapshots() {
        snapshots.clear();
    }

    long nextSnapshotNumber() {
        return nextSnapshotNumber++;
    }

    // ---- memory ---------------------------------------------------------------------------------

    /** Bytes the canister uses, as storage fees and {@code canister_status} count them. */
    long memoryBytes() {
        return execution.memoryBytes() + chunkStore.memoryBytes() + snapshotsBytes();
    }

    /** Bytes the canister's snapshots occupy (they count towards its memory usage, as on the IC). */
    long snapshotsBytes() {
        return snapshots.stream().mapToLong(CanisterSnapshot::totalSize).sum();
    }

    /** Bytes a snapshot taken now would occupy. */
    long snapshotSizeNow() {
        return execution.memoryBytes() + execution.certifiedData().length + chunkStore.memoryBytes();
    }
}
