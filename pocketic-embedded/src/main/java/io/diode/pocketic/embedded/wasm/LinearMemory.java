package io.diode.pocketic.embedded.wasm;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.BitSet;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;

/**
 * Bulk access to an instance's linear memory (memory 0). Every call crosses the polyglot boundary, so move data in
 * as few calls as possible: {@link #read} is one bulk copy; {@link #write} moves 8 bytes per boundary crossing
 * (the polyglot API has no bulk write). Addresses are unsigned byte offsets; an access outside the memory throws
 * a {@link WasmTrap} of kind {@link WasmTrap.Kind#OUT_OF_BOUNDS}, which a host function may simply let propagate
 * to trap the calling code.
 */
public final class LinearMemory {

    static final long PAGE_SIZE = 65_536;

    /** Writes at least this long compare first (see {@link #write}). */
    private static final int COMPARE_THRESHOLD = 256;

    private static final int COMPARE_CHUNK = 1 << 16;

    private final Value memory;
    /** Scratch space for the comparison of long writes. */
    private byte[] current;
    /**
     * Dirty-tracking pages ({@link DirtyPageTracking#PAGE_SHIFT}) the host wrote since the last snapshot: the
     * module's own dirty map does not see host writes.
     */
    private final BitSet pagesWrittenByHost = new BitSet();

    /** The module's {@link LogicalMemorySize#SIZE_EXPORT}, or null if memory 0 has no logical size. */
    private final Value logicalSize;
    /** Whether the logical size may be below GraalWasm's (a rollback truncated it and no growth has caught up). */
    private boolean truncated;

    /**
     * The module's {@link PageUndoLog#MARK_EXPORT}, or null: the store barrier of host writes, which marks the pages
     * in the module's map and logs their old bytes before they change.
     */
    private final Value markWrite;

    LinearMemory(Value memory, Value logicalSize, Value markWrite) {
        this.memory = memory;
        this.logicalSize = logicalSize;
        this.markWrite = markWrite;
    }

    /** The current size in bytes: the size the code sees, which after a rolled-back growth is below GraalWasm's. */
    public long size() {
        long real = memory.getBufferSize();
        if (!truncated) {
            return real;
        }
        long logical = logicalSize.execute().asLong();
        if (logical < real) {
            return logical;
        }
        truncated = false;
        return real;
    }

    /** Notes that the host truncated the logical size ({@link LogicalMemorySize#TRUNCATE_EXPORT}). */
    void truncated() {
        truncated = true;
    }

    /** The current size in 64 KiB pages. */
    public long pages() {
        return size() / PAGE_SIZE;
    }

    /** Copies {@code length} bytes at {@code address} into {@code destination[offset ..]}. */
    public void read(long address, byte[] destination, int offset, int length) {
        checkArray(destination, offset, length);
        checkRange(address, length);
        if (length == 0) {
            return;
        }
        try {
            memory.readBuffer(address, destination, offset, length);
        } catch (IndexOutOfBoundsException | PolyglotException e) {
            throw outOfBounds(address, length);
        }
    }

    /** The {@code length} bytes at {@code address}. */
    public byte[] read(long address, int length) {
        byte[] result = new byte[length];
        read(address, result, 0, length);
        return result;
    }

    /**
     * Copies {@code source[offset .. offset+length)} to {@code address}. Long writes first read what is there and
     * store only the 8-byte runs that differ: reading is one bulk call, writing one call per 8 bytes, so putting an
     * upgrade's kept memory (megabytes, mostly equal to a fresh instance's zeros) into place costs a read.
     */
    public void write(long address, byte[] source, int offset, int length) {
        checkArray(source, offset, length);
        checkRange(address, length);
        if (length < COMPARE_THRESHOLD) {
            store(address, source, offset, length);
            return;
        }
        if (current == null) {
            current = new byte[COMPARE_CHUNK];
        }
        for (int done = 0; done < length; done += COMPARE_CHUNK) {
            int chunk = Math.min(COMPARE_CHUNK, length - done);
            long chunkAddress = address + done;
            read(chunkAddress, current, 0, chunk);
            int position = 0;
            while (position < chunk) {
                int mismatch = Arrays.mismatch(
                        current, position, chunk, source, offset + done + position, offset + done + chunk);
                if (mismatch < 0) {
                    break;
                }
                int runStart = position + mismatch;
                int runEnd = runStart;
                // extend over the differing run, 8 bytes at a time, then store it in one go
                while (runEnd < chunk
                        && !Arrays.equals(
                                current,
                                runEnd,
                                Math.min(runEnd + 8, chunk),
                                source,
                                offset + done + runEnd,
                                offset + done + Math.min(runEnd + 8, chunk))) {
                    runEnd = Math.min(runEnd + 8, chunk);
                }
                store(chunkAddress + runStart, source, offset + done + runStart, runEnd - runStart);
                position = runEnd;
            }
        }
    }

