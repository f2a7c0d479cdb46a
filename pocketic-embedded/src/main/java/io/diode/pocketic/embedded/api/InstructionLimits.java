package io.diode.pocketic.embedded.api;

/**
 * How many instructions one execution may use, per kind of execution, as the IC's replica limits them on an
 * application subnet ({@link #APPLICATION_SUBNET}: {@code rs/config/src/subnet_config.rs} and
 * {@code execution_environment.rs}). Exceeding one fails the execution with {@code IC0522} "Canister exceeded the
 * limit of N instructions for single message execution." and rolls it back. Smaller limits make the rejects easy to
 * reach in tests.
 *
 * @param update an update message, a response callback, a cleanup, a timer or a heartbeat (40 billion)
 * @param query a query, and each execution within a composite query's call graph (5 billion)
 * @param install one {@code install_code}: start function and {@code canister_init}, or {@code pre_upgrade}, start
 *        function and {@code post_upgrade} together (300 billion)
 * @param inspectMessage {@code canister_inspect_message} (200 million)
 * @param compositeQueryCallGraph all executions of one composite query's call graph together, each call also
 *        counting 50 million (5 billion, IC0526)
 */
public record InstructionLimits(
        long update, long query, long install, long inspectMessage, long compositeQueryCallGraph) {

    private static final long B = 1_000_000_000L;

    /** The replica's limits on an application subnet. */
    public static final InstructionLimits APPLICATION_SUBNET =
            new InstructionLimits(40 * B, 5 * B, 300 * B, 200_000_000L, 5 * B);

    public InstructionLimits {
        if (update <= 0 || query <= 0 || install <= 0 || inspectMessage <= 0 || compositeQueryCallGraph <= 0) {
            throw new IllegalArgumentException("instruction limits must be positive: " + update + ", " + query + ", "
                    + install + ", " + inspectMessage + ", " + compositeQueryCallGraph);
        }
    }
}
