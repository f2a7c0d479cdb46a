package io.diode.pocketic.client;

/** The instance this client talks to no longer exists: deleted by this client, another client or the server. */
public class InstanceDeletedException extends PocketIcException {

    public InstanceDeletedException(String message, int httpStatus) {
        super(message, httpStatus, null);
    }
}
