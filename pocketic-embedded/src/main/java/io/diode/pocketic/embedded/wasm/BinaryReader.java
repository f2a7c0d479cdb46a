package io.diode.pocketic.embedded.wasm;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** A cursor over WASM binary bytes: LEB128 integers, bytes and names, failing with the offset of bad input. */
final class BinaryReader {

    private final byte[] bytes;
    private int position;
    private final int limit;

    BinaryReader(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    BinaryReader(byte[] bytes, int start, int limit) {
        this.bytes = bytes;
        this.position = start;
        this.limit = limit;
    }

    int position() {
        return position;
    }

    int limit() {
        return limit;
    }

    boolean atEnd() {
        return position >= limit;
    }

    void seek(int newPosition) {
        position = newPosition;
    }

    byte[] bytes() {
        return bytes;
    }

    int readByte() {
        if (position >= limit) {
            throw truncated("a byte");
        }
        return bytes[position++] & 0xFF;
    }

    int peekByte() {
        if (position >= limit) {
            throw truncated("a byte");
        }
        return bytes[position] & 0xFF;
    }

    byte[] readBytes(int length) {
        if (length < 0 || length > limit - position) {
            throw truncated(length + " bytes");
        }
        byte[] result = new byte[length];
        System.arraycopy(bytes, position, result, 0, length);
        position += length;
        return result;
    }

    void skip(int length) {
        if (length < 0 || length > limit - position) {
            throw truncated(length + " bytes");
        }
        position += length;
    }

    /** Unsigned LEB128 of at most 32 bits. */
    int readU32() {
        long value = readUnsigned(32);
        return (int) value;
    }

    /** Unsigned LEB128 of at most 32 bits, as a non-negative count or size that fits a Java array. */
    int readSize(String what) {
        long value = readUnsigned(32) & 0xFFFFFFFFL;
        if (value > Integer.MAX_VALUE) {
            throw new InvalidWasmException(what + " " + value + " at offset " + position + " is too large");
        }
        return (int) value;
    }

    long readU64() {
        return readUnsigned(64);
    }

    int readS32() {
        return (int) readSigned(32);
    }

    long readS64() {
        return readSigned(64);
    }

    long readS33() {
        return readSigned(33);
    }

    String readName() {
        int start = position;
        int length = readSize("name length");
        byte[] raw = readBytes(length);
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidWasmException("name at offset " + start + " is not valid UTF-8");
        }
    }

    private long readUnsigned(int bits) {
        int start = position;
        int maxBytes = (bits + 6) / 7;
        long result = 0;
        for (int i = 0; i < maxBytes; i++) {
            int b = readByteOfLeb(start);
            int shift = 7 * i;
            if (i == maxBytes - 1) {
                int usableBits = bits - shift;
                if ((b & 0x80) != 0) {
                    throw new InvalidWasmException("integer at offset " + start + " is too long for " + bits + " bits");
                }
                if ((b >>> usableBits) != 0) {
                    throw new InvalidWasmException("integer at offset " + start + " does not fit in " + bits + " bits");
                }
            }
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new AssertionError("unreachable: the last byte of a LEB128 either ends it or fails");
    }

    private long readSigned(int bits) {
        int start = position;
        long result = 0;
        int shift = 0;
        int b;
        do {
            if (shift >= ((bits + 6) / 7) * 7) {
                throw new InvalidWasmException("integer at offset " + start + " is too long for " + bits + " bits");
            }
            b = readByteOfLeb(start);
            result |= (long) (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        if (shift < 64 && (b & 0x40) != 0) {
            result |= -1L << shift;
        }
        return result;
    }

    private int readByteOfLeb(int start) {
        if (position >= limit) {
            throw new InvalidWasmException("truncated integer at offset " + start + " (the module ends too early)");
        }
        return bytes[position++] & 0xFF;
    }

    private InvalidWasmException truncated(String what) {
        return new InvalidWasmException("truncated module: expected " + what + " at offset " + position + " but the "
                + (limit == bytes.length ? "module" : "section") + " ends at " + limit);
    }
}
