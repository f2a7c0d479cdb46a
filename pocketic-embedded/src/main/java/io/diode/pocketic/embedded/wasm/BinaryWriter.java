package io.diode.pocketic.embedded.wasm;

import io.diode.candid.Leb128;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
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

    /** {@code value} as an unsigned 64-bit number: a negative long is a u64 of 2^63 or more. */
    private BinaryWriter writeUnsigned(long value) {
        if (value >= 0) {
            Leb128.writeUnsigned(out, value);
        } else {
            Leb128.writeUnsigned(out, new BigInteger(Long.toUnsignedString(value)));
        }
        return this;
    }

    private BinaryWriter writeSigned(long value) {
        Leb128.writeSigned(out, value);
        return this;
    }
}
