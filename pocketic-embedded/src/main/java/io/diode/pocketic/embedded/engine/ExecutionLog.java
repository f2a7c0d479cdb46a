package io.diode.pocketic.embedded.engine;

/**
 * One line per finished execution, at debug level on the logger {@value #LOGGER}: which canister ran what, and how
 * many instructions it counted (as the replica's metering would). Enable that logger to see where a slow test spends
 * its work, or to tell a message that is heavy on the IC too from one that is only slow here.
 */
final class ExecutionLog {

    static final String LOGGER = "io.diode.pocketic.embedded.execution";

    private static final System.Logger LOG = System.getLogger(LOGGER);

    private ExecutionLog() {}

    /**
     * @param what         the entry point, and the method where there is one ("update go", "install_code upgrade")
     * @param instructions what the execution counted, capped at its limit
     */
    static void executed(Canister canister, String what, long instructions) {
        if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
            LOG.log(System.Logger.Level.DEBUG, "[Canister {0}] {1}: {2} instructions", canister.id, what, instructions);
        }
    }
}
