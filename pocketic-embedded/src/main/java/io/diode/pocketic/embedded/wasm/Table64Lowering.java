package io.diode.pocketic.embedded.wasm;

import static io.diode.pocketic.embedded.wasm.WasmOpcodes.I32_WRAP_I64;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.I64_EXTEND_I32_S;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.I64_EXTEND_I32_U;

import java.util.List;

/**
 * Rewrites a module whose tables are indexed by i64 (the table64 part of the memory64 proposal, which moc emits)
 * into an equivalent module with i32-indexed tables, because GraalWasm rejects table64 ("Invalid limits prefix").
 *
 * <p>What changes: the limits of table64 tables (table section and table imports) lose their 64-bit flag; i64
 * offsets of active element segments become i32 offsets; and around every instruction that takes or returns a
 * table64 index ({@code call_indirect}, {@code return_call_indirect}, {@code table.get/set/size/grow/fill/copy/init})
 * the i64 operands are wrapped to i32 ({@code i32.wrap_i64}) and i32 results extended back to i64, keeping the
 * stack types the rest of the code expects. Operands that are not on top of the stack are moved through scratch
 * locals added to the function. Every other byte is copied unchanged (section and body sizes are re-encoded).
 * Modules without table64 are returned as they are.
 *
 * <p>Known deviation: an i64 index of 2^32 or more is wrapped, so it may alias a small index instead of trapping;
 * tables with that many elements cannot exist here, and canisters never form such indices.
 */
public final class Table64Lowering {

    private Table64Lowering() {}

    /** Whether the module has a table64 table, so that {@link #lower} would change it. */
    public static boolean needsLowering(WasmModule module) {
        return module.usesTable64();
    }

    /** The lowered binary of {@code wasm}; the same bytes when it has no table64 table. */
    public static byte[] lower(byte[] wasm) {
        return lower(WasmModule.parse(wasm));
    }

    /** The lowered binary of the module; its original bytes when it has no table64 table. */
    public static byte[] lower(WasmModule module) {
        if (!module.usesTable64()) {
            return module.bytes();
        }
        byte[] bytes = module.rawBytes();
        List<TableType> tables = module.tableTypes();
        BinaryWriter out = new BinaryWriter(bytes.length + 1024);
        out.writeBytes(bytes, 0, 8);
        for (WasmModule.Section section : module.sections()) {
            BinaryReader content = new BinaryReader(bytes, section.contentStart(), section.end());
            switch (section.id()) {
                case WasmModule.IMPORT_SECTION -> out.writeSection(section.id(), lowerImports(content));
                case WasmModule.TABLE_SECTION -> out.writeSection(section.id(), lowerTables(content));
                case WasmModule.ELEMENT_SECTION ->
                    out.writeSection(section.id(), ElementSegments.lowerTable64Offsets(content, tables));
                case WasmModule.CODE_SECTION -> out.writeSection(section.id(), lowerCode(module, tables));
                default -> out.writeBytes(bytes, section.start(), section.end() - section.start());
            }
        }
        return out.toByteArray();
    }

    private static byte[] lowerImports(BinaryReader reader) {
        BinaryWriter writer = new BinaryWriter(reader.limit() - reader.position());
        int count = reader.readSize("import count");
        writer.writeU32(count);
        for (int i = 0; i < count; i++) {
            int start = reader.position();
            reader.readName();
            reader.readName();
            int kind = reader.readByte();
            if (kind == 0x01) {
                writer.writeBytes(reader.bytes(), start, reader.position() - start);
                writeLowered(TableType.read(reader), writer, start);
                continue;
            }
            switch (kind) {
                case 0x00 -> reader.readU32();
                case 0x02 -> Limits.read(reader);
                case 0x03 -> GlobalType.read(reader);
                case 0x04 -> {
                    reader.readByte();
                    reader.readU32();
                }
                default -> throw new InvalidWasmException("invalid import kind " + kind + " at offset " + start);
            }
            writer.writeBytes(reader.bytes(), start, reader.position() - start);
        }
        return writer.toByteArray();
    }

    private static byte[] lowerTables(BinaryReader reader) {
        BinaryWriter writer = new BinaryWriter(reader.limit() - reader.position());
        int count = reader.readSize("table count");
        writer.writeU32(count);
        for (int i = 0; i < count; i++) {
            int start = reader.position();
            writeLowered(TableType.read(reader), writer, start);
        }
        return writer.toByteArray();
    }

    private static void writeLowered(TableType table, BinaryWriter writer, int offset) {
        Limits limits = table.limits();
        writer.writeByte(table.elementType().code());
        if (!limits.address64()) {
            limits.write(writer);
            return;
        }
        if (limits.minimum() > 0xFFFFFFFFL
                || limits.maximum().orElse(0) > 0xFFFFFFFFL
                || limits.maximum().orElse(0) < 0) {
            throw new InvalidWasmException("table64 at offset " + offset + " has limits beyond 2^32-1 elements,"
                    + " which cannot be lowered to a 32-bit table");
        }
        new Limits(limits.minimum(), limits.maximum(), false, limits.shared()).write(writer);
    }

    private static byte[] lowerCode(WasmModule module, List<TableType> tables) {
        byte[] bytes = module.rawBytes();
        int capacityHint = module.section(WasmModule.CODE_SECTION)
                        .map(s -> s.end() - s.start())
                        .orElse(16)
                + 1024;
        return CodeSectionRewriter.rewrite(
                module,
                capacityHint,
                (index, body, paramCount) -> new FunctionLowering(bytes, body, paramCount, tables).instrument());
    }

