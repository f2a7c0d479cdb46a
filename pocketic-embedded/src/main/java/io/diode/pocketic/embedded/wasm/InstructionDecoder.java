package io.diode.pocketic.embedded.wasm;

import static io.diode.pocketic.embedded.wasm.WasmOpcodes.END;

/**
 * Steps over one instruction at a time, so passes that rewrite code can find the instructions they care about and
 * copy everything else untouched. It knows the immediates of the MVP, sign extension, saturating truncation, bulk
 * memory, reference types, tail calls, SIMD, threads, multi-memory and memory64/table64; anything else is rejected
 * by name, because stepping over an unknown instruction would misread the rest of the function.
 */
final class InstructionDecoder {

    /** Opcode key for a prefixed instruction: the prefix byte in bits 16..23, the sub-opcode below. */
    static int prefixed(int prefix, int subOpcode) {
        return (prefix << 16) | subOpcode;
    }

    private InstructionDecoder() {}

    /** Reads the instruction at the reader's position, leaves the reader after it, and returns its opcode key. */
    static int next(BinaryReader reader) {
        int offset = reader.position();
        int opcode = reader.readByte();
        switch (opcode) {
            case 0x00, 0x01, 0x05, 0x0A, 0x0B, 0x0F, 0x19, 0x1A, 0x1B, 0xD1 -> {}
            case 0x02, 0x03, 0x04, 0x06 -> readBlockType(reader);
            case 0x07, 0x08, 0x09, 0x0C, 0x0D, 0x10, 0x12, 0x18, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0xD2 ->
                reader.readU32();
            case 0x0E -> {
                int count = reader.readSize("br_table length");
                for (int i = 0; i <= count; i++) {
                    reader.readU32();
                }
            }
            case 0x11, 0x13 -> {
                reader.readU32();
                reader.readU32();
            }
            case 0x1C -> {
                int count = reader.readSize("select type count");
                for (int i = 0; i < count; i++) {
                    int typeOffset = reader.position();
                    ValueType.fromCode(reader.readByte(), typeOffset);
                }
            }
            case 0x3F, 0x40 -> reader.readU32();
            case 0x41 -> reader.readS32();
            case 0x42 -> reader.readS64();
            case 0x43 -> reader.skip(4);
            case 0x44 -> reader.skip(8);
            case 0xD0 -> {
                int heapOffset = reader.position();
                int heapType = reader.readByte();
                if (heapType != 0x70 && heapType != 0x6F) {
                    throw unsupported(String.format("ref.null with heap type 0x%02X", heapType), heapOffset);
                }
            }
            case 0xFC -> {
                int sub = reader.readU32();
                readMiscImmediates(reader, sub, offset);
                return prefixed(0xFC, sub);
            }
            case 0xFD -> {
                int sub = reader.readU32();
                readVectorImmediates(reader, sub);
                return prefixed(0xFD, sub);
            }
            case 0xFE -> {
                int sub = reader.readU32();
                if (sub == 0x03) {
                    reader.readByte();
                } else if (sub <= 0x4E) {
                    readMemoryArgument(reader);
                } else {
                    throw unsupported(String.format("atomic instruction 0xFE %d", sub), offset);
                }
                return prefixed(0xFE, sub);
            }
            default -> {
                if (opcode >= 0x28 && opcode <= 0x3E) {
                    readMemoryArgument(reader);
                } else if (opcode >= 0x45 && opcode <= 0xC4) {
                    // numeric instructions carry no immediates
                } else {
                    throw unsupported(String.format("instruction 0x%02X", opcode), offset);
                }
            }
        }
        return opcode;
    }

    /** Steps over a constant expression (global initialisers, segment offsets) including its final {@code end}. */
    static void skipConstantExpression(BinaryReader reader) {
        while (next(reader) != END) {
            // constant expressions contain no blocks, so the first end closes it
        }
    }

    private static void readMiscImmediates(BinaryReader reader, int sub, int offset) {
        switch (sub) {
            case 0, 1, 2, 3, 4, 5, 6, 7 -> {}
            case 8, 10, 12, 14 -> {
                reader.readU32();
                reader.readU32();
            }
            case 9, 11, 13, 15, 16, 17 -> reader.readU32();
            default -> throw unsupported("instruction 0xFC " + sub, offset);
        }
    }

    private static void readVectorImmediates(BinaryReader reader, int sub) {
        if (sub <= 11 || sub == 92 || sub == 93) {
            readMemoryArgument(reader);
        } else if (sub == 12 || sub == 13) {
            reader.skip(16);
        } else if (sub >= 21 && sub <= 34) {
            reader.readByte();
        } else if (sub >= 84 && sub <= 91) {
            readMemoryArgument(reader);
            reader.readByte();
        }
    }

    private static void readMemoryArgument(BinaryReader reader) {
        int align = reader.readU32();
        if ((align & 0x40) != 0) {
            reader.readU32();
        }
        reader.readU64();
    }

    private static void readBlockType(BinaryReader reader) {
        int first = reader.peekByte();
        if (first == 0x40 || ValueType.isValueTypeCode(first)) {
            reader.readByte();
        } else {
            int offset = reader.position();
            long typeIndex = reader.readS33();
            if (typeIndex < 0) {
                throw unsupported(String.format("block type 0x%02X", first), offset);
            }
        }
    }

    private static InvalidWasmException unsupported(String what, int offset) {
        return new InvalidWasmException("unsupported " + what + " at offset " + offset
                + " (this runtime supports the WASM 2.0 core, tail calls, threads, SIMD, memory64 and table64;"
                + " not try_table, typed function references or GC)");
    }
}
