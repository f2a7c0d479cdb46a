package io.diode.pocketic.embedded.wasm;

/**
 * What one WebAssembly instruction costs in the IC's instruction count, by opcode key of
 * {@link InstructionDecoder#next}. The weights are the replica's (its embedder's per-instruction table, which DFINITY
 * validated in benchmarks): 1 for most integer work, 10 for integer division and remainder, 2 for a load or store
 * on a 64-bit memory (1 on a 32-bit one), 5 for a call, 10 for an indirect call, 300 for {@code memory.grow}, and so
 * on. Block markers ({@code block}, {@code loop}, {@code else}, {@code end}) are free. Bulk memory and table
 * operations cost 100 here; the bytes or elements they move are charged when they run (see
 * {@link InstructionMetering}).
 */
final class InstructionCosts {

    private InstructionCosts() {}

    /** The cost of the instruction with opcode key {@code opcode} in a module whose memory 0 is 64-bit or not. */
    static int of(int opcode, boolean memory64) {
        if (opcode >>> 16 == 0xFC) {
            return miscellaneous(opcode & 0xFFFF);
        }
        if (opcode >>> 16 == 0xFD) {
            return vector(opcode & 0xFFFF, memory64);
        }
        if (opcode >>> 16 == 0xFE) {
            return 1;
        }
        if (opcode >= 0x28 && opcode <= 0x3E) {
            return memory64 ? 2 : 1;
        }
        return switch (opcode) {
            case 0x02, 0x03, 0x05, 0x0B -> 0;
            case 0x04, 0x0C, 0x0D, 0x0E -> 2;
            case 0x10 -> 5;
            case 0x11 -> 10;
            case 0x12 -> 3;
            case 0x13 -> 60;
            case 0x23, 0x24 -> 2;
            case 0x25, 0x26 -> 5;
            case 0x3F -> 20;
            case 0x40 -> 300;
            // integer division and remainder
            case 0x6D, 0x6E, 0x6F, 0x70, 0x7F, 0x80, 0x81, 0x82 -> 10;
            // float comparisons
            case 0x5B, 0x5C, 0x5D, 0x5E, 0x5F, 0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66 -> 3;
            // f32 / f64 arithmetic
            case 0x8D, 0x8E, 0x8F, 0x90, 0x92, 0x93, 0x94, 0x98, 0x9B, 0x9C, 0x9D, 0x9E, 0xA0, 0xA1, 0xA2 -> 2;
            case 0x95 -> 3;
            case 0xA3 -> 5;
            case 0x96, 0x97, 0xA4, 0xA5 -> 18;
            case 0xA6 -> 3;
            case 0x91 -> 5;
            case 0x9F -> 8;
            // float to integer truncation
            case 0xA8, 0xA9, 0xAA, 0xAB, 0xAE, 0xAF, 0xB0, 0xB1 -> 20;
            // integer to float conversion: signed is cheaper than unsigned
            case 0xB2, 0xB4, 0xB7, 0xB9 -> 3;
            case 0xB3, 0xB5, 0xB8, 0xBA -> 16;
            case 0xD1 -> 5;
            case 0xD2 -> 130;
            default -> 1;
        };
    }

    private static int miscellaneous(int sub) {
        return switch (sub) {
            case 0, 1, 2, 3, 4, 5, 6, 7 -> 20; // saturating truncation
            case 8, 10, 11, 12, 14, 17 -> 100; // memory.init/copy/fill, table.init/copy/fill
            case 9, 13 -> 300; // data.drop, elem.drop
            case 15 -> 300; // table.grow
            case 16 -> 100; // table.size
            default -> 1;
        };
    }

    /**
     * SIMD: loads and stores as scalar ones, {@code i8x16.shuffle} 3, everything else 1. The replica weighs a few
     * dozen SIMD instructions 2 to 14; moc emits no SIMD, so those weights are not reproduced here.
     */
    private static int vector(int sub, boolean memory64) {
        if (sub <= 11 || sub == 92 || sub == 93 || (sub >= 84 && sub <= 91)) {
            return memory64 ? 2 : 1;
        }
        return sub == 13 ? 3 : 1;
    }
}