    /** Lowers one function body, adding the scratch locals it needs. */
    private static final class FunctionLowering extends FunctionBodyRewriter {
        private final List<TableType> tables;

        FunctionLowering(byte[] bytes, WasmModule.CodeBody body, int paramCount, List<TableType> tables) {
            super(bytes, body, paramCount);
            this.tables = tables;
        }

        @Override
        RuntimeException tooManyLocals() {
            return new InvalidWasmException("cannot lower table64 in the function body at offset " + bodyOffset()
                    + ": it would exceed " + FunctionLocals.MAX_LOCALS + " locals");
        }

        @Override
        boolean rewrite(int opcode, BinaryReader instruction, BinaryWriter out) {
            int start = instruction.position();
            BinaryWriter before = new BinaryWriter(8);
            BinaryWriter after = new BinaryWriter(4);
            if (!rewrite(opcode, instruction, before, after)) {
                return false;
            }
            out.writeBytes(before.toByteArray());
            copy(instruction, start, out);
            out.writeBytes(after.toByteArray());
            return true;
        }

        /**
         * Fills in the code to emit before and after the instruction; false if it needs none.
         *
         * @param instruction the instruction's bytes, positioned at its opcode
         */
        private boolean rewrite(int opcode, BinaryReader instruction, BinaryWriter before, BinaryWriter after) {
            switch (opcode) {
                case WasmOpcodes.CALL_INDIRECT, WasmOpcodes.RETURN_CALL_INDIRECT -> {
                    instruction.readByte();
                    instruction.readU32();
                    if (!is64(instruction.readU32())) {
                        return false;
                    }
                    // [.. i64 index] -> [.. i32 index]
                    before.writeByte(I32_WRAP_I64);
                }
                case WasmOpcodes.TABLE_GET -> {
                    instruction.readByte();
                    if (!is64(instruction.readU32())) {
                        return false;
                    }
                    before.writeByte(I32_WRAP_I64);
                }
                case WasmOpcodes.TABLE_SET -> {
                    instruction.readByte();
                    int table = instruction.readU32();
                    if (!is64(table)) {
                        return false;
                    }
                    // [.. i64 index, ref] -> [.. i32 index, ref]
                    int ref = referenceScratch(tables.get(table).elementType());
                    stash(before, ref);
                    before.writeByte(I32_WRAP_I64);
                    reload(before, ref);
                }
                case WasmOpcodes.TABLE_SIZE -> {
                    if (!is64(miscImmediate(instruction))) {
                        return false;
                    }
                    after.writeByte(I64_EXTEND_I32_U);
                }
                case WasmOpcodes.TABLE_GROW -> {
                    if (!is64(miscImmediate(instruction))) {
                        return false;
                    }
                    // [.. ref, i64 delta] -> [.. ref, i32 delta]; the i32 result (old size, or -1 on failure)
                    // is sign-extended so that failure stays -1
                    before.writeByte(I32_WRAP_I64);
                    after.writeByte(I64_EXTEND_I32_S);
                }
                case WasmOpcodes.TABLE_FILL -> {
                    int table = miscImmediate(instruction);
                    if (!is64(table)) {
                        return false;
                    }
                    // [.. i64 start, ref, i64 count] -> [.. i32 start, ref, i32 count]
                    int count = countScratch();
                    int ref = referenceScratch(tables.get(table).elementType());
                    before.writeByte(I32_WRAP_I64);
                    stash(before, count, ref);
                    before.writeByte(I32_WRAP_I64);
                    reload(before, ref, count);
                }
                case WasmOpcodes.TABLE_COPY -> {
                    instruction.readByte();
                    instruction.readU32();
                    boolean destination64 = is64(instruction.readU32());
                    boolean source64 = is64(instruction.readU32());
                    if (!destination64 && !source64) {
                        return false;
                    }
                    // [.. dst, src, count]; the count is i64 only when both tables are table64
                    int count = countScratch();
                    int source = sourceScratch();
                    if (destination64 && source64) {
                        before.writeByte(I32_WRAP_I64);
                    }
                    stash(before, count);
                    if (source64) {
                        before.writeByte(I32_WRAP_I64);
                    }
                    stash(before, source);
                    if (destination64) {
                        before.writeByte(I32_WRAP_I64);
                    }
                    reload(before, source, count);
                }
                case WasmOpcodes.TABLE_INIT -> {
                    instruction.readByte();
                    instruction.readU32();
                    instruction.readU32();
                    if (!is64(instruction.readU32())) {
                        return false;
                    }
                    // [.. i64 dst, i32 src, i32 count]
                    int count = countScratch();
                    int source = sourceScratch();
                    stash(before, count, source);
                    before.writeByte(I32_WRAP_I64);
                    reload(before, source, count);
                }
                default -> {
                    return false;
                }
            }
            return true;
        }

        private static int miscImmediate(BinaryReader instruction) {
            instruction.readByte();
            instruction.readU32();
            return instruction.readU32();
        }

        private boolean is64(int table) {
            if (table < 0 || table >= tables.size()) {
                throw new InvalidWasmException("table index " + Integer.toUnsignedString(table)
                        + " in the function body at offset " + bodyOffset() + " is out of range (the module has "
                        + tables.size() + " tables)");
            }
            return tables.get(table).limits().address64();
        }

        private int countScratch() {
            return scratch("count", ValueType.I32);
        }

        private int sourceScratch() {
            return scratch("source", ValueType.I32);
        }

        private int referenceScratch(ValueType type) {
            ValueType scratchType = type == ValueType.EXTERNREF ? type : ValueType.FUNCREF;
            return scratch("reference " + scratchType, scratchType);
        }
    }
}
