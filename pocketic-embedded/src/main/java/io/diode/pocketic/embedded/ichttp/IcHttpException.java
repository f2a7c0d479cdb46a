package io.diode.pocketic.embedded.ichttp;

/**
 * A request the IC HTTP interface refuses, with the HTTP status a replica answers it with (400 for malformed
 * envelopes, failed signatures and expired requests, as the replica's HTTP endpoint does) and a message that
 * tells the client what to fix.
 */
public final class IcHttpException extends RuntimeException {

    private final int httpStatus;

    public IcHttpException(int httpStatus, String message) {
        super(message);
        this.httpStatus = httpStatus;
    }

    public IcHttpException(int httpStatus, String message, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
    }

    public static IcHttpException badRequest(String message) {
        return new IcHttpException(400, message);
    }

    public int httpStatus() {
        return httpStatus;
    }
}
