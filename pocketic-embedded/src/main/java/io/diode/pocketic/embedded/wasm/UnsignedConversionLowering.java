package io.diode.pocketic.embedded.wasm;

import static io.diode.pocketic.embedded.wasm.WasmOpcodes.ELSE;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.END;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.F32_ADD;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.F32_CONVERT_I32_U;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.F32_CONVERT_I64_S;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.F32_CONVERT_I64_U;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.F64_ADD;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.F64_CONVERT_I32_U;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.F64_CONVERT_I64_S;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.F64_CONVERT_I64_U;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.I64_AND;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.I64_CONST;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.I64_EXTEND_I32_U;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.I64_GE_S;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.I64_OR;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.I64_SHR_U;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.IF;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.LOCAL_GET;
import static io.diode.pocketic.embedded.wasm.WasmOpcodes.LOCAL_TEE;

/**
 * Rewrites the unsigned integer-to-float conversions ({@code f32/f64.convert_i32_u/i64_u}) into signed ones with the
 * same results, because the Graal compiler (25.0.2, on CPUs with AVX-512) fails on the unsigned form when its
 * operand has been spilled to the stack ("StackSlot cannot be cast to RegisterValue" in
 * {@code AVXConvertToFloatOp}). Such a failure leaves the whole function interpreted: Motoko's incremental garbage
 * collector ({@code incremental_gc}, which computes its pacing in floating point) ran 20–50 times slower, and every
 * test that collects a large heap with it.
 *
 * <p>A 32-bit operand is zero-extended to 64 bits and converted as signed (exact: it is below 2^63). A 64-bit operand
 * below 2^63 is converted as signed; one at or above is halved, its lowest bit kept as a sticky bit ({@code (x >>> 1)
 * | (x & 1)}), converted as signed and doubled: one rounding, to the nearest even, as the specification asks. Runs
 * after instruction metering, so the counts stay those of the author's code.
 */
final class UnsignedConversionLowering {

    private UnsignedConversionLowering() {}

    /** The lowered binary; {@code wasm} itself when the module has no unsigned conversion. */
    static byte[] lower(byte[] wasm) {
        WasmModule module = WasmModule.parse(wasm);
        byte[] bytes = module.rawBytes();
        boolean[] lowered = {false};
        byte[] code = CodeSectionRewriter.rewrite(module, bytes.length + 1024, (index, body, paramCount) -> {
            byte[] rewritten = new FunctionLowering(bytes, body, paramCount).instrument();
            lowered[0] |= rewritten != null;
            return rewritten;
        });
        return lowered[0] ? CodeSectionRewriter.replaceCodeSection(module, code) : wasm;
    }

    private static final class FunctionLowering extends FunctionBodyRewriter {

        FunctionLowering(byte[] bytes, WasmModule.CodeBody body, int paramCount) {
            super(bytes, body, paramCount);
        }

        @Override
        RuntimeException tooManyLocals() {
            return new InvalidWasmException("cannot lower the unsigned conversions of the function body at offset "
                    + bodyOffset() + ": it would exceed " + FunctionLocals.MAX_LOCALS + " locals");
        }

        @Override
        boolean rewrite(int opcode, BinaryReader instruction, BinaryWriter out) {
            switch (opcode) {
                case F32_CONVERT_I32_U -> out.writeByte(I64_EXTEND_I32_U).writeByte(F32_CONVERT_I64_S);
                case F64_CONVERT_I32_U -> out.writeByte(I64_EXTEND_I32_U).writeByte(F64_CONVERT_I64_S);
                case F32_CONVERT_I64_U -> convertUnsigned64(out, ValueType.F32, F32_CONVERT_I64_S, F32_ADD);
                case F64_CONVERT_I64_U -> convertUnsigned64(out, ValueType.F64, F64_CONVERT_I64_S, F64_ADD);
                default -> {
                    return false;
                }
            }
            return true;
        }

        /** [.. x:i64] -> [.. float(x as unsigned)], through a signed conversion. */
        private void convertUnsigned64(BinaryWriter out, ValueType result, int convertSigned, int add) {
            int operand = scratch("operand", ValueType.I64);
            int half = scratch("half " + result, result);
            out.writeByte(LOCAL_TEE).writeU32(operand);
            out.writeByte(I64_CONST).writeS64(0).writeByte(I64_GE_S);
            out.writeByte(IF).writeByte(result.code());
            out.writeByte(LOCAL_GET).writeU32(operand).writeByte(convertSigned);
            out.writeByte(ELSE);
            out.writeByte(LOCAL_GET)
                    .writeU32(operand)
                    .writeByte(I64_CONST)
                    .writeS64(1)
                    .writeByte(I64_SHR_U);
            out.writeByte(LOCAL_GET)
                    .writeU32(operand)
                    .writeByte(I64_CONST)
                    .writeS64(1)
                    .writeByte(I64_AND);
            out.writeByte(I64_OR).writeByte(convertSigned);
            out.writeByte(LOCAL_TEE)
                    .writeU32(half)
                    .writeByte(LOCAL_GET)
                    .writeU32(half)
                    .writeByte(add);
            out.writeByte(END);
        }
    }
}
