package io.diode.pocketic.embedded.wasm;

/** What an import or export refers to. */
public enum ExternalKind {
    FUNCTION,
    TABLE,
    MEMORY,
    GLOBAL,
    TAG;

    static ExternalKind fromCode(int code, int offset) {
        if (code < 0 || code >= values().length) {
            throw new InvalidWasmException(
                    String.format("invalid import/export kind 0x%02X at offset %d", code, offset));
        }
        return values()[code];
    }
}
