package io.diode.pocketic.client;

import java.nio.charset.StandardCharsets;

/** Reads the names of a WebAssembly module's custom sections, to tell how the IC must treat the module. */
final class WasmCustomSections {

    private static final String EOP_SECTION = "enhanced-orthogonal-persistence";

    private WasmCustomSections() {
    }

    /** Whether the module declares enhanced orthogonal persistence ({@code icp:private}/{@code icp:public} section). */
    static boolean hasEnhancedOrthogonalPersistence(byte[] wasm) {
        if (wasm.length < 8 || wasm[0] != 0 || wasm[1] != 'a' || wasm[2] != 's' || wasm[3] != 'm') {
            // gzipped or not WASM at all: the IC decides; nothing can be inferred here
            return false;
        }
        int position = 8;
        while (position < wasm.length) {
            int id = wasm[position++] & 0xff;
            long[] size = leb128(wasm, position);
            position = (int) size[1];
            long end = position + size[0];
            if (end > wasm.length) {
                return false;
            }
            if (id == 0) {
                long[] nameLength = leb128(wasm, position);
                int nameStart = (int) nameLength[1];
                if (nameStart + nameLength[0] <= end) {
                    String name = new String(wasm, nameStart, (int) nameLength[0], StandardCharsets.UTF_8);
                    if (name.equals("icp:private " + EOP_SECTION) || name.equals("icp:public " + EOP_SECTION)) {
                        return true;
                    }
                }
            }
            position = (int) end;
        }
        return false;
    }

    /** An unsigned LEB128 number: {value, position after it}. */
    private static long[] leb128(byte[] bytes, int position) {
        long value = 0;
        int shift = 0;
        while (position < bytes.length && shift < 35) {
            byte b = bytes[position++];
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
            shift += 7;
        }
        return new long[]{value, position};
    }
}
