package io.diode.pocketic.embedded.management.candid;

/** A Candid message that is malformed or whose values do not have the expected types; says where. */
public final class CandidDecodingException extends RuntimeException {

    public CandidDecodingException(String message) {
        super(message);
    }

    public CandidDecodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
