package io.diode.pocketic.embedded.engine;

/**
 * One instantiated canister module as the engine uses it: run exports and table callbacks, access linear
 * memory, and snapshot/restore its whole state (memory, globals, table) so a trapping message leaves no trace.
 * Every method that runs canister code throws {@link CanisterTrap} when the code traps.
 */
interface CanisterSandbox extends AutoCloseable {

    /**
     * Runs the module's WebAssembly start function, if it has one. Instantiation does not run it, so that an
     * upgrade can put the kept main memory in place first, as the IC does.
     */
    void start();

    /** Runs the exported function {@code export} (no arguments, no results). */
    void invoke(String export);

    /** Runs the function at {@code tableIndex} of the module's table with {@code env} as its argument. */
    void invokeCallback(long tableIndex, long env);

    /**
     * Sets the instruction counter before code runs: it may execute {@code remaining} more instructions, and running
     * out traps with the reject for {@code limit} (the execution's whole limit).
     */
    void setInstructionCounter(long remaining, long limit);

    /** What is left of the counter: negative once the code ran out. */
    long instructionCounter();

    long memorySize();

    /** @throws CanisterTrap (heap out of bounds) when the range is outside the memory */
    void read(long address, byte[] destination, int offset, int length);

    /** @throws CanisterTrap (heap out of bounds) when the range is outside the memory */
    void write(long address, byte[] source, int offset, int length);

    /** Grows the memory to at least {@code bytes} (for upgrades that keep main memory). */
    void growMemoryTo(long bytes);

    /**
     * Saves the instance's state for a rollback of the message about to run. At most one is live at a time: taking a
     * new one commits the message before and invalidates the previous (the implementation keeps only an undo log of
     * what the message overwrites).
     */
    Object snapshot();

    /**
     * Saves the instance's state in a snapshot of its own, which stays valid while {@link #snapshot()} is taken and
     * restored meanwhile: a composite query keeps one per canister it involves, across the messages it runs there.
     * It copies the whole state, or forks the newest one the implementation still holds.
     */
    Object independentSnapshot();

    void restore(Object snapshot);

    @Override
    void close();
}
