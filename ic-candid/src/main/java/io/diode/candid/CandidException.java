package io.diode.candid;

/** A Candid message or type that cannot be read, written or parsed; the message says where and why. */
public class CandidException extends RuntimeException {

    public CandidException(String message) {
        super(message);
    }

    public CandidException(String message, Throwable cause) {
        super(message, cause);
    }
}
