package io.diode.pocketic.embedded.engine;

/** The bytes given to install_code are not a WebAssembly module the IC accepts. */
final class InvalidCanisterCodeException extends RuntimeException {

    InvalidCanisterCodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
