package io.diode.pocketic.embedded.engine;

/**
 * The instructions one execution (or the hooks of one {@code install_code}, which share a limit) has used and may
 * still use: the canister's own WebAssembly instructions, which the module counts itself (see the WASM layer's
 * instruction metering), plus what the system API charges for its calls. The sandbox's counter is set from here
 * before code runs and read back when it stops.
 */
final class InstructionBudget {

    /** A system API charge this large is checked against the limit at once (reading the counter costs a call). */
    private static final long CHECK_AT_ONCE = 1_000_000L;

    final long limit;
    /** Instructions of finished runs plus every system API charge so far. */
    private long used;
    /** The sandbox whose counter is running, and the value it was set to; null between runs. */
    private CanisterSandbox running;

    private long counterAtStart;

    InstructionBudget(long limit) {
        this.limit = limit;
    }

    /** Lets {@code sandbox} run on what is left of the budget. */
    void start(CanisterSandbox sandbox) {
        counterAtStart = limit - used;
        sandbox.setInstructionCounter(counterAtStart, limit);
        running = sandbox;
    }

    /** The code stopped (returned or trapped): its instructions join the count. Does nothing if not running. */
    void stop() {
        if (running != null) {
            used += counterAtStart - running.instructionCounter();
            running = null;
        }
    }

    /**
     * A system API call's cost: its fixed overhead plus its per-byte part.
     *
     * @throws CanisterTrap (instruction limit) if that exceeds the budget
     */
    void charge(long instructions) {
        used = saturatingAdd(used, instructions);
        if (used > limit || instructions >= CHECK_AT_ONCE && usedNow() > limit) {
            throw CanisterTrap.instructionLimitExceeded(limit);
        }
    }

    /** Instructions used so far, including those of the code running now ({@code ic0.performance_counter}). */
    long usedNow() {
        return running == null ? used : saturatingAdd(used, counterAtStart - running.instructionCounter());
    }

    /** @throws CanisterTrap (instruction limit) if the execution used more than its limit */
    void checkWithinLimit() {
        if (usedNow() > limit) {
            throw CanisterTrap.instructionLimitExceeded(limit);
        }
    }

    private static long saturatingAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
