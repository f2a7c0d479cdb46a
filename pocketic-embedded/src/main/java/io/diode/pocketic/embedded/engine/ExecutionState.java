package io.diode.pocketic.embedded.engine;

/**
 * What a canister's code runs against, and what a trap rolls back and a canister snapshot saves as a unit: the module
 * and its instance (Wasm memory, globals, table), stable memory, certified data and the global timer.
 *
 * <p>The replica keeps the module, memories and globals in its {@code ExecutionState} and certified data and the timer
 * in its {@code SystemState}; but a message's changes to those two reach the system state only when the message
 * succeeds ({@code SystemStateModifications}), and {@code take_canister_snapshot} saves them with the memories
 * ({@code CanisterSnapshot}, {@code ExecutionStateSnapshot}). Keeping them together here makes a message's checkpoint
 * and a canister snapshot cover the same state by construction: a field added here is rolled back and snapshotted.
 *
 * <p>An empty canister (created, or uninstalled) has an execution state without a module: no instance, empty stable
 * memory. Installing, upgrading or loading a snapshot of another module replaces the whole object.
 */
final class ExecutionState {

    /** null while the canister is empty. */
    private final CanisterCode code;

    private final CanisterSandbox sandbox;
    /** The system API the instance's imports are bound to. */
    private final SystemApi systemApi;

    private final StableMemory stableMemory;
    private byte[] certifiedData;
    /** Nanoseconds since the epoch; 0 = no timer set. */
    private long globalTimer;

    /**
     * The state at one moment. {@code sandboxState} is the WASM layer's snapshot: a message checkpoint's
     * ({@link CanisterSandbox#snapshot()}) restores only into the instance it came from; an independent one also into a
     * new instance of the same module.
     */
    record Saved(
            CanisterCode code,
            CanisterSandbox sandbox,
            Object sandboxState,
            long wasmMemoryBytes,
            StableMemory.Snapshot stableMemory,
            byte[] certifiedData,
            long globalTimer) {

        /** Bytes the saved state occupies: module, main and stable memory, certified data. */
        long sizeInBytes() {
            return (code == null ? 0 : code.size())
                    + wasmMemoryBytes
                    + stableMemory.pageCount() * StableMemory.PAGE_SIZE
                    + certifiedData.length;
        }
    }

    private ExecutionState(
            CanisterCode code,
            CanisterSandbox sandbox,
            SystemApi systemApi,
            StableMemory stableMemory,
            byte[] certifiedData,
            long globalTimer) {
        this.code = code;
        this.sandbox = sandbox;
        this.systemApi = systemApi;
        this.stableMemory = stableMemory;
        this.certifiedData = certifiedData;
        this.globalTimer = globalTimer;
    }

    static ExecutionState empty() {
        return new ExecutionState(null, null, null, new StableMemory(), new byte[0], 0);
    }

    /**
     * A new instance of {@code code} for {@code canister}, its imports bound to a new system API; the start function
     * has not run. The global timer is off.
     *
     * @throws CanisterTrap                 when instantiation traps (e.g. a data segment out of bounds)
     * @throws InvalidCanisterCodeException when the module cannot be instantiated
     */
    static ExecutionState instantiate(
            Subnet subnet, Canister canister, CanisterCode code, StableMemory stableMemory, byte[] certifiedData) {
        SystemApi api = new SystemApi(subnet, canister);
        return new ExecutionState(code, code.instantiate(api.imports()), api, stableMemory, certifiedData, 0);
    }

    /**
     * The new execution state of an upgrade that keeps main memory ({@code wasm_memory_persistence = keep}): a new
     * instance of {@code code} over {@code old}'s memory, with its stable memory and certified data; the start
     * function has not run and the timer is off. The instance takes the old memory over where the two modules can
     * share it (closing {@code old} hands it over, closing the new state first gives it back), and otherwise gets
     * a copy.
     *
     * @throws CanisterTrap                 when instantiation traps, or the copy does not fit the new module
     * @throws InvalidCanisterCodeException when the module cannot be instantiated
     */
    static ExecutionState instantiateKeepingMemory(
            Subnet subnet, Canister canister, CanisterCode code, ExecutionState old) {
        SystemApi api = new SystemApi(subnet, canister);
        CanisterSandbox sandbox = code.instantiateOverMemoryOf(old.sandbox, api.imports())
                .orElseGet(() -> instantiateWithCopyOf(code, api, old.sandbox));
        return new ExecutionState(code, sandbox, api, old.stableMemory, old.certifiedData, 0);
    }

    private static CanisterSandbox instantiateWithCopyOf(CanisterCode code, SystemApi api, CanisterSandbox old) {
        byte[] mainMemory = new byte[Math.toIntExact(old.memorySize())];
        old.read(0, mainMemory, 0, mainMemory.length);
        CanisterSandbox sandbox = code.instantiate(api.imports());
        try {
            sandbox.growMemoryTo(mainMemory.length);
            sandbox.write(0, mainMemory, 0, mainMemory.length);
        } catch (RuntimeException e) {
            sandbox.close();
            throw e;
        }
        return sandbox;
    }

    boolean isEmpty() {
        return code == null;
    }

    CanisterCode code() {
        return code;
    }

    CanisterSandbox sandbox() {
        return sandbox;
    }

    SystemApi systemApi() {
        return systemApi;
    }

    StableMemory stableMemory() {
        return stableMemory;
    }

    long wasmMemoryBytes() {
        return sandbox == null ? 0 : sandbox.memorySize();
    }

    byte[] certifiedData() {
        return certifiedData;
    }

    void setCertifiedData(byte[] data) {
        certifiedData = data;
    }

    long globalTimer() {
        return globalTimer;
    }

    /** Sets the timer (0 deactivates it); returns the previous value. */
    long setGlobalTimer(long nanos) {
        long previous = globalTimer;
        globalTimer = nanos;
        return previous;
    }

    /** Bytes the state occupies: module, main and stable memory (certified data is not counted, as on the IC). */
    long memoryBytes() {
        return (code == null ? 0 : code.size()) + wasmMemoryBytes() + stableMemory.sizeInBytes();
    }

    /** Saves the state for a rollback of the message about to run (cheap: the WASM layer logs what it overwrites). */
    Saved save() {
        return new Saved(
                code,
                sandbox,
                sandbox == null ? null : sandbox.snapshot(),
                wasmMemoryBytes(),
                stableMemory.snapshot(),
                certifiedData,
                globalTimer);
    }

    /**
     * Saves the state in a copy of its own: it stays valid while other checkpoints are taken and restored, and it
     * restores into a new instance of the same module (canister snapshots, composite queries).
     */
    Saved saveIndependently() {
        return new Saved(
                code,
                sandbox,
                sandbox == null ? null : sandbox.independentSnapshot(),
                wasmMemoryBytes(),
                stableMemory.snapshot(),
                certifiedData,
                globalTimer);
    }

    /** Puts back a state saved from this module (from this instance, or independently from any instance of it). */
    void restore(Saved saved) {
        if (saved.code() != code) {
            throw new IllegalArgumentException("a state saved from another module cannot be restored here");
        }
        if (sandbox != null && saved.sandboxState() != null) {
            sandbox.restore(saved.sandboxState());
        }
        stableMemory.restore(saved.stableMemory());
        certifiedData = saved.certifiedData();
        globalTimer = saved.globalTimer();
    }

    /** Releases the instance; the state is not used afterwards. */
    void close() {
        if (sandbox != null) {
            sandbox.close();
        }
    }
}
