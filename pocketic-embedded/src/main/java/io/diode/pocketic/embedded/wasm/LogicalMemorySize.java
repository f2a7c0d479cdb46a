package io.diode.pocketic.embedded.wasm;

import static io.diode.pocketic.embedded.wasm.WasmOpcodes.CALL;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.DROP;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.EMPTY_BLOCK;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.END;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.GLOBAL_GET;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.GLOBAL_SET;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.I32_CONST;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.I32_OR;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.I64_ADD;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.I64_CONST;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.I64_EQ;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.I64_EXTEND_I32_U;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.I64_GT_U;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.I64_LE_U;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.I64_LT_U;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.I64_NE;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.I64_SHL;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.I64_SHR_U;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.I64_SUB;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.IF;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.LOCAL_GET;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.LOCAL_SET;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.LOCAL_TEE;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.MEMORY_GROW;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.MEMORY_SIZE;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.RETURN;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.UNREACHABLE;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives memory 0 a size of its own, kept in a global, so the host can undo a message's {@code memory.grow} without
 * shrinking GraalWasm's memory (which cannot shrink) and so without recreating the instance and writing the whole
 * heap back. The code sees only that size: {@code memory.size} reads it and {@code memory.grow} moves it, growing
 * the real memory only past what it already has. While the real memory is larger (after the host truncated the
 * logical size), every load, store and bulk operation on memory 0 checks its range against the logical size first
 * and traps out of bounds beyond it, as the IC's smaller memory would; while the two sizes are equal (always, unless
 * a rollback undid growth) the checks are skipped by one flag test. Pages between the two sizes are kept zero, so
 * growing over them again gives the canister fresh zero pages as {@code memory.grow} must.
 *
 * <p>The host reads the logical size (bytes) through {@value #SIZE_EXPORT}, grows through {@value #GROW_EXPORT}
 * (the same {@code (i64 pages) -> i64} as the code's {@code memory.grow}) and undoes growth through
 * {@value #TRUNCATE_EXPORT}{@code (bytes)}, which zeroes the bytes from there to the logical end and makes that the
 * logical size. The two globals are exported ({@value #SIZE_GLOBAL_EXPORT}, {@value #CHECKED_GLOBAL_EXPORT}) only
 * so that {@link StateAccessExports} leaves them out of snapshots: they follow the memory, not the message.
 *
 * <p>Applies to what {@link DirtyPageTracking} tracks (one defined memory64 as memory 0, no SIMD or atomic memory
 * instructions on it); {@link #instrument} returns null for anything else, and such modules roll growth back by
 * recreating the instance. Runs after instruction metering, so its checks are not counted.
 */
final class LogicalMemorySize {

    static final String SIZE_EXPORT = StateAccessExports.PREFIX + "memory.logical";
    static final String GROW_EXPORT = StateAccessExports.MEMORY_GROW_EXPORT;
    static final String TRUNCATE_EXPORT = StateAccessExports.PREFIX + "memory.truncate";
    static final String SIZE_GLOBAL_EXPORT = StateAccessExports.PREFIX + "memory.logical.global";
    static final String CHECKED_GLOBAL_EXPORT = StateAccessExports.PREFIX + "memory.checked.global";

    private static final int PAGE_SHIFT = 16;

    private LogicalMemorySize() {}

    /** The instrumented binary, or null if the module's memory accesses cannot all be checked. */
    static byte[] instrument(byte[] wasm) {
        WasmModule module = WasmModule.parse(wasm);
        boolean importsMemory = module.imports().stream().anyMatch(i -> i.kind() == ExternalKind.MEMORY);
        if (importsMemory
                || module.memories().isEmpty()
                || !module.memories().get(0).address64()) {
            return null;
        }
        StateAccessExports.requireUnreserved(
                module, List.of(SIZE_EXPORT, GROW_EXPORT, TRUNCATE_EXPORT, SIZE_GLOBAL_EXPORT, CHECKED_GLOBAL_EXPORT));
        int functionBase =
                module.importedFunctionCount() + module.functionTypeIndices().size();
        int check = functionBase;
        int grow = functionBase + 1;
        int size = functionBase + 2;
        int truncate = functionBase + 3;
        int logical = module.importedGlobalCount() + module.globals().size();
        int checked = logical + 1;
        byte[] bytes = module.rawBytes();
        byte[] code;
        try {
            code = CodeSectionRewriter.rewrite(
                    module,
                    bytes.length + bytes.length / 2,
                    (index, body, paramCount) ->
                            new FunctionChecks(bytes, body, paramCount, logical, checked, check, grow).instrument());
        } catch (UninstrumentableCode e) {
            return null;
        }

        int typeBase = module.types().size();
        BinaryWriter types = new BinaryWriter().writeU32(4);
        writeType(types, List.of(ValueType.I64, ValueType.I64), List.of());
        writeType(types, List.of(ValueType.I64), List.of(ValueType.I64));
        writeType(types, List.of(), List.of(ValueType.I64));
        writeType(types, List.of(ValueType.I64), List.of());
        BinaryWriter functions = new BinaryWriter().writeU32(4);
        for (int i = 0; i < 4; i++) {
            functions.writeU32(typeBase + i);
        }
        long initialBytes = module.memories().get(0).minimum() << PAGE_SHIFT;
        BinaryWriter globals = new BinaryWriter().writeU32(2);
        globals.writeByte(ValueType.I64.code())
                .writeByte(1)
                .writeByte(I64_CONST)
                .writeS64(initialBytes)
                .writeByte(END);
        globals.writeByte(ValueType.I32.code())
                .writeByte(1)
                .writeByte(I32_CONST)
                .writeS32(0)
                .writeByte(END);
        BinaryWriter exports = new BinaryWriter().writeU32(5);
        exports.writeName(GROW_EXPORT).writeByte(0x00).writeU32(grow);
        exports.writeName(SIZE_EXPORT).writeByte(0x00).writeU32(size);
        exports.writeName(TRUNCATE_EXPORT).writeByte(0x00).writeU32(truncate);
        exports.writeName(SIZE_GLOBAL_EXPORT).writeByte(0x03).writeU32(logical);
        exports.writeName(CHECKED_GLOBAL_EXPORT).writeByte(0x03).writeU32(checked);
        byte[] helpers = CodeSectionRewriter.bodies(List.of(
                checkBody(logical),
                growBody(logical, checked),
                CodeSectionRewriter.globalGetterBody(logical),
                truncateBody(logical, checked)));

        Map<Integer, byte[]> appended = new LinkedHashMap<>();
        appended.put(WasmModule.TYPE_SECTION, types.toByteArray());
        appended.put(WasmModule.FUNCTION_SECTION, functions.toByteArray());
        appended.put(WasmModule.GLOBAL_SECTION, globals.toByteArray());
        appended.put(WasmModule.EXPORT_SECTION, exports.toByteArray());
        appended.put(WasmModule.CODE_SECTION, helpers);
        return CodeSectionRewriter.replaceCodeAndAppend(module, code, appended);
    }

    private static void writeType(BinaryWriter writer, List<ValueType> params, List<ValueType> results) {
        writer.writeByte(0x60).writeU32(params.size());
        params.forEach(p -> writer.writeByte(p.code()));
        writer.writeU32(results.size());
        results.forEach(r -> writer.writeByte(r.code()));
    }

    /**
     * check(address, length): traps out of bounds unless {@code [address, address + length)} lies within the logical
     * size. The trap is a real out-of-bounds load (at the last address of the 64-bit space), so the host sees the
     * same trap as for any other access beyond the memory.
     */
    private static byte[] checkBody(int logical) {
        BinaryWriter w = new BinaryWriter();
        w.writeU32(0);
        w.writeByte(LOCAL_GET)
                .writeU32(1)
                .writeByte(GLOBAL_GET)
                .writeU32(logical)
                .writeByte(I64_GT_U);
        w.writeByte(LOCAL_GET)
                .writeU32(0)
                .writeByte(GLOBAL_GET)
                .writeU32(logical)
                .writeByte(LOCAL_GET)
                .writeU32(1)
                .writeByte(I64_SUB)
                .writeByte(I64_GT_U);
        w.writeByte(I32_OR).writeByte(IF).writeByte(EMPTY_BLOCK);
        // i64.load8_u (memory 0) at 2^64 - 1: out of bounds in any memory
        w.writeByte(I64_CONST)
                .writeS64(-1)
                .writeByte(0x31)
                .writeU32(0)
                .writeU64(0)
                .writeByte(DROP);
        w.writeByte(UNREACHABLE);
        w.writeByte(END);
        return w.writeByte(END).toByteArray();
    }

    /**
     * grow(pages) -> previous pages or -1: within the real memory it only moves the logical size (the pages there
     * are zero); beyond it, it grows the real memory by what is missing.
     */
    private static byte[] growBody(int logical, int checked) {
        int pages = 0;
        int previous = 1;
        int real = 2;
        BinaryWriter w = new BinaryWriter();
        w.writeU32(1).writeU32(2).writeByte(ValueType.I64.code());
        w.writeByte(GLOBAL_GET)
                .writeU32(logical)
                .writeByte(I64_CONST)
                .writeS64(PAGE_SHIFT)
                .writeByte(I64_SHR_U)
                .writeByte(LOCAL_SET)
                .writeU32(previous);
        w.writeByte(MEMORY_SIZE).writeU32(0).writeByte(LOCAL_SET).writeU32(real);
        // pages <= real - previous: the real memory already has them
        w.writeByte(LOCAL_GET)
                .writeU32(pages)
                .writeByte(LOCAL_GET)
                .writeU32(real)
                .writeByte(LOCAL_GET)
                .writeU32(previous)
                .writeByte(I64_SUB)
                .writeByte(I64_LE_U)
                .writeByte(IF)
                .writeByte(EMPTY_BLOCK);
        w.writeByte(GLOBAL_GET)
                .writeU32(logical)
                .writeByte(LOCAL_GET)
                .writeU32(pages)
                .writeByte(I64_CONST)
                .writeS64(PAGE_SHIFT)
                .writeByte(I64_SHL)
                .writeByte(I64_ADD)
                .writeByte(GLOBAL_SET)
                .writeU32(logical);
        w.writeByte(GLOBAL_GET)
                .writeU32(logical)
                .writeByte(LOCAL_GET)
                .writeU32(real)
                .writeByte(I64_CONST)
                .writeS64(PAGE_SHIFT)
                .writeByte(I64_SHL)
                .writeByte(I64_NE)
                .writeByte(GLOBAL_SET)
                .writeU32(checked);
        w.writeByte(LOCAL_GET).writeU32(previous).writeByte(RETURN);
        w.writeByte(END);
        w.writeByte(LOCAL_GET)
                .writeU32(pages)
                .writeByte(LOCAL_GET)
                .writeU32(real)
                .writeByte(LOCAL_GET)
                .writeU32(previous)
                .writeByte(I64_SUB)
                .writeByte(I64_SUB)
                .writeByte(MEMORY_GROW)
                .writeU32(0);
        w.writeByte(I64_CONST)
                .writeS64(-1)
                .writeByte(I64_EQ)
                .writeByte(IF)
                .writeByte(EMPTY_BLOCK)
                .writeByte(I64_CONST)
                .writeS64(-1)
                .writeByte(RETURN)
                .writeByte(END);
        w.writeByte(MEMORY_SIZE)
                .writeU32(0)
                .writeByte(I64_CONST)
                .writeS64(PAGE_SHIFT)
                .writeByte(I64_SHL)
                .writeByte(GLOBAL_SET)
                .writeU32(logical);
        w.writeByte(I32_CONST).writeS32(0).writeByte(GLOBAL_SET).writeU32(checked);
        w.writeByte(LOCAL_GET).writeU32(previous);
        return w.writeByte(END).toByteArray();
    }

    /** truncate(bytes): zeroes {@code [bytes, logical size)}, then makes {@code bytes} the logical size. */
    private static byte[] truncateBody(int logical, int checked) {
        BinaryWriter w = new BinaryWriter();
        w.writeU32(0);
        w.writeByte(LOCAL_GET)
                .writeU32(0)
                .writeByte(I32_CONST)
                .writeS32(0)
                .writeByte(GLOBAL_GET)
                .writeU32(logical)
                .writeByte(LOCAL_GET)
                .writeU32(0)
                .writeByte(I64_SUB);
        w.writeByte(0xFC).writeU32(11).writeU32(0);
        w.writeByte(LOCAL_GET).writeU32(0).writeByte(GLOBAL_SET).writeU32(logical);
        w.writeByte(LOCAL_GET)
                .writeU32(0)
                .writeByte(MEMORY_SIZE)
                .writeU32(0)
                .writeByte(I64_CONST)
                .writeS64(PAGE_SHIFT)
                .writeByte(I64_SHL)
                .writeByte(I64_LT_U)
                .writeByte(GLOBAL_SET)
                .writeU32(checked);
        return w.writeByte(END).toByteArray();
    }

    /** Rewrites one function body: checks before memory-0 accesses, the logical size for size and grow. */
    private static final class FunctionChecks extends FunctionBodyRewriter {
        private final int logical;
        private final int checked;
        private final int check;
        private final int grow;

        FunctionChecks(
                byte[] bytes, WasmModule.CodeBody body, int paramCount, int logical, int checked, int check, int grow) {
            super(bytes, body, paramCount);
            this.logical = logical;
            this.checked = checked;
            this.check = check;
            this.grow = grow;
        }

        @Override
        boolean rewrite(int opcode, BinaryReader instruction, BinaryWriter out) {
            int instructionStart = instruction.position();
            if (opcode >= 0x28 && opcode <= 0x3E) {
                instruction.readByte();
                int align = instruction.readU32();
                if ((align & 0x40) != 0 && instruction.readU32() != 0) {
                    return false;
                }
                long end = accessEnd(instruction.readU64(), accessSize(opcode));
                int address = scratch("address", ValueType.I64);
                if (opcode <= 0x35) {
                    // load: [.. address] -> [.. address]
                    out.writeByte(LOCAL_TEE).writeU32(address);
                    checkIfTruncated(out, address, end);
                } else {
                    // store: [.. address, value] -> [.. address, value]
                    ValueType valueType = storedType(opcode);
                    int value = scratch("value " + valueType, valueType);
                    out.writeByte(LOCAL_SET).writeU32(value);
                    out.writeByte(LOCAL_TEE).writeU32(address);
                    checkIfTruncated(out, address, end);
                    out.writeByte(LOCAL_GET).writeU32(value);
                }
                copy(instruction, instructionStart, out);
                return true;
            }
            switch (opcode) {
                case MEMORY_SIZE, MEMORY_GROW -> {
                    instruction.readByte();
                    if (instruction.readU32() != 0) {
                        return false;
                    }
                    if (opcode == MEMORY_SIZE) {
                        out.writeByte(GLOBAL_GET)
                                .writeU32(logical)
                                .writeByte(I64_CONST)
                                .writeS64(PAGE_SHIFT)
                                .writeByte(I64_SHR_U);
                    } else {
                        out.writeByte(CALL).writeU32(grow);
                    }
                    return true;
                }
                case WasmOpcodes.MEMORY_INIT -> {
                    skipPrefix(instruction);
                    instruction.readU32();
                    if (instruction.readU32() != 0) {
                        return false;
                    }
                    // [.. i64 destination, i32 source, i32 count]
                    int count = scratch("count32", ValueType.I32);
                    int source = scratch("source32", ValueType.I32);
                    int destination = scratch("address", ValueType.I64);
                    stash(out, count, source, destination);
                    ifTruncated(out);
                    reload(out, destination, count);
                    out.writeByte(I64_EXTEND_I32_U).writeByte(CALL).writeU32(check);
                    out.writeByte(END);
                    reload(out, destination, source, count);
                    copy(instruction, instructionStart, out);
                    return true;
                }
                case WasmOpcodes.MEMORY_COPY, WasmOpcodes.MEMORY_FILL -> {
                    skipPrefix(instruction);
                    boolean copy = opcode == WasmOpcodes.MEMORY_COPY;
                    int firstMemory = instruction.readU32();
                    int secondMemory = copy ? instruction.readU32() : 0;
                    if (firstMemory != 0 || secondMemory != 0) {
                        return false;
                    }
                    // copy: [.. i64 destination, i64 source, i64 count]; fill: [.. i64 destination, i32 value, i64
                    // count]
                    ValueType middleType = copy ? ValueType.I64 : ValueType.I32;
                    int count = scratch("count64", ValueType.I64);
                    int middle = scratch("middle " + middleType, middleType);
                    int destination = scratch("address", ValueType.I64);
                    stash(out, count, middle, destination);
                    ifTruncated(out);
                    reload(out, destination, count);
                    out.writeByte(CALL).writeU32(check);
                    if (copy) {
                        reload(out, middle, count);
                        out.writeByte(CALL).writeU32(check);
                    }
                    out.writeByte(END);
                    reload(out, destination, middle, count);
                    copy(instruction, instructionStart, out);
                    return true;
                }
                default -> {
                    int prefix = opcode >>> 16;
                    int sub = opcode & 0xFFFF;
                    boolean vectorMemory =
                            prefix == 0xFD && (sub <= 11 || sub == 92 || sub == 93 || (sub >= 84 && sub <= 91));
                    if (prefix == 0xFE || vectorMemory) {
                        throw new UninstrumentableCode();
                    }
                    return false;
                }
            }
        }

        private static void skipPrefix(BinaryReader instruction) {
            instruction.readByte();
            instruction.readU32();
        }

        /** With the address in {@code address}: {@code if (checked) check(address, end)}. */
        private void checkIfTruncated(BinaryWriter out, int address, long end) {
            ifTruncated(out);
            out.writeByte(LOCAL_GET)
                    .writeU32(address)
                    .writeByte(I64_CONST)
                    .writeS64(end)
                    .writeByte(CALL)
                    .writeU32(check);
            out.writeByte(END);
        }

        private void ifTruncated(BinaryWriter out) {
            out.writeByte(GLOBAL_GET).writeU32(checked).writeByte(IF).writeByte(EMPTY_BLOCK);
        }
    }

    /** Bytes a load or store accesses. */
    private static int accessSize(int opcode) {
        return switch (opcode) {
            case 0x29, 0x2B, 0x37, 0x39 -> 8;
            case 0x28, 0x2A, 0x34, 0x35, 0x36, 0x38, 0x3E -> 4;
            case 0x2E, 0x2F, 0x32, 0x33, 0x3B, 0x3D -> 2;
            default -> 1;
        };
    }

    /** offset + size as an unsigned 64-bit length; the largest value if that overflows (such an access always traps). */
    private static long accessEnd(long offset, int size) {
        long end = offset + size;
        return Long.compareUnsigned(end, offset) < 0 ? -1L : end;
    }
}
