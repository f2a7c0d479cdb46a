package io.diode.pocketic.embedded.wasm;

/** A table's element type (funcref or externref) and limits. */
public record TableType(ValueType elementType, Limits limits) {

    static TableType read(BinaryReader reader) {
        int offset = reader.position();
        ValueType elementType = ValueType.fromCode(reader.readByte(), offset);
        if (!elementType.isReference()) {
            throw new InvalidWasmException(
                    "table at offset " + offset + " has non-reference element type " + elementType);
        }
        return new TableType(elementType, Limits.read(reader));
    }
}