    /** Stores the bytes unconditionally: aligned 8-byte stores, single bytes at unaligned ends. */
    private void store(long address, byte[] source, int offset, int length) {
        markWritten(address, length);
        try {
            int i = 0;
            // unaligned head, so that the bulk of the copy uses aligned 8-byte stores
            while (i < length && ((address + i) & 7) != 0) {
                memory.writeBufferByte(address + i, source[offset + i]);
                i++;
            }
            for (; i + 8 <= length; i += 8) {
                memory.writeBufferLong(ByteOrder.LITTLE_ENDIAN, address + i, littleEndianLong(source, offset + i));
            }
            for (; i < length; i++) {
                memory.writeBufferByte(address + i, source[offset + i]);
            }
        } catch (IndexOutOfBoundsException | PolyglotException e) {
            throw outOfBounds(address, length);
        }
    }

    /** Writes all of {@code source} at {@code address}. */
    public void write(long address, byte[] source) {
        write(address, source, 0, source.length);
    }

    /** Writes 8 bytes, little-endian (WASM's byte order). */
    public void writeLong(long address, long value) {
        checkRange(address, 8);
        markWritten(address, 8);
        memory.writeBufferLong(ByteOrder.LITTLE_ENDIAN, address, value);
    }

    private void barrier(long address, long length) {
        if (markWrite != null && length > 0) {
            try {
                markWrite.execute(address, length);
            } catch (PolyglotException e) {
                // the log's memory could not grow: nothing was written, so a rollback is still exact
                throw new WasmTrap(
                        WasmTrap.Kind.RESOURCE_EXHAUSTED, "cannot log the old bytes of a host write: " + e, e);
            }
        }
    }

    /** Reads 8 bytes, little-endian. */
    public long readLong(long address) {
        checkRange(address, 8);
        return memory.readBufferLong(ByteOrder.LITTLE_ENDIAN, address);
    }

    /** Reads 4 bytes, little-endian. */
    public int readInt(long address) {
        checkRange(address, 4);
        return memory.readBufferInt(ByteOrder.LITTLE_ENDIAN, address);
    }

    static long littleEndianLong(byte[] bytes, int offset) {
        return (bytes[offset] & 0xFFL)
                | (bytes[offset + 1] & 0xFFL) << 8
                | (bytes[offset + 2] & 0xFFL) << 16
                | (bytes[offset + 3] & 0xFFL) << 24
                | (bytes[offset + 4] & 0xFFL) << 32
                | (bytes[offset + 5] & 0xFFL) << 40
                | (bytes[offset + 6] & 0xFFL) << 48
                | (bytes[offset + 7] & 0xFFL) << 56;
    }

    Value value() {
        return memory;
    }

    /**
     * Notes the pages about to be written and, the first time since the map was last cleared, passes them through the
     * module's barrier (a host write of a run already seen costs no call into the module).
     */
    private void markWritten(long address, long length) {
        if (length > 0) {
            int first = (int) Math.min(address >>> DirtyPageTracking.PAGE_SHIFT, Integer.MAX_VALUE - 1);
            int last = (int) Math.min((address + length - 1) >>> DirtyPageTracking.PAGE_SHIFT, Integer.MAX_VALUE - 1);
            if (pagesWrittenByHost.nextClearBit(first) <= last) {
                barrier(address, length);
                pagesWrittenByHost.set(first, last + 1);
            }
        }
    }

    /** The pages the host wrote since the module's map was last cleared; clear it whenever the map is. */
    BitSet pagesWrittenByHost() {
        return pagesWrittenByHost;
    }

    private void checkRange(long address, long length) {
        long size = size();
        if (address < 0 || length < 0 || address > size - length) {
            throw outOfBounds(address, length);
        }
    }

    private WasmTrap outOfBounds(long address, long length) {
        return new WasmTrap(
                WasmTrap.Kind.OUT_OF_BOUNDS,
                "memory access out of bounds: " + length + " bytes at address " + Long.toUnsignedString(address)
                        + " in a memory of " + size() + " bytes");
    }

    private static void checkArray(byte[] array, int offset, int length) {
        if (offset < 0 || length < 0 || offset > array.length - length) {
            throw new IndexOutOfBoundsException("range [" + offset + ", " + offset + " + " + length
                    + ") is outside an array of length " + array.length);
        }
    }
}
