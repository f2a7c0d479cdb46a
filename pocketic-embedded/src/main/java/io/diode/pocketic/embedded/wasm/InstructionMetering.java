package io.diode.pocketic.embedded.wasm;

import static io.diode.pocketic.embedded.wasm.WasmOpcodes.CALL;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.EMPTY_BLOCK;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.END;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.GLOBAL_GET;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.GLOBAL_SET;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.I32_WRAP_I64;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.I64_CONST;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.I64_EXTEND_I32_U;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.I64_GT_S;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.I64_LT_S;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.I64_SUB;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.IF;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.LOCAL_GET;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.LOCAL_SET;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.LOCAL_TEE;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Instruments a module so that it counts its own instructions the way the IC's replica counts them: a mutable i64
 * global holds the instructions the execution may still use, and each basic block subtracts the cost of all its
 * instructions ({@link InstructionCosts}) when it starts. A function body and a loop body (the blocks that can run
 * again) also check the counter right after subtracting and trap once it is negative; blocks that cannot repeat
 * only subtract, so the counter can overshoot by at most one straight path of them. Bulk memory and table
 * operations ({@code memory.fill/copy/init}, {@code table.fill/copy/init}) also subtract their size operand, one
 * instruction per byte or element, before they run. Block boundaries are the replica's: a new block starts after
 * {@code loop}, {@code if}, {@code else}, {@code br}, {@code br_if}, {@code br_table}, {@code end}, {@code return},
 * {@code unreachable} and the tail calls, and every function starts with one extra instruction.
 *
 * <p>The host reads and sets the counter through {@value #GET_EXPORT} and {@value #SET_EXPORT}; the global itself is
 * exported as {@value #COUNTER_EXPORT} so that the passes after this one know it (snapshots leave it out: it is
 * the host's to set before every call). Exhaustion traps with {@code unreachable}: the host tells it apart from
 * the canister's own {@code unreachable} by the counter being negative.
 *
 * <p>This pass runs first, on the module as the canister author built it, so the counts are of the author's
 * instructions only: the code that later passes insert (table64 lowering, dirty-page marks, state access) is not
 * counted, nor are the functions this pass adds.
 */
final class InstructionMetering {

    static final String COUNTER_EXPORT = StateAccessExports.PREFIX + "instructions";
    static final String GET_EXPORT = StateAccessExports.PREFIX + "instructions.get";
    static final String SET_EXPORT = StateAccessExports.PREFIX + "instructions.set";

    private InstructionMetering() {}

    /** The instrumented binary. */
    static byte[] instrument(WasmModule module) {
        StateAccessExports.requireUnreserved(module, List.of(COUNTER_EXPORT, GET_EXPORT, SET_EXPORT));
        int counter = module.importedGlobalCount() + module.globals().size();
        int charge =
                module.importedFunctionCount() + module.functionTypeIndices().size();
        byte[] bytes = module.rawBytes();
        Layout layout = Layout.of(module);
        byte[] code = CodeSectionRewriter.rewrite(
                module,
                bytes.length + bytes.length / 2,
                (index, body, paramCount) -> new FunctionMetering(bytes, body, layout, counter, charge).instrument());

        int typeBase = module.types().size();
        BinaryWriter types = new BinaryWriter().writeU32(3);
        types.writeByte(0x60)
                .writeU32(1)
                .writeByte(ValueType.I64.code())
                .writeU32(1)
                .writeByte(ValueType.I64.code());
        types.writeByte(0x60).writeU32(0).writeU32(1).writeByte(ValueType.I64.code());
        types.writeByte(0x60).writeU32(1).writeByte(ValueType.I64.code()).writeU32(0);
        BinaryWriter functions = new BinaryWriter()
                .writeU32(3)
                .writeU32(typeBase)
                .writeU32(typeBase + 1)
                .writeU32(typeBase + 2);
        BinaryWriter globals = new BinaryWriter().writeU32(1);
        // until the host sets a limit, code may run as long as it likes (the host's wall-clock limit still applies)
        globals.writeByte(ValueType.I64.code())
                .writeByte(1)
                .writeByte(I64_CONST)
                .writeS64(Long.MAX_VALUE)
                .writeByte(END);
        BinaryWriter exports = new BinaryWriter().writeU32(3);
        exports.writeName(COUNTER_EXPORT).writeByte(0x03).writeU32(counter);
        exports.writeName(GET_EXPORT).writeByte(0x00).writeU32(charge + 1);
        exports.writeName(SET_EXPORT).writeByte(0x00).writeU32(charge + 2);
        byte[] helpers = CodeSectionRewriter.bodies(
                List.of(chargeBody(counter), CodeSectionRewriter.globalGetterBody(counter), setBody(counter)));

        Map<Integer, byte[]> appended = new LinkedHashMap<>();
        appended.put(WasmModule.TYPE_SECTION, types.toByteArray());
        appended.put(WasmModule.FUNCTION_SECTION, functions.toByteArray());
        appended.put(WasmModule.GLOBAL_SECTION, globals.toByteArray());
        appended.put(WasmModule.EXPORT_SECTION, exports.toByteArray());
        appended.put(WasmModule.CODE_SECTION, helpers);
        return CodeSectionRewriter.replaceCodeAndAppend(module, code, appended);
    }

    /**
     * charge(n) -> n: subtracts n (unsigned) from the counter, saturating at the most negative value, traps if the
     * counter is then negative, and hands n back so it can stand in front of a bulk instruction.
     */
    private static byte[] chargeBody(int counter) {
        BinaryWriter w = new BinaryWriter();
        w.writeU32(1).writeU32(1).writeByte(ValueType.I64.code());
        w.writeByte(GLOBAL_GET)
                .writeU32(counter)
                .writeByte(LOCAL_GET)
                .writeU32(0)
                .writeByte(I64_SUB)
                .writeByte(LOCAL_TEE)
                .writeU32(1);
        // a result above the old value means the subtraction wrapped: n >= 2^63, or the counter was near its minimum
        w.writeByte(GLOBAL_GET)
                .writeU32(counter)
                .writeByte(I64_GT_S)
                .writeByte(IF)
                .writeByte(EMPTY_BLOCK)
                .writeByte(I64_CONST)
                .writeS64(Long.MIN_VALUE)
                .writeByte(LOCAL_SET)
                .writeU32(1)
                .writeByte(END);
        w.writeByte(LOCAL_GET).writeU32(1).writeByte(GLOBAL_SET).writeU32(counter);
        w.writeByte(LOCAL_GET).writeU32(1);
        exhaustionCheckOnStack(w);
        w.writeByte(LOCAL_GET).writeU32(0);
        return w.writeByte(END).toByteArray();
    }

    private static byte[] setBody(int counter) {
        return new BinaryWriter()
                .writeU32(0)
                .writeByte(LOCAL_GET)
                .writeU32(0)
                .writeByte(GLOBAL_SET)
                .writeU32(counter)
                .writeByte(END)
                .toByteArray();
    }

    /** [.. i64 counter] -> [..], trapping if it is negative. */
    private static void exhaustionCheckOnStack(BinaryWriter w) {
        w.writeByte(I64_CONST)
                .writeS64(0)
                .writeByte(I64_LT_S)
                .writeByte(IF)
                .writeByte(EMPTY_BLOCK)
                .writeByte(WasmOpcodes.UNREACHABLE)
                .writeByte(END);
    }

    /** Which memories and tables are 64-bit: that decides load/store costs and the size operands' types. */
    private record Layout(boolean memory64, List<Boolean> memories64, List<Boolean> tables64) {

        static Layout of(WasmModule module) {
            List<Boolean> memories = new ArrayList<>();
            module.imports().stream()
                    .filter(i -> i.kind() == ExternalKind.MEMORY)
                    .forEach(i -> memories.add(i.memoryLimits().address64()));
            module.memories().forEach(m -> memories.add(m.address64()));
            List<Boolean> tables = module.tableTypes().stream()
                    .map(t -> t.limits().address64())
                    .toList();
            return new Layout(!memories.isEmpty() && memories.get(0), List.copyOf(memories), tables);
        }

        boolean memory64(int index) {
            return index < memories64.size() && memories64.get(index);
        }

        boolean table64(int index) {
            return index < tables64.size() && tables64.get(index);
        }
    }

    /** Where code goes in: the offset it goes before, what it does, and the static cost it subtracts. */
    private record Injection(int offset, Kind kind, long cost) {}

    private enum Kind {
        /** Subtract the cost of the block that starts here. */
        BLOCK,
        /** Subtract and trap on exhaustion: a function or loop body starts here. */
        REENTRANT_BLOCK,
        /** The i64 size operand on top of the stack is charged before the bulk instruction here. */
        DYNAMIC_I64,
        /** The same with an i32 size operand. */
        DYNAMIC_I32
    }

    /** Meters one function body. */
    private static final class FunctionMetering {
        private final byte[] bytes;
        private final WasmModule.CodeBody body;
        private final Layout layout;
        private final int counter;
        private final int charge;

        FunctionMetering(byte[] bytes, WasmModule.CodeBody body, Layout layout, int counter, int charge) {
            this.bytes = bytes;
            this.body = body;
            this.layout = layout;
            this.counter = counter;
            this.charge = charge;
        }

        byte[] instrument() {
            BinaryReader reader = new BinaryReader(bytes, body.start(), body.end());
            FunctionLocals.read(reader);
            int codeStart = reader.position();
            List<Injection> injections = new ArrayList<>();
            int blockStart = codeStart;
            Kind blockKind = Kind.REENTRANT_BLOCK;
            // every function costs at least one instruction, even an empty one
            long blockCost = 1;
            while (!reader.atEnd()) {
                int start = reader.position();
                int opcode = InstructionDecoder.next(reader);
                int end = reader.position();
                blockCost += InstructionCosts.of(opcode, layout.memory64());
                Kind next = switch (opcode) {
                    case 0x03 -> Kind.REENTRANT_BLOCK;
                    case 0x00, 0x04, 0x05, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0x12, 0x13 -> Kind.BLOCK;
                    default -> null;
                };
                if (next != null) {
                    injections.add(new Injection(blockStart, blockKind, blockCost));
                    blockStart = end;
                    blockKind = next;
                    blockCost = 0;
                    continue;
                }
                Kind dynamic = dynamicCost(opcode, new BinaryReader(bytes, start, end));
                if (dynamic != null) {
                    injections.add(new Injection(start, dynamic, 0));
                }
            }
            injections.sort((a, b) -> Integer.compare(a.offset(), b.offset()));

            BinaryWriter out = new BinaryWriter((body.end() - body.start()) * 2 + 32);
            out.writeBytes(bytes, body.start(), codeStart - body.start());
            int copiedUpTo = codeStart;
            for (Injection injection : injections) {
                if (injection.kind() == Kind.BLOCK && injection.cost() == 0 || injection.offset() >= body.end()) {
                    continue;
                }
                out.writeBytes(bytes, copiedUpTo, injection.offset() - copiedUpTo);
                copiedUpTo = injection.offset();
                switch (injection.kind()) {
                    case BLOCK, REENTRANT_BLOCK -> {
                        out.writeByte(GLOBAL_GET)
                                .writeU32(counter)
                                .writeByte(I64_CONST)
                                .writeS64(injection.cost())
                                .writeByte(I64_SUB);
                        out.writeByte(GLOBAL_SET).writeU32(counter);
                        if (injection.kind() == Kind.REENTRANT_BLOCK) {
                            out.writeByte(GLOBAL_GET).writeU32(counter);
                            exhaustionCheckOnStack(out);
                        }
                    }
                    case DYNAMIC_I64 -> out.writeByte(CALL).writeU32(charge);
                    case DYNAMIC_I32 ->
                        out.writeByte(I64_EXTEND_I32_U)
                                .writeByte(CALL)
                                .writeU32(charge)
                                .writeByte(I32_WRAP_I64);
                }
            }
            out.writeBytes(bytes, copiedUpTo, body.end() - copiedUpTo);
            return out.toByteArray();
        }

        /** For a bulk instruction, how its size operand is charged; null for any other instruction. */
        private Kind dynamicCost(int opcode, BinaryReader instruction) {
            switch (opcode) {
                case WasmOpcodes.MEMORY_INIT, WasmOpcodes.TABLE_INIT -> {
                    return Kind.DYNAMIC_I32;
                }
                case WasmOpcodes.MEMORY_FILL -> {
                    skipPrefix(instruction);
                    return layout.memory64(instruction.readU32()) ? Kind.DYNAMIC_I64 : Kind.DYNAMIC_I32;
                }
                case WasmOpcodes.MEMORY_COPY -> {
                    skipPrefix(instruction);
                    boolean to64 = layout.memory64(instruction.readU32());
                    boolean from64 = layout.memory64(instruction.readU32());
                    return to64 && from64 ? Kind.DYNAMIC_I64 : Kind.DYNAMIC_I32;
                }
                case WasmOpcodes.TABLE_COPY -> {
                    skipPrefix(instruction);
                    boolean to64 = layout.table64(instruction.readU32());
                    boolean from64 = layout.table64(instruction.readU32());
                    return to64 && from64 ? Kind.DYNAMIC_I64 : Kind.DYNAMIC_I32;
                }
                case WasmOpcodes.TABLE_FILL -> {
                    skipPrefix(instruction);
                    return layout.table64(instruction.readU32()) ? Kind.DYNAMIC_I64 : Kind.DYNAMIC_I32;
                }
                default -> {
                    return null;
                }
            }
        }

        private static void skipPrefix(BinaryReader instruction) {
            instruction.readByte();
            instruction.readU32();
        }
    }
}
