package io.diode.pocketic.client;

/** The server did not answer within the client's timeout; the request may or may not have taken effect. */
public class PocketIcTimeoutException extends PocketIcException {

    public PocketIcTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
