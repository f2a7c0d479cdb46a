package io.diode.maven.release;

/**
 * A release goal cannot go on for a reason the user can fix (bad configuration, bad identity file, unreachable
 * network, a canister that rejected a call). The message says what happened and what to do; goals report it
 * without a stack trace.
 */
public class ReleaseException extends Exception {
    public ReleaseException(String message) {
        super(message);
    }

    public ReleaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
