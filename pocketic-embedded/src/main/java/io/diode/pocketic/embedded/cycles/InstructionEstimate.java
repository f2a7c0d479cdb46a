package io.diode.pocketic.embedded.cycles;

/**
 * How many instructions the engine charges for an execution it did not meter. GraalWasm does not count Wasm
 * instructions, so the engine charges a fixed estimate per execution instead of the IC's exact count (see
 * the "Cycles model" section of the module README for what that means for tests).
 *
 * <p>The figures are order-of-magnitude guesses for small canisters, not measurements (nothing here counts
 * instructions). Since the base fee of an update (5M cycles) dominates for small messages, the error per
 * message is small in absolute terms, but it is there: tests should assert bounds on balances after
 * executions, not exact values.
 */
public final class InstructionEstimate {

    /** An update message, heartbeat, timer or response callback. */
    public static final long PER_MESSAGE = 100_000L;

    /** {@code install_code} in any mode: {@code canister_init}, or {@code pre_upgrade} + {@code post_upgrade}. */
    public static final long PER_INSTALL = 5_000_000L;

    private InstructionEstimate() {
    }
}
