package io.diode.pocketic.embedded.wasm;

/**
 * The bytes given as a WebAssembly module cannot be used: they are not WASM, are truncated or malformed, use a
 * feature this runtime does not support, or fail to link (for example an import nobody provides). The message says
 * what is wrong and, where it helps, at which byte offset.
 */
public class InvalidWasmException extends RuntimeException {

    public InvalidWasmException(String message) {
        super(message);
    }

    public InvalidWasmException(String message, Throwable cause) {
        super(message, cause);
    }
}
