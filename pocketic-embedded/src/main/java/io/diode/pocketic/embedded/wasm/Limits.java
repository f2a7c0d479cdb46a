package io.diode.pocketic.embedded.wasm;

import java.util.OptionalLong;

/**
 * The limits of a memory or table, in pages (memories) or elements (tables).
 *
 * @param minimum the initial size
 * @param maximum the maximum size, if any
 * @param address64 whether it is indexed by i64 (memory64 / table64) instead of i32
 * @param shared whether it is a shared memory (threads proposal)
 */
public record Limits(long minimum, OptionalLong maximum, boolean address64, boolean shared) {

    static Limits read(BinaryReader reader) {
        int offset = reader.position();
        int flags = reader.readByte();
        if ((flags & ~0x07) != 0) {
            throw new InvalidWasmException(String.format("invalid limits flags 0x%02X at offset %d", flags, offset));
        }
        boolean hasMaximum = (flags & 0x01) != 0;
        boolean shared = (flags & 0x02) != 0;
        boolean address64 = (flags & 0x04) != 0;
        long minimum = address64 ? reader.readU64() : reader.readU32() & 0xFFFFFFFFL;
        OptionalLong maximum = OptionalLong.empty();
        if (hasMaximum) {
            maximum = OptionalLong.of(address64 ? reader.readU64() : reader.readU32() & 0xFFFFFFFFL);
        }
        return new Limits(minimum, maximum, address64, shared);
    }

    void write(BinaryWriter writer) {
        int flags = (maximum.isPresent() ? 0x01 : 0) | (shared ? 0x02 : 0) | (address64 ? 0x04 : 0);
        writer.writeByte(flags);
        if (address64) {
            writer.writeU64(minimum);
            maximum.ifPresent(writer::writeU64);
        } else {
            writer.writeU32(minimum);
            maximum.ifPresent(writer::writeU32);
        }
    }
}
