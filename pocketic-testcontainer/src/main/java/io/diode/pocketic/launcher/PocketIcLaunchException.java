package io.diode.pocketic.launcher;

/** A PocketIC server could not be started; the message says why and what to do about it. */
public class PocketIcLaunchException extends RuntimeException {

    public PocketIcLaunchException(String message) {
        super(message);
    }

    public PocketIcLaunchException(String message, Throwable cause) {
        super(message, cause);
    }
}
