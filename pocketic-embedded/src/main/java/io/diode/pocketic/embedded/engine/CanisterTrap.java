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

    private final Kind kind;

    public CanisterTrap(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    /** The replica's text for an execution that ran out of instructions (HypervisorError::InstructionLimitExceeded). */
    public static CanisterTrap instructionLimitExceeded(long limit) {
        return new CanisterTrap(Kind.INSTRUCTION_LIMIT, "Canister exceeded the limit of " + limit
                + " instructions for single message execution");
    }

    public static CanisterTrap contractViolation(String message) {
        return new CanisterTrap(Kind.CONTRACT_VIOLATION, message);
    }

    public Kind kind() {
        return kind;
    }

    /** The reject the IC gives for this trap in canister {@code canister}. */
    public CallResult.Reject toReject(String canister) {
        String text = switch (kind) {
            case CALLED_TRAP -> "Error from Canister " + canister + ": Canister called `ic0.trap` with message: '"
                    + getMessage() + "'";
            case WASM_TRAP -> "Error from Canister " + canister + ": Canister trapped: " + getMessage();
            case CONTRACT_VIOLATION -> "Error from Canister " + canister
                    + ": Canister violated contract: " + getMessage();
            case OUT_OF_MEMORY -> "Error from Canister " + canister + ": Canister exceeded its memory: "
                    + getMessage();
            case INSTRUCTION_LIMIT -> "Error from Canister " + canister + ": " + getMessage();
            case WASM_MEMORY_LIMIT -> "Error from Canister " + canister + ": " + getMessage();
        };
        if (kind == Kind.WASM_MEMORY_LIMIT) {
            return new CallResult.Reject(io.diode.pocketic.embedded.api.RejectCode.CANISTER_ERROR, text,
                    kind.errorCode());
        }
        return new CallResult.Reject(io.diode.pocketic.embedded.api.RejectCode.CANISTER_ERROR,
                text + ".\nConsider gracefully handling failures from this canister or altering the canister"
                        + " to handle exceptions.", kind.errorCode());
    }
}
