package io.diode.pocketic.embedded.wasm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rewrites one function body instruction by instruction for a module pass: the pass says which instructions it
 * replaces and with what; this class copies the others unchanged and declares the scratch locals the replacements
 * asked for. The passes that wrap memory accesses ({@link DirtyPageTracking}, {@link LogicalMemorySize}) share it, so
 * a body is read and rebuilt one way.
 */
abstract class FunctionBodyRewriter {

    private final byte[] bytes;
    private final WasmModule.CodeBody body;
    private final int paramCount;
    private final List<ValueType> scratchTypes = new ArrayList<>();
    private final Map<String, Integer> scratch = new LinkedHashMap<>();
    private long firstScratchIndex;

    FunctionBodyRewriter(byte[] bytes, WasmModule.CodeBody body, int paramCount) {
        this.bytes = bytes;
        this.body = body;
        this.paramCount = paramCount;
    }

    /**
     * Writes what replaces one instruction (the instruction itself included when it stays, see {@link #copy});
     * returns false to keep the instruction as it is.
     *
     * @param instruction a reader over the instruction's bytes, positioned at its opcode
     */
    abstract boolean rewrite(int opcode, BinaryReader instruction, BinaryWriter out);

    /** Writes code that runs before the body's own, when the function starts; by default none. */
    void prologue(BinaryWriter out) {}

    /**
     * What to throw when the scratch locals would pass the limit on locals; by default the pass leaves the module
     * alone ({@link UninstrumentableCode}).
     */
    RuntimeException tooManyLocals() {
        return new UninstrumentableCode();
    }

    /** The new body with its locals, or null when no instruction was rewritten. */
    final byte[] instrument() {
        BinaryReader reader = new BinaryReader(bytes, body.start(), body.end());
        FunctionLocals locals = FunctionLocals.read(reader);
        firstScratchIndex = paramCount + locals.total();
        int codeStart = reader.position();
        BinaryWriter code = new BinaryWriter((body.end() - codeStart) * 2 + 64);
        prologue(code);
        int copiedUpTo = codeStart;
        boolean changed = code.size() > 0;
        while (!reader.atEnd()) {
            int start = reader.position();
            int opcode = InstructionDecoder.next(reader);
            int end = reader.position();
            BinaryWriter replacement = new BinaryWriter(24);
            if (!rewrite(opcode, new BinaryReader(bytes, start, end), replacement)) {
                continue;
            }
            changed = true;
            code.writeBytes(bytes, copiedUpTo, start - copiedUpTo);
            code.writeBytes(replacement.toByteArray());
            copiedUpTo = end;
        }
        if (!changed) {
            return null;
        }
        code.writeBytes(bytes, copiedUpTo, body.end() - copiedUpTo);
        if (locals.total() + scratchTypes.size() > FunctionLocals.MAX_LOCALS) {
            throw tooManyLocals();
        }
        BinaryWriter result = new BinaryWriter(code.size() + 32);
        locals.plus(scratchTypes).write(result);
        result.writeBytes(code.toByteArray());
        return result.toByteArray();
    }

    /** The index of this body's scratch local for {@code role}, declared on first use. */
    final int scratch(String role, ValueType type) {
        return scratch.computeIfAbsent(role, r -> {
            scratchTypes.add(type);
            return (int) (firstScratchIndex + scratchTypes.size() - 1);
        });
    }

    /** The function's params and declared locals (scratch locals not included); known once {@link #instrument} runs. */
    final long paramsAndLocals() {
        return firstScratchIndex;
    }

    /** Whether the instruction is the body's last, the {@code end} that closes the function. */
    final boolean closesFunction(BinaryReader instruction) {
        return instruction.limit() == body.end();
    }

    /** Offset of the body in the module, for messages. */
    final int bodyOffset() {
        return body.start();
    }

    /** The type of the value a store instruction ({@code i32.store} .. {@code i64.store32}) writes. */
    static ValueType storedType(int storeOpcode) {
        return switch (storeOpcode) {
            case 0x36, 0x3A, 0x3B -> ValueType.I32;
            case 0x38 -> ValueType.F32;
            case 0x39 -> ValueType.F64;
            default -> ValueType.I64;
        };
    }

    /** Pops operands into locals: {@code local.set} each, the top of the stack into the first. */
    static void stash(BinaryWriter out, int... locals) {
        for (int local : locals) {
            out.writeByte(WasmOpcodes.LOCAL_SET).writeU32(local);
        }
    }

    /** Pushes locals: {@code local.get} each in order, so reloading stashed operands lists them bottom first. */
    static void reload(BinaryWriter out, int... locals) {
        for (int local : locals) {
            out.writeByte(WasmOpcodes.LOCAL_GET).writeU32(local);
        }
    }

    /** Writes the instruction being rewritten unchanged: its bytes from {@code start} to the end of its reader. */
    final void copy(BinaryReader instruction, int start, BinaryWriter out) {
        out.writeBytes(bytes, start, instruction.limit() - start);
    }
}
