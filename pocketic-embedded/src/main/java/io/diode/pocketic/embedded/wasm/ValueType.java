package io.diode.pocketic.embedded.wasm;

/** The WASM value types this runtime understands, with their binary encodings. */
public enum ValueType {
    I32(0x7F),
    I64(0x7E),
    F32(0x7D),
    F64(0x7C),
    V128(0x7B),
    FUNCREF(0x70),
    EXTERNREF(0x6F);

    private final int code;

    ValueType(int code) {
        this.code = code;
    }

    /** The byte that encodes this type in a WASM binary. */
    public int code() {
        return code;
    }

    public boolean isReference() {
        return this == FUNCREF || this == EXTERNREF;
    }

    static boolean isValueTypeCode(int code) {
        for (ValueType type : values()) {
            if (type.code == code) {
                return true;
            }
        }
        return false;
    }

    static ValueType fromCode(int code, int offset) {
        for (ValueType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        throw new InvalidWasmException(String.format(
                "unsupported value type 0x%02X at offset %d (typed function references and GC types are not supported)",
                code, offset));
    }
}
