package io.diode.pocketic.embedded.wasm;

import static io.diode.pocketic.embedded.wasm.WasmOpcodes.CALL;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.END;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.I64_EXTEND_I32_U;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.LOCAL_GET;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Instruments a module so the host knows which 4 KiB pages of its memory the code wrote: before every store and
 * every {@code memory.copy/fill/init}, the code marks the target page(s) in a byte map kept in a second memory
 * (exported as {@value #BITMAP_EXPORT}; {@value #CLEAR_EXPORT}(n) clears its first n entries). Snapshots then copy
 * and compare only those pages instead of the whole memory (megabytes for a Motoko canister), which is what keeps a
 * rollback-ready message cheap. The barrier also keeps {@link PageUndoLog}: the old bytes of each page a message
 * writes first, so a rollback needs no copy of the rest.
 *
 * <p>Applies to modules with exactly one memory, defined (not imported) and 64-bit, as moc emits. Modules with other
 * memories, or with SIMD or atomic stores (not instrumented), are left untracked ({@link #instrument} returns
 * null) and snapshots fall back to full copies. A store is marked by the page of its first byte; hosts treat a
 * marked page as covering the next {@value #SPILL} bytes too, so stores crossing into the next page are covered.
 * Pages at or beyond index {@code MAP_ENTRIES - 1} (1 GiB) share the last entry.
 *
 * <p>Why 4 KiB: a Motoko update changes a few dozen words spread over a handful of pages, and every marked page is
 * copied at the next commit; at 64 KiB that was 320 KiB of copying per {@code inc} of the counter, at 4 KiB it is
 * 20 KiB. The map (one byte per page, cleared over the memory's extent only) stays small for test-sized memories.
 */
final class DirtyPageTracking {

    static final String BITMAP_EXPORT = StateAccessExports.PREFIX + "dirty";
    static final String CLEAR_EXPORT = StateAccessExports.PREFIX + "dirty.clear";
    static final int PAGE_SHIFT = 12;
    static final int BITMAP_PAGES = 4;
    static final int BITMAP_BYTES = BITMAP_PAGES * 65_536;
    /** Entries of the map; its memory's last byte is {@link #TRACKING_SWITCH}. */
    static final int MAP_ENTRIES = BITMAP_BYTES - 1;

    static final int SPILL = 16;
    /**
     * Where {@link StateAccessExports#GLOBALS_COMMIT_EXPORT} leaves the mutable globals, 8 bytes each: the page after
     * the map in the map's memory, so a snapshot reads them in one buffer access.
     */
    static final int GLOBALS_OFFSET = BITMAP_BYTES;

    static final int GLOBALS_CAPACITY = 65_536 / 8;
    /**
     * Byte of the map's memory, after the map, that switches marking on. It is off in a new instance and switched on
     * by the first clear (every snapshot and restore clears): the start function, {@code canister_init} and an
     * upgrade's hooks run before any snapshot, whose first is a full copy anyway, so marking their stores would be
     * wasted (it made moc's start function two to three times slower).
     */
    static final int TRACKING_SWITCH = MAP_ENTRIES;

    private DirtyPageTracking() {}

    /** The instrumented binary, or null if the module cannot be tracked. */
    static byte[] instrument(byte[] wasm) {
        WasmModule module = WasmModule.parse(wasm);
        boolean importsMemory = module.imports().stream().anyMatch(i -> i.kind() == ExternalKind.MEMORY);
        if (importsMemory
                || module.memories().size() != 1
                || !module.memories().get(0).address64()) {
            return null;
        }
        int functionBase =
                module.importedFunctionCount() + module.functionTypeIndices().size();
        int markFunction = functionBase;
        int markRangeFunction = functionBase + 1;
        int clearFunction = functionBase + 2;
        int markPageFunction = functionBase + 3;
        int beginUndoFunction = functionBase + 4;
        int applyUndoFunction = functionBase + 5;
        byte[] code;
        try {
            code = instrumentCode(module, markFunction, markRangeFunction);
        } catch (UninstrumentableCode e) {
            return null;
        }
        int typeBase = module.types().size();
        BinaryWriter types = new BinaryWriter().writeU32(4);
        types.writeByte(0x60).writeU32(1).writeByte(ValueType.I64.code()).writeU32(0);
        types.writeByte(0x60)
                .writeU32(2)
                .writeByte(ValueType.I64.code())
                .writeByte(ValueType.I64.code())
                .writeU32(0);
        types.writeByte(0x60).writeU32(1).writeByte(ValueType.I32.code()).writeU32(0);
        types.writeByte(0x60).writeU32(0).writeU32(0);
        BinaryWriter functions = new BinaryWriter()
                .writeU32(6)
                .writeU32(typeBase)
                .writeU32(typeBase + 1)
                .writeU32(typeBase + 2)
                .writeU32(typeBase)
                .writeU32(typeBase)
                .writeU32(typeBase + 3);
        BinaryWriter memories = new BinaryWriter().writeU32(2);
        new Limits(BITMAP_PAGES + 1, OptionalLong.of(BITMAP_PAGES + 1), false, false).write(memories);
        PageUndoLog.memoryLimits(module.memories().get(0)).write(memories);
        BinaryWriter exports = new BinaryWriter().writeU32(6);
        exports.writeName(BITMAP_EXPORT).writeByte(0x02).writeU32(1);
        exports.writeName(CLEAR_EXPORT).writeByte(0x00).writeU32(clearFunction);
        exports.writeName(PageUndoLog.MEMORY_EXPORT).writeByte(0x02).writeU32(PageUndoLog.MEMORY_INDEX);
        exports.writeName(PageUndoLog.MARK_EXPORT).writeByte(0x00).writeU32(markRangeFunction);
        exports.writeName(PageUndoLog.BEGIN_EXPORT).writeByte(0x00).writeU32(beginUndoFunction);
        exports.writeName(PageUndoLog.APPLY_EXPORT).writeByte(0x00).writeU32(applyUndoFunction);
        StateAccessExports.requireUnreserved(
                module,
                List.of(
                        BITMAP_EXPORT,
                        CLEAR_EXPORT,
                        PageUndoLog.MEMORY_EXPORT,
                        PageUndoLog.MARK_EXPORT,
                        PageUndoLog.BEGIN_EXPORT,
                        PageUndoLog.APPLY_EXPORT));

        Map<Integer, byte[]> appended = new LinkedHashMap<>();
        appended.put(WasmModule.TYPE_SECTION, types.toByteArray());
        appended.put(WasmModule.FUNCTION_SECTION, functions.toByteArray());
        appended.put(WasmModule.MEMORY_SECTION, memories.toByteArray());
        appended.put(WasmModule.EXPORT_SECTION, exports.toByteArray());
        // the code section is replaced whole (instrumented bodies plus the helpers), so rebuild with the
        // helpers appended to the instrumented section
        byte[] helpers = CodeSectionRewriter.bodies(List.of(
                PageUndoLog.markBody(markPageFunction),
                PageUndoLog.markRangeBody(markPageFunction),
                clearBody(),
                PageUndoLog.markPageBody(),
                PageUndoLog.beginBody(),
                PageUndoLog.applyBody()));
        appended.put(WasmModule.CODE_SECTION, helpers);
        return CodeSectionRewriter.replaceCodeAndAppend(module, code, appended);
    }

    /**
     * clear(entries): bitmap[0 .. entries) = 0 and marking on. The host passes the entries that cover the memory,
     * so a message's commit clears bytes in proportion to the memory, not the whole map.
     */
    private static byte[] clearBody() {
        BinaryWriter w = new BinaryWriter();
        w.writeU32(0);
        w.writeByte(0x41)
                .writeS32(0)
                .writeByte(0x41)
                .writeS32(0)
                .writeByte(LOCAL_GET)
                .writeU32(0);
        w.writeByte(0xFC).writeU32(11).writeU32(1);
        w.writeByte(0x41).writeS32(TRACKING_SWITCH).writeByte(0x41).writeS32(1);
        w.writeByte(0x3A).writeU32(0x40).writeU32(1).writeU64(0);
        return w.writeByte(0x0B).toByteArray();
    }

    private static byte[] instrumentCode(WasmModule module, int mark, int markRange) {
        byte[] bytes = module.rawBytes();
        return CodeSectionRewriter.rewrite(
                module,
                bytes.length + bytes.length / 2,
                (index, body, paramCount) ->
                        new FunctionInstrumentation(bytes, body, paramCount, mark, markRange).instrument());
    }

    /** Instruments one function body: marks the target pages before each store and bulk memory write. */
    private static final class FunctionInstrumentation extends FunctionBodyRewriter {
        private final int mark;
        private final int markRange;

        FunctionInstrumentation(byte[] bytes, WasmModule.CodeBody body, int paramCount, int mark, int markRange) {
            super(bytes, body, paramCount);
            this.mark = mark;
            this.markRange = markRange;
        }

        @Override
        boolean rewrite(int opcode, BinaryReader instruction, BinaryWriter out) {
            int start = instruction.position();
            if (!markBefore(opcode, instruction, out)) {
                return false;
            }
            copy(instruction, start, out);
            return true;
        }

        /** Writes the marking that goes before the instruction; false when it writes no memory. */
        private boolean markBefore(int opcode, BinaryReader instruction, BinaryWriter before) {
            if (opcode >= 0x36 && opcode <= 0x3E) {
                instruction.readByte();
                int align = instruction.readU32();
                if ((align & 0x40) != 0 && instruction.readU32() != 0) {
                    throw new UninstrumentableCode();
                }
                long offset = instruction.readU64();
                ValueType valueType = storedType(opcode);
                int value = scratch("value " + valueType, valueType);
                int address = scratch("address", ValueType.I64);
                // [.. address, value] -> if marking: mark(address + offset) -> [.. address, value]
                stash(before, value, address);
                ifMarking(before);
                reload(before, address);
                if (offset != 0) {
                    before.writeByte(0x42).writeS64(offset).writeByte(0x7C);
                }
                before.writeByte(CALL).writeU32(mark);
                before.writeByte(END);
                reload(before, address, value);
                return true;
            }
            switch (opcode) {
                case WasmOpcodes.MEMORY_INIT -> {
                    instruction.readByte();
                    instruction.readU32();
                    instruction.readU32();
                    if (instruction.readU32() != 0) {
                        throw new UninstrumentableCode();
                    }
                    // [.. i64 dst, i32 src, i32 count]
                    int count = scratch("count32", ValueType.I32);
                    int source = scratch("source32", ValueType.I32);
                    int destination = scratch("address", ValueType.I64);
                    stash(before, count, source, destination);
                    ifMarking(before);
                    reload(before, destination, count);
                    before.writeByte(I64_EXTEND_I32_U);
                    before.writeByte(CALL).writeU32(markRange);
                    before.writeByte(END);
                    reload(before, destination, source, count);
                    return true;
                }
                case WasmOpcodes.MEMORY_COPY, WasmOpcodes.MEMORY_FILL -> {
                    instruction.readByte();
                    instruction.readU32();
                    if (instruction.readU32() != 0
                            || (opcode == WasmOpcodes.MEMORY_COPY && instruction.readU32() != 0)) {
                        throw new UninstrumentableCode();
                    }
                    // copy: [.. i64 dst, i64 src, i64 count]; fill: [.. i64 dst, i32 value, i64 count]
                    ValueType middleType = opcode == WasmOpcodes.MEMORY_COPY ? ValueType.I64 : ValueType.I32;
                    int count = scratch("count64", ValueType.I64);
                    int middle = scratch("middle " + middleType, middleType);
                    int destination = scratch("address", ValueType.I64);
                    stash(before, count, middle, destination);
                    ifMarking(before);
                    reload(before, destination, count);
                    before.writeByte(CALL).writeU32(markRange);
                    before.writeByte(END);
                    reload(before, destination, middle, count);
                    return true;
                }
                default -> {
                    int prefix = opcode >>> 16;
                    if (prefix == 0xFE) {
                        throw new UninstrumentableCode();
                    }
                    int sub = opcode & 0xFFFF;
                    if (prefix == 0xFD && (sub == 11 || (sub >= 88 && sub <= 91))) {
                        throw new UninstrumentableCode();
                    }
                    return false;
                }
            }
        }

        /** Opens {@code if (marking switched on)} with an empty block type; the caller writes the body and end. */
        private static void ifMarking(BinaryWriter writer) {
            writer.writeByte(0x41).writeS32(TRACKING_SWITCH);
            // i32.load8_u from memory 1: alignment flags with bit 6 set announce the memory index
            writer.writeByte(0x2D).writeU32(0x40).writeU32(1).writeU64(0);
            writer.writeByte(0x04).writeByte(0x40);
        }
    }
}
