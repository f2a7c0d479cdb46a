package io.diode.pocketic.embedded.wasm;

/** A global's value type and mutability. */
public record GlobalType(ValueType valueType, boolean mutable) {

    static GlobalType read(BinaryReader reader) {
        int offset = reader.position();
        ValueType type = ValueType.fromCode(reader.readByte(), offset);
        int mutability = reader.readByte();
        if (mutability > 1) {
            throw new InvalidWasmException("invalid global mutability " + mutability + " at offset " + (offset + 1));
        }
        return new GlobalType(type, mutability == 1);
    }
}
