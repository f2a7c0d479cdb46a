package io.diode.maven.release;

/**
 * A canister (or the management canister) rejected a call, or trapped while handling it. Carries the IC reject
 * code (1 system fatal, 2 system transient, 3 destination invalid, 4 canister reject, 5 canister error) when the
 * replica reported one.
 */
public class CanisterCallException extends ReleaseException {
    private final int rejectCode;

    public CanisterCallException(int rejectCode, String message) {
        super(message);
        this.rejectCode = rejectCode;
    }

    /** The IC reject code, or 0 when the replica did not report one. */
    public int rejectCode() {
        return rejectCode;
    }
}
