package io.diode.pocketic.embedded.engine;

import io.diode.pocketic.embedded.api.CallResult;

/**
 * A canister's execution ends abnormally: it called {@code ic0.trap}, broke the system API's contract, or
 * its code trapped. Thrown from host functions through the WASM layer; the executor rolls the canister back
 * and turns it into the reject the IC would give.
 */
public final class CanisterTrap extends RuntimeException {

    /** What kind of trap, which decides the IC error code. */
    public enum Kind {
        /** {@code ic0.trap} called by the canister: IC0503. */
        CALLED_TRAP(503),
        /** The WebAssembly code trapped (unreachable, out of bounds, ...): IC0502. */
        WASM_TRAP(502),
        /** A system API function called where the spec forbids it, or with bad arguments: IC0504. */
        CONTRACT_VIOLATION(504),
        /** The canister's memory would exceed a limit: IC0507 / IC0532. */
        OUT_OF_MEMORY(507),
        /** The message ran out of instructions: IC0522. */
        INSTRUCTION_LIMIT(522),
        /** The Wasm memory exceeded the canister's {@code wasm_memory_limit} setting: IC0539. */
        WASM_MEMORY_LIMIT(539);

        private final int errorCode;

        Kind(int errorCode) {
            this.errorCode = errorCode;
        }

        public String errorCode() {
            return String.format("IC%04d", errorCode);
        }
    }

    private static final String HELP = "Consider gracefully handling failures from this canister or altering the"
            + " canister to handle exceptions.";
    private static final String DOCUMENTATION = "https://internetcomputer.org/docs/current/references/execution-errors";

    private final Kind kind;
    private boolean withoutHelp;

    public CanisterTrap(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    /** The replica's text for an execution that ran out of instructions (HypervisorError::InstructionLimitExceeded). */
    public static CanisterTrap instructionLimitExceeded(long limit) {
        return new CanisterTrap(
                Kind.INSTRUCTION_LIMIT,
                "Canister exceeded the limit of " + limit + " instructions for single message execution");
    }

    public static CanisterTrap contractViolation(String message) {
        return new CanisterTrap(Kind.CONTRACT_VIOLATION, message);
    }

    /**
     * A contract violation for which the replica offers no suggestion (a missing environment variable, say): its
     * reject text ends with the description, without the help text.
     */
    public static CanisterTrap contractViolationWithoutHelp(String message) {
        CanisterTrap trap = new CanisterTrap(Kind.CONTRACT_VIOLATION, message);
        trap.withoutHelp = true;
        return trap;
    }

    public Kind kind() {
        return kind;
    }

    /** The reject the IC gives for this trap in canister {@code canister}. */
    public CallResult.Reject toReject(String canister) {
        String text = "Error from Canister " + canister + ": " + description();
        return new CallResult.Reject(
                io.diode.pocketic.embedded.api.RejectCode.CANISTER_ERROR,
                withoutHelp || kind == Kind.WASM_MEMORY_LIMIT ? text : text + ".\n" + HELP + documentation(),
                kind.errorCode());
    }

    /**
     * The reject when a reply or reject callback trapped and so did the cleanup that ran after it: the replica's
     * {@code HypervisorError::Cleanup} text, which joins the two descriptions and carries the callback's code.
     */
    public CallResult.Reject toRejectWithFailedCleanup(String canister, CanisterTrap cleanup) {
        return new CallResult.Reject(
                io.diode.pocketic.embedded.api.RejectCode.CANISTER_ERROR,
                "Error from Canister " + canister + ": " + description() + "\n\ncall_on_cleanup also failed:\n\n"
                        + cleanup.description(),
                kind.errorCode());
    }

    /** The replica's description of the trap, without the canister and the help text. */
    String description() {
        return switch (kind) {
            case CALLED_TRAP -> "Canister called `ic0.trap` with message: '" + getMessage() + "'";
            case WASM_TRAP -> "Canister trapped: " + getMessage();
            case CONTRACT_VIOLATION -> "Canister violated contract: " + getMessage();
            case OUT_OF_MEMORY -> "Canister exceeded its memory: " + getMessage();
            case INSTRUCTION_LIMIT, WASM_MEMORY_LIMIT -> getMessage();
        };
    }

    /** The link the replica appends to the help text, for the kinds whose link the replica's output shows. */
    private String documentation() {
        return switch (kind) {
            case CALLED_TRAP -> " See documentation: " + DOCUMENTATION + "#trapped-explicitly";
            case WASM_TRAP -> " See documentation: " + DOCUMENTATION + "#trapped";
            default -> "";
        };
    }
}
