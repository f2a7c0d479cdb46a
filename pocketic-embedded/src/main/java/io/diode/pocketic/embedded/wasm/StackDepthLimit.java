package io.diode.pocketic.embedded.wasm;

import static io.diode.pocketic.embedded.wasm.WasmOpcodes.BLOCK;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.EMPTY_BLOCK;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.END;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.GLOBAL_GET;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.GLOBAL_SET;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.I32_ADD;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.I32_CONST;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.I32_GT_U;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.I32_SUB;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.IF;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.RETURN;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.RETURN_CALL;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.RETURN_CALL_INDIRECT;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.UNREACHABLE;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bounds recursion as the replica does, by a model of its Wasm stack rather than by the JVM's: the replica runs
 * canister code under wasmtime with {@code max_wasm_stack} = 5 MiB ({@code MAX_WASM_STACK_SIZE} in
 * {@code rs/embedders}) and traps "stack overflow" beyond it, whereas GraalWasm's frames are many times wasmtime's
 * and differ between interpreter and JIT, so the Java stack alone ended recursions at a depth of its own, and slowly
 * (a deep Java {@code StackOverflowError} took seconds to unwind).
 *
 * <p>A mutable i32 global holds the bytes the modelled stack uses. Every function of the canister charges its frame
 * when it starts and traps with {@code unreachable} once the total passes {@link #BUDGET_BYTES}; it gives the bytes
 * back wherever it leaves: its final {@code end} (the body is wrapped in a block, so a branch to the function's
 * outermost label lands before the give-back too), {@code return}, and before {@code return_call} and
 * {@code return_call_indirect} (the callee charges its own frame). A trap needs no give-back: the execution ends and
 * the host resets the global through {@value #RESET_EXPORT}. It reads the global through {@value #USED_EXPORT} to
 * tell this pass's {@code unreachable} from others: the global is then past the budget. Calls into host functions charge nothing: the system API does not
 * call back into the canister, and a nested call into another canister runs in another instance with its own global.
 *
 * <p>The frame model ({@link #frameBytes}): cranelift's x86-64 frame for a function that calls others holds the
 * return address and the saved frame pointer (16 bytes) and the callee-saved registers it clobbers, at least the one
 * that keeps the {@code vmctx} pointer across calls, padded to 16 bytes (16 more): {@value #CALL_OVERHEAD_BYTES}
 * bytes. Then a spill slot of {@value #SLOT_BYTES} bytes per param and local, the values a recursion keeps across
 * its call (an upper bound: cranelift keeps some in registers). Operand-stack values live across a call are not
 * counted (knowing them needs the stack types of every instruction). The frame is rounded up to 16 bytes, as the
 * ABI aligns it. So the depth at which a recursion traps is close to the replica's, not equal to it.
 *
 * <p>Runs after instruction metering (its code is not counted) and only on the canister's own functions, not on the
 * helpers metering adds.
 */
final class StackDepthLimit {

    static final String USED_EXPORT = StateAccessExports.PREFIX + "stack.used";
    static final String RESET_EXPORT = StateAccessExports.PREFIX + "stack.reset";
    /** The replica's Wasm stack: wasmtime's {@code max_wasm_stack}, {@code MAX_WASM_STACK_SIZE} in rs/embedders. */
    static final int BUDGET_BYTES = 5 * 1024 * 1024;

    static final int CALL_OVERHEAD_BYTES = 32;
    static final int SLOT_BYTES = 8;

    private StackDepthLimit() {}

    /** The modelled frame of a function with {@code paramsAndLocals} params and locals. */
    static int frameBytes(long paramsAndLocals) {
        long bytes = CALL_OVERHEAD_BYTES + SLOT_BYTES * paramsAndLocals;
        return (int) ((bytes + 15) & ~15L);
    }

    /**
     * The instrumented binary: the first {@code ownFunctions} defined functions charge their frames, the others
     * (helpers an earlier pass appended) are left alone.
     */
    static byte[] instrument(byte[] wasm, int ownFunctions) {
        WasmModule module = WasmModule.parse(wasm);
        StateAccessExports.requireUnreserved(module, List.of(USED_EXPORT, RESET_EXPORT));
        int used = module.importedGlobalCount() + module.globals().size();
        int getter =
                module.importedFunctionCount() + module.functionTypeIndices().size();
        // the getter's and reset's types come first, then the block types
        int typeBase = module.types().size();
        int blockTypeBase = typeBase + 2;
        // a block with several results names a type [] -> results; one is appended per distinct result list
        Map<List<ValueType>, Integer> blockTypes = new LinkedHashMap<>();
        byte[] bytes = module.rawBytes();
        byte[] code =
                CodeSectionRewriter.rewrite(module, bytes.length + bytes.length / 4, (index, body, paramCount) -> {
                    if (index >= ownFunctions) {
                        return null;
                    }
                    List<ValueType> results = module.types()
                            .get(module.functionTypeIndices().get(index))
                            .results();
                    int blockType = switch (results.size()) {
                        case 0 -> EMPTY_BLOCK;
                        case 1 -> results.get(0).code();
                        default -> -1 - blockTypes.computeIfAbsent(results, r -> blockTypeBase + blockTypes.size());
                    };
                    return new FunctionCharge(bytes, body, paramCount, used, blockType).instrument();
                });

        BinaryWriter types = new BinaryWriter().writeU32(2 + blockTypes.size());
        types.writeByte(0x60).writeU32(0).writeU32(1).writeByte(ValueType.I32.code());
        types.writeByte(0x60).writeU32(0).writeU32(0);
        blockTypes.keySet().forEach(results -> {
            types.writeByte(0x60).writeU32(0).writeU32(results.size());
            results.forEach(r -> types.writeByte(r.code()));
        });
        BinaryWriter functions =
                new BinaryWriter().writeU32(2).writeU32(typeBase).writeU32(typeBase + 1);
        BinaryWriter globals = new BinaryWriter().writeU32(1);
        globals.writeByte(ValueType.I32.code())
                .writeByte(1)
                .writeByte(I32_CONST)
                .writeS32(0)
                .writeByte(END);
        BinaryWriter exports = new BinaryWriter().writeU32(2);
        exports.writeName(USED_EXPORT).writeByte(0x00).writeU32(getter);
        exports.writeName(RESET_EXPORT).writeByte(0x00).writeU32(getter + 1);

        Map<Integer, byte[]> appended = new LinkedHashMap<>();
        appended.put(WasmModule.TYPE_SECTION, types.toByteArray());
        appended.put(WasmModule.FUNCTION_SECTION, functions.toByteArray());
        appended.put(WasmModule.GLOBAL_SECTION, globals.toByteArray());
        appended.put(WasmModule.EXPORT_SECTION, exports.toByteArray());
        appended.put(
                WasmModule.CODE_SECTION,
                CodeSectionRewriter.bodies(List.of(CodeSectionRewriter.globalGetterBody(used), resetBody(used))));
        return CodeSectionRewriter.replaceCodeAndAppend(module, code, appended);
    }

    /** reset(): zeroes the global. */
    private static byte[] resetBody(int used) {
        BinaryWriter w = new BinaryWriter().writeU32(0);
        w.writeByte(I32_CONST).writeS32(0).writeByte(GLOBAL_SET).writeU32(used);
        return w.writeByte(END).toByteArray();
    }

    /** Charges one function's frame on entry and gives it back on every way out. */
    private static final class FunctionCharge extends FunctionBodyRewriter {
        private final int used;
        private final int blockType;
        private int frame;

        /** @param blockType the block type for the body's results: a value type code, 0x40, or -1 - type index */
        FunctionCharge(byte[] bytes, WasmModule.CodeBody body, int paramCount, int used, int blockType) {
            super(bytes, body, paramCount);
            this.used = used;
            this.blockType = blockType;
        }

        @Override
        void prologue(BinaryWriter out) {
            frame = frameBytes(paramsAndLocals());
            adjust(out, I32_ADD);
            out.writeByte(GLOBAL_GET).writeU32(used).writeByte(I32_CONST).writeS32(BUDGET_BYTES);
            out.writeByte(I32_GT_U).writeByte(IF).writeByte(EMPTY_BLOCK);
            out.writeByte(UNREACHABLE).writeByte(END);
            out.writeByte(BLOCK);
            if (blockType < 0) {
                out.writeS64(-1L - blockType);
            } else {
                out.writeByte(blockType);
            }
        }

        @Override
        boolean rewrite(int opcode, BinaryReader instruction, BinaryWriter out) {
            int start = instruction.position();
            if (opcode == END && closesFunction(instruction)) {
                // closes the wrapping block; the function's own end follows the give-back
                out.writeByte(END);
                adjust(out, I32_SUB);
            } else if (opcode == RETURN || opcode == RETURN_CALL || opcode == RETURN_CALL_INDIRECT) {
                adjust(out, I32_SUB);
            } else {
                return false;
            }
            copy(instruction, start, out);
            return true;
        }

        /** used = used (+|-) frame */
        private void adjust(BinaryWriter out, int operation) {
            out.writeByte(GLOBAL_GET).writeU32(used).writeByte(I32_CONST).writeS32(frame);
            out.writeByte(operation).writeByte(GLOBAL_SET).writeU32(used);
        }
    }
}
