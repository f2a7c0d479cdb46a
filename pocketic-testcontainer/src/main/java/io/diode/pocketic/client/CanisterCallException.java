package io.diode.pocketic.client;

/**
 * A canister call was rejected: the canister trapped, rejected the message, or the system refused it. Carries
 * what the IC reports, so tests can assert on the reject code and the IC error code ({@code CanisterCalledTrap},
 * the name of {@code IC0503}).
 */
public class CanisterCallException extends RuntimeException {

    private final RejectCode rejectCode;
    private final String errorCode;
    private final String rejectMessage;
    private final boolean certified;

    public CanisterCallException(
            String method, RejectCode rejectCode, String errorCode, String rejectMessage, boolean certified) {
        super("call to " + method + " rejected (" + rejectCode.pocketIcName() + ", " + errorCode + "): "
                + rejectMessage);
        this.rejectCode = rejectCode;
        this.errorCode = errorCode;
        this.rejectMessage = rejectMessage;
        this.certified = certified;
    }

    public RejectCode rejectCode() {
        return rejectCode;
    }

    /** The IC error code as PocketIC names it, e.g. {@code CanisterCalledTrap} or {@code CanisterNotFound}. */
    public String errorCode() {
        return errorCode;
    }

    public String rejectMessage() {
        return rejectMessage;
    }

    /** Whether the reject went through consensus (update calls) rather than a single replica (queries). */
    public boolean certified() {
        return certified;
    }
}
