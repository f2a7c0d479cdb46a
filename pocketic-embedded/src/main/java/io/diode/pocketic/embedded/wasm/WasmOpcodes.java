package io.diode.pocketic.embedded.wasm;

/**
 * The opcodes the passes read and write, by their names in the WebAssembly specification. A prefixed instruction's
 * key is the prefix byte in bits 16..23 and its sub-opcode below ({@link InstructionDecoder#prefixed}), written out
 * so that switch statements can use them.
 */
final class WasmOpcodes {

    static final int UNREACHABLE = 0x00;
    static final int BLOCK = 0x02;
    static final int LOOP = 0x03;
    static final int IF = 0x04;
    static final int ELSE = 0x05;
    static final int END = 0x0B;
    static final int BR = 0x0C;
    static final int BR_IF = 0x0D;
    static final int RETURN = 0x0F;
    static final int CALL = 0x10;
    static final int CALL_INDIRECT = 0x11;
    static final int RETURN_CALL = 0x12;
    static final int RETURN_CALL_INDIRECT = 0x13;
    static final int DROP = 0x1A;
    static final int SELECT = 0x1B;
    static final int LOCAL_GET = 0x20;
    static final int LOCAL_SET = 0x21;
    static final int LOCAL_TEE = 0x22;
    static final int GLOBAL_GET = 0x23;
    static final int GLOBAL_SET = 0x24;
    static final int TABLE_GET = 0x25;
    static final int TABLE_SET = 0x26;
    static final int I64_LOAD = 0x29;
    static final int I32_LOAD8_U = 0x2D;
    static final int I64_STORE = 0x37;
    static final int I32_STORE8 = 0x3A;
    static final int MEMORY_SIZE = 0x3F;
    static final int MEMORY_GROW = 0x40;
    static final int I32_CONST = 0x41;
    static final int I64_CONST = 0x42;
    static final int I32_EQZ = 0x45;
    static final int I32_GT_U = 0x4B;
    static final int I64_EQZ = 0x50;
    static final int I64_EQ = 0x51;
    static final int I64_NE = 0x52;
    static final int I64_LT_S = 0x53;
    static final int I64_LT_U = 0x54;
    static final int I64_GT_S = 0x55;
    static final int I64_GT_U = 0x56;
    static final int I64_LE_U = 0x58;
    static final int I64_GE_S = 0x59;
    static final int I64_GE_U = 0x5A;
    static final int I32_ADD = 0x6A;
    static final int I32_SUB = 0x6B;
    static final int I32_OR = 0x72;
    static final int I64_ADD = 0x7C;
    static final int I64_SUB = 0x7D;
    static final int I64_MUL = 0x7E;
    static final int I64_AND = 0x83;
    static final int I64_OR = 0x84;
    static final int I64_SHL = 0x86;
    static final int I64_SHR_U = 0x88;
    static final int F32_ADD = 0x92;
    static final int F64_ADD = 0xA0;
    static final int I32_WRAP_I64 = 0xA7;
    static final int I64_EXTEND_I32_S = 0xAC;
    static final int I64_EXTEND_I32_U = 0xAD;
    static final int F32_CONVERT_I32_U = 0xB3;
    static final int F32_CONVERT_I64_S = 0xB4;
    static final int F32_CONVERT_I64_U = 0xB5;
    static final int F64_CONVERT_I32_U = 0xB8;
    static final int F64_CONVERT_I64_S = 0xB9;
    static final int F64_CONVERT_I64_U = 0xBA;

    static final int MEMORY_INIT = 0xFC << 16 | 8;
    static final int MEMORY_COPY = 0xFC << 16 | 10;
    static final int MEMORY_FILL = 0xFC << 16 | 11;
    static final int TABLE_INIT = 0xFC << 16 | 12;
    static final int TABLE_COPY = 0xFC << 16 | 14;
    static final int TABLE_GROW = 0xFC << 16 | 15;
    static final int TABLE_SIZE = 0xFC << 16 | 16;
    static final int TABLE_FILL = 0xFC << 16 | 17;

    /** The block type of a block, loop or if that takes and leaves nothing. */
    static final int EMPTY_BLOCK = 0x40;

    static final int PREFIX_FC = 0xFC;

    private WasmOpcodes() {}
}
