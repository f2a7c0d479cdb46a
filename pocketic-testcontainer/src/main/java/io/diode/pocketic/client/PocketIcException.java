package io.diode.pocketic.client;

import java.util.OptionalInt;

/**
 * A PocketIC server could not do what the client asked: it answered with an error, an answer the client cannot
 * read, or not at all. Canister rejects are {@link CanisterCallException}s instead.
 */
public class PocketIcException extends RuntimeException {

    private final int httpStatus;

    public PocketIcException(String message) {
        this(message, -1, null);
    }

    public PocketIcException(String message, Throwable cause) {
        this(message, -1, cause);
    }

    public PocketIcException(String message, int httpStatus, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
    }

    /** The HTTP status of the server's answer, when there was one. */
    public OptionalInt httpStatus() {
        return httpStatus < 0 ? OptionalInt.empty() : OptionalInt.of(httpStatus);
    }
}
