package io.diode.pocketic.embedded.wasm;

/**
 * The WASM code trapped (or was stopped): {@link #kind()} classifies it, the message is the runtime's own
 * description (such as "integer divide by zero"). The instance's state may be half-updated: restore a
 * {@link WasmInstance.Snapshot} taken before the call to roll it back, as the IC does.
 */
public class WasmTrap extends RuntimeException {

    /** What made the code stop. */
    public enum Kind {
        /** the {@code unreachable} instruction */
        UNREACHABLE,
        /** a memory, table or data access out of bounds */
        OUT_OF_BOUNDS,
        /** integer division or remainder by zero */
        DIVIDE_BY_ZERO,
        /** integer overflow (division of the minimum value by -1, or a float-to-int conversion) */
        INTEGER_OVERFLOW,
        /** {@code call_indirect} to a null entry or of the wrong signature */
        INDIRECT_CALL,
        /** the call stack ran out (deep recursion) */
        STACK_OVERFLOW,
        /** memory or another resource could not be allocated */
        RESOURCE_EXHAUSTED,
        /** the execution time limit ran out (see {@link WasmInstance#setExecutionTimeLimit}) */
        LIMIT_EXCEEDED,
        /** the instruction counter ran out (see {@link WasmInstance#setInstructionCounter}) */
        OUT_OF_INSTRUCTIONS,
        /** any other trap */
        OTHER
    }

    private final Kind kind;

    public WasmTrap(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public WasmTrap(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
