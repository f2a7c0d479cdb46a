package io.diode.pocketic.embedded.wasm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds WASM binary bytes: LEB128 integers, names and length-prefixed sections. */
final class BinaryWriter {

    private final ByteArrayOutputStream out;

    BinaryWriter() {
        this(64);
    }

    BinaryWriter(int initialCapacity) {
        out = new ByteArrayOutputStream(initialCapacity);
    }

    BinaryWriter writeByte(int b) {
        out.write(b);
        return this;
    }

    BinaryWriter writeBytes(byte[] bytes) {
        out.write(bytes, 0, bytes.length);
        return this;
    }

    BinaryWriter writeBytes(byte[] bytes, int offset, int length) {
        out.write(bytes, offset, length);
        return this;
    }

    BinaryWriter writeU32(long value) {
        return writeUnsigned(value & 0xFFFFFFFFL);
    }

    BinaryWriter writeU64(long value) {
        return writeUnsigned(value);
    }

    BinaryWriter writeS32(int value) {
        return writeSigned(value);
    }

    BinaryWriter writeS64(long value) {
        return writeSigned(value);
    }

    BinaryWriter writeName(String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        writeU32(utf8.length);
        return writeBytes(utf8);
    }

    /** A section: id, then the content's length, then the content. */
    BinaryWriter writeSection(int id, byte[] content) {
        writeByte(id);
        writeU32(content.length);
        return writeBytes(content);
    }

    int size() {
        return out.size();
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    private BinaryWriter writeUnsigned(long value) {
        do {
            int b = (int) (value & 0x7F);
            value >>>= 7;
            if (value != 0) {
                b |= 0x80;
            }
            out.write(b);
        } while (value != 0);
        return this;
    }

    private BinaryWriter writeSigned(long value) {
        boolean more = true;
        while (more) {
            int b = (int) (value & 0x7F);
            value >>= 7;
            boolean signBitSet = (b & 0x40) != 0;
            if ((value == 0 && !signBitSet) || (value == -1 && signBitSet)) {
                more = false;
            } else {
                b |= 0x80;
            }
            out.write(b);
        }
        return this;
    }
}
