package io.diode.pocketic.embedded.wasm;

import java.util.List;

/**
 * The element section: steps over it when parsing, and rewrites the offsets of active segments that target an i64
 * table into i32 offsets when lowering table64.
 */
final class ElementSegments {

    private ElementSegments() {}

    static void skipAll(BinaryReader reader) {
        int count = reader.readSize("element segment count");
        for (int i = 0; i < count; i++) {
            copySegment(reader, null, null);
        }
    }

    /** The element section content with every active segment's offset into a table64 turned into an i32 offset. */
    static byte[] lowerTable64Offsets(BinaryReader reader, List<TableType> tables) {
        BinaryWriter writer = new BinaryWriter(reader.limit() - reader.position() + 16);
        int count = reader.readSize("element segment count");
        writer.writeU32(count);
        for (int i = 0; i < count; i++) {
            copySegment(reader, writer, tables);
        }
        return writer.toByteArray();
    }

    /** Reads one segment; when a writer is given, writes it out again with table64 offsets lowered. */
    private static void copySegment(BinaryReader reader, BinaryWriter writer, List<TableType> tables) {
        int offset = reader.position();
        int flags = reader.readU32();
        if (flags > 7) {
            throw new InvalidWasmException("invalid element segment flags " + flags + " at offset " + offset);
        }
        if (writer != null) {
            writer.writeU32(flags);
        }
        boolean passiveOrDeclarative = (flags & 0x01) != 0;
        boolean explicitTable = (flags & 0x02) != 0;
        boolean usesExpressions = (flags & 0x04) != 0;
        if (!passiveOrDeclarative) {
            int table = 0;
            if (explicitTable) {
                table = reader.readSize("table index");
                if (writer != null) {
                    writer.writeU32(table);
                }
            }
            copyOffset(reader, writer, tables, table);
        }
        if (passiveOrDeclarative || explicitTable) {
            // an element kind (0x00 = funcref) or, with expressions, a reference type
            int kind = reader.readByte();
            if (writer != null) {
                writer.writeByte(kind);
            }
        }
        int start = reader.position();
        int items = reader.readSize("element count");
        for (int i = 0; i < items; i++) {
            if (usesExpressions) {
                InstructionDecoder.skipConstantExpression(reader);
            } else {
                reader.readU32();
            }
        }
        if (writer != null) {
            writer.writeBytes(reader.bytes(), start, reader.position() - start);
        }
    }

    private static void copyOffset(BinaryReader reader, BinaryWriter writer, List<TableType> tables, int table) {
        int start = reader.position();
        boolean table64 = tables != null
                && table < tables.size()
                && tables.get(table).limits().address64();
        if (writer == null || !table64) {
            InstructionDecoder.skipConstantExpression(reader);
            if (writer != null) {
                writer.writeBytes(reader.bytes(), start, reader.position() - start);
            }
            return;
        }
        int opcode = reader.readByte();
        if (opcode != 0x42) {
            throw new InvalidWasmException(String.format(
                    "unsupported offset expression (opcode 0x%02X) at offset %d"
                            + " for an element segment of table64 table %d: only i64.const offsets can be lowered",
                    opcode, start, table));
        }
        long value = reader.readS64();
        int end = reader.readByte();
        if (end != WasmOpcodes.END) {
            throw new InvalidWasmException("unsupported offset expression at offset " + start + " for table64 table "
                    + table + ": only a single i64.const can be lowered");
        }
        if (value < 0 || value > 0xFFFFFFFFL) {
            throw new InvalidWasmException("element segment offset " + Long.toUnsignedString(value) + " at offset "
                    + start + " does not fit a 32-bit table index");
        }
        writer.writeByte(0x41).writeS32((int) value).writeByte(WasmOpcodes.END);
    }
}
