package io.diode.pocketic.embedded.wasm;

import static io.diode.pocketic.embedded.wasm.WasmOpcodes.*;

import java.util.OptionalLong;

/**
 * The store barrier's second duty beside {@link DirtyPageTracking}'s map: an undo log of the pages a message
 * overwrites, so a rollback writes back only those and nothing has to hold a copy of the untouched memory. The first
 * time a message writes a 4 KiB page (its map entry goes from 0 to 1), the barrier copies the page's old bytes into a
 * third memory ({@value #MEMORY_EXPORT}, memory64): a header of two i64 — the number of entries, then the bytes of
 * memory 0 below which pages are logged (0 = logging off) — then entries of the page index (i64) and its 4 KiB.
 * Pages at or past that limit are not logged: they were added by growth in the message, and undoing growth
 * ({@link LogicalMemorySize}) zeroes them. The log memory grows by a quarter plus 1 MiB when full and never shrinks,
 * so it settles at the largest set of pages one message rewrote.
 *
 * <p>{@value #BEGIN_EXPORT}{@code (bytes)} empties the log and sets the limit (the message's checkpoint);
 * {@value #APPLY_EXPORT}{@code ()} copies the entries back, newest first so that a page logged twice (the map was
 * cleared in between by a snapshot) ends with its oldest bytes, marks their map entries, and empties the log;
 * {@value #MARK_EXPORT}{@code (address, length)} is the barrier of a host write. The map's entries are a first-write
 * test only for pages below its last entry (1 GiB): the host turns logging off for larger memories.
 */
final class PageUndoLog {

    static final String MEMORY_EXPORT = StateAccessExports.PREFIX + "undo";
    static final String BEGIN_EXPORT = StateAccessExports.PREFIX + "undo.begin";
    static final String APPLY_EXPORT = StateAccessExports.PREFIX + "undo.apply";
    static final String MARK_EXPORT = StateAccessExports.PREFIX + "dirty.mark";
    /** Index of the log's memory (after memory 0 and the map's). */
    static final int MEMORY_INDEX = 2;

    static final int HEADER_BYTES = 16;
    static final int ENTRY_BYTES = 8 + (1 << DirtyPageTracking.PAGE_SHIFT);
    /** The largest memory 0 whose pages each have their own map entry, so that logging can be on. */
    static final long LOGGABLE_BYTES = (long) (DirtyPageTracking.MAP_ENTRIES - 1) << DirtyPageTracking.PAGE_SHIFT;

    private static final int MEMORY_COPY = 10;
    private static final int MAP_MEMORY = 1;
    private static final long LAST_MAP_ENTRY = DirtyPageTracking.MAP_ENTRIES - 1;

    private PageUndoLog() {}

    /**
     * The log's memory: one page to start with (the header), memory64, and a maximum that puts it in the same
     * GraalWasm implementation as memory 0, as {@code memory.copy} between the two requires (it casts one to the
     * other's class): GraalWasm 25 with unsafe memory keeps a memory whose maximum is at most 32,767 pages in a Java
     * array and a larger one in native memory. A mismatch after an upgrade of GraalWasm fails every test that rolls
     * back a store, on the hand-built modules (small) and Motoko's (large) alike.
     */
    static Limits memoryLimits(Limits memory0) {
        long arrayPages = 32_767;
        boolean arrayMemory0 =
                memory0.maximum().isPresent() && memory0.maximum().getAsLong() <= arrayPages;
        return new Limits(1, arrayMemory0 ? OptionalLong.of(arrayPages) : OptionalLong.empty(), true, false);
    }

    /**
     * mark(address): marks the page of a store's first byte, and the next page when a store of up to 8 bytes there
     * crosses into it. The map test is inline so that a store to a page already marked makes no further call: in
     * interpreted code, where a call costs most, that keeps the barrier as cheap as the plain mark it replaced.
     */
    static byte[] markBody(int markPage) {
        BinaryWriter w = new BinaryWriter();
        // locals: 0 address, 1 page
        w.writeU32(1).writeU32(1).writeByte(ValueType.I64.code());
        w.writeByte(LOCAL_GET).writeU32(0).writeByte(I64_CONST).writeS64(DirtyPageTracking.PAGE_SHIFT);
        w.writeByte(I64_SHR_U).writeByte(LOCAL_TEE).writeU32(1);
        w.writeByte(I64_CONST).writeS64(LAST_MAP_ENTRY);
        w.writeByte(LOCAL_GET)
                .writeU32(1)
                .writeByte(I64_CONST)
                .writeS64(LAST_MAP_ENTRY)
                .writeByte(I64_LT_U);
        w.writeByte(SELECT).writeByte(I32_WRAP_I64);
        w.writeByte(I32_LOAD8_U).writeU32(0x40).writeU32(MAP_MEMORY).writeU64(0);
        w.writeByte(I32_EQZ).writeByte(IF).writeByte(EMPTY_BLOCK);
        w.writeByte(LOCAL_GET).writeU32(1).writeByte(CALL).writeU32(markPage);
        w.writeByte(END);
        long pageMask = (1L << DirtyPageTracking.PAGE_SHIFT) - 1;
        w.writeByte(LOCAL_GET)
                .writeU32(0)
                .writeByte(I64_CONST)
                .writeS64(pageMask)
                .writeByte(I64_AND);
        w.writeByte(I64_CONST).writeS64(pageMask - 7).writeByte(I64_GT_U);
        w.writeByte(IF).writeByte(EMPTY_BLOCK);
        w.writeByte(LOCAL_GET).writeU32(1).writeByte(I64_CONST).writeS64(1).writeByte(I64_ADD);
        w.writeByte(CALL).writeU32(markPage);
        w.writeByte(END);
        return w.writeByte(END).toByteArray();
    }

    /**
     * markRange(address, length): marks every page of the range, nothing for length 0. Pages from the map's last
     * entry on share it, so the walk stops there.
     */
    static byte[] markRangeBody(int markPage) {
        BinaryWriter w = new BinaryWriter();
        w.writeU32(1).writeU32(2).writeByte(ValueType.I64.code());
        // locals: 0 address, 1 length, 2 page, 3 last page
        w.writeByte(LOCAL_GET).writeU32(1).writeByte(I64_EQZ).writeByte(IF).writeByte(EMPTY_BLOCK);
        w.writeByte(RETURN).writeByte(END);
        w.writeByte(LOCAL_GET).writeU32(0).writeByte(I64_CONST).writeS64(DirtyPageTracking.PAGE_SHIFT);
        w.writeByte(I64_SHR_U);
        clampInto(w, 2);
        w.writeByte(LOCAL_GET).writeU32(0).writeByte(LOCAL_GET).writeU32(1).writeByte(I64_ADD);
        w.writeByte(I64_CONST).writeS64(1).writeByte(I64_SUB);
        w.writeByte(I64_CONST).writeS64(DirtyPageTracking.PAGE_SHIFT).writeByte(I64_SHR_U);
        clampInto(w, 3);
        w.writeByte(LOOP).writeByte(EMPTY_BLOCK);
        w.writeByte(LOCAL_GET).writeU32(2).writeByte(CALL).writeU32(markPage);
        w.writeByte(LOCAL_GET).writeU32(2).writeByte(I64_CONST).writeS64(1).writeByte(I64_ADD);
        w.writeByte(LOCAL_TEE).writeU32(2).writeByte(LOCAL_GET).writeU32(3).writeByte(I64_LE_U);
        w.writeByte(BR_IF).writeU32(0);
        w.writeByte(END);
        return w.writeByte(END).toByteArray();
    }

    /**
     * markPage(page): if the page's map entry is clear, sets it and, below the limit, appends the page's bytes to the
     * log, growing the log's memory when full (a failed growth traps before the store it guards, so the log stays
     * complete).
     */
    static byte[] markPageBody() {
        BinaryWriter w = new BinaryWriter();
        // locals: 0 page, 1 map index (i32), 2 entry offset, 3 pages the log needs
        w.writeU32(2).writeU32(1).writeByte(ValueType.I32.code()).writeU32(2).writeByte(ValueType.I64.code());
        w.writeByte(LOCAL_GET).writeU32(0).writeByte(I64_CONST).writeS64(LAST_MAP_ENTRY);
        w.writeByte(LOCAL_GET)
                .writeU32(0)
                .writeByte(I64_CONST)
                .writeS64(LAST_MAP_ENTRY)
                .writeByte(I64_LT_U);
        w.writeByte(SELECT).writeByte(I32_WRAP_I64).writeByte(LOCAL_TEE).writeU32(1);
        w.writeByte(I32_LOAD8_U).writeU32(0x40).writeU32(MAP_MEMORY).writeU64(0);
        w.writeByte(IF).writeByte(EMPTY_BLOCK).writeByte(RETURN).writeByte(END);
        w.writeByte(LOCAL_GET).writeU32(1).writeByte(I32_CONST).writeS32(1);
        w.writeByte(I32_STORE8).writeU32(0x40).writeU32(MAP_MEMORY).writeU64(0);
        // page * 4 KiB >= limit: not logged
        w.writeByte(LOCAL_GET).writeU32(0).writeByte(I64_CONST).writeS64(DirtyPageTracking.PAGE_SHIFT);
        w.writeByte(I64_SHL);
        w.writeByte(I64_CONST).writeS64(8);
        loadLog(w);
        w.writeByte(I64_GE_U);
        w.writeByte(IF).writeByte(EMPTY_BLOCK).writeByte(RETURN).writeByte(END);
        // offset = header + count * entry
        w.writeByte(I64_CONST).writeS64(0);
        loadLog(w);
        w.writeByte(I64_CONST).writeS64(ENTRY_BYTES).writeByte(I64_MUL);
        w.writeByte(I64_CONST)
                .writeS64(HEADER_BYTES)
                .writeByte(I64_ADD)
                .writeByte(LOCAL_TEE)
                .writeU32(2);
        // needed pages of the log's memory = ceil((offset + entry) / 64 KiB)
        w.writeByte(I64_CONST).writeS64(ENTRY_BYTES + 65_535L).writeByte(I64_ADD);
        w.writeByte(I64_CONST)
                .writeS64(16)
                .writeByte(I64_SHR_U)
                .writeByte(LOCAL_TEE)
                .writeU32(3);
        w.writeByte(MEMORY_SIZE).writeU32(MEMORY_INDEX).writeByte(I64_GT_U);
        w.writeByte(IF).writeByte(EMPTY_BLOCK);
        // grow by what is missing plus a quarter plus 16 pages
        w.writeByte(LOCAL_GET)
                .writeU32(3)
                .writeByte(MEMORY_SIZE)
                .writeU32(MEMORY_INDEX)
                .writeByte(I64_SUB);
        w.writeByte(MEMORY_SIZE)
                .writeU32(MEMORY_INDEX)
                .writeByte(I64_CONST)
                .writeS64(2)
                .writeByte(I64_SHR_U);
        w.writeByte(I64_ADD).writeByte(I64_CONST).writeS64(16).writeByte(I64_ADD);
        w.writeByte(MEMORY_GROW).writeU32(MEMORY_INDEX);
        w.writeByte(I64_CONST).writeS64(-1).writeByte(I64_EQ);
        w.writeByte(IF).writeByte(EMPTY_BLOCK).writeByte(UNREACHABLE).writeByte(END);
        w.writeByte(END);
        // entry: page index, then the page's bytes
        w.writeByte(LOCAL_GET).writeU32(2).writeByte(LOCAL_GET).writeU32(0);
        storeLog(w);
        w.writeByte(LOCAL_GET).writeU32(2).writeByte(I64_CONST).writeS64(8).writeByte(I64_ADD);
        w.writeByte(LOCAL_GET).writeU32(0).writeByte(I64_CONST).writeS64(DirtyPageTracking.PAGE_SHIFT);
        w.writeByte(I64_SHL);
        w.writeByte(I64_CONST).writeS64(1L << DirtyPageTracking.PAGE_SHIFT);
        w.writeByte(PREFIX_FC).writeU32(MEMORY_COPY).writeU32(MEMORY_INDEX).writeU32(0);
        w.writeByte(I64_CONST).writeS64(0).writeByte(I64_CONST).writeS64(0);
        loadLog(w);
        w.writeByte(I64_CONST).writeS64(1).writeByte(I64_ADD);
        storeLog(w);
        return w.writeByte(END).toByteArray();
    }

    /** begin(limit bytes): empties the log; pages below the limit are logged from now on (0: none). */
    static byte[] beginBody() {
        BinaryWriter w = new BinaryWriter();
        w.writeU32(0);
        w.writeByte(I64_CONST).writeS64(0).writeByte(I64_CONST).writeS64(0);
        storeLog(w);
        w.writeByte(I64_CONST).writeS64(8).writeByte(LOCAL_GET).writeU32(0);
        storeLog(w);
        return w.writeByte(END).toByteArray();
    }

    /** apply(): copies the entries back, newest first, marks their pages in the map and empties the log. */
    static byte[] applyBody() {
        BinaryWriter w = new BinaryWriter();
        // locals: 0 entries left, 1 entry offset, 2 page
        w.writeU32(1).writeU32(3).writeByte(ValueType.I64.code());
        w.writeByte(I64_CONST).writeS64(0);
        loadLog(w);
        w.writeByte(LOCAL_SET).writeU32(0);
        w.writeByte(BLOCK).writeByte(EMPTY_BLOCK).writeByte(LOOP).writeByte(EMPTY_BLOCK);
        w.writeByte(LOCAL_GET).writeU32(0).writeByte(I64_EQZ).writeByte(BR_IF).writeU32(1);
        w.writeByte(LOCAL_GET).writeU32(0).writeByte(I64_CONST).writeS64(1).writeByte(I64_SUB);
        w.writeByte(LOCAL_TEE).writeU32(0);
        w.writeByte(I64_CONST).writeS64(ENTRY_BYTES).writeByte(I64_MUL);
        w.writeByte(I64_CONST)
                .writeS64(HEADER_BYTES)
                .writeByte(I64_ADD)
                .writeByte(LOCAL_TEE)
                .writeU32(1);
        loadLog(w);
        w.writeByte(LOCAL_SET).writeU32(2);
        // memory 0 [page * 4 KiB ..] <- log [offset + 8 ..], 4 KiB
        w.writeByte(LOCAL_GET).writeU32(2).writeByte(I64_CONST).writeS64(DirtyPageTracking.PAGE_SHIFT);
        w.writeByte(I64_SHL);
        w.writeByte(LOCAL_GET).writeU32(1).writeByte(I64_CONST).writeS64(8).writeByte(I64_ADD);
        w.writeByte(I64_CONST).writeS64(1L << DirtyPageTracking.PAGE_SHIFT);
        w.writeByte(PREFIX_FC).writeU32(MEMORY_COPY).writeU32(0).writeU32(MEMORY_INDEX);
        // the page changed since the last clear of the map: snapshots kept in step must know
        w.writeByte(LOCAL_GET)
                .writeU32(2)
                .writeByte(I32_WRAP_I64)
                .writeByte(I32_CONST)
                .writeS32(1);
        w.writeByte(I32_STORE8).writeU32(0x40).writeU32(MAP_MEMORY).writeU64(0);
        w.writeByte(BR).writeU32(0);
        w.writeByte(END).writeByte(END);
        w.writeByte(I64_CONST).writeS64(0).writeByte(I64_CONST).writeS64(0);
        storeLog(w);
        return w.writeByte(END).toByteArray();
    }

    /** i64.load from the log's memory: [address] -> [value]. */
    private static void loadLog(BinaryWriter w) {
        w.writeByte(I64_LOAD).writeU32(0x40 | 3).writeU32(MEMORY_INDEX).writeU64(0);
    }

    /** i64.store into the log's memory: [address, value] -> []. */
    private static void storeLog(BinaryWriter w) {
        w.writeByte(I64_STORE).writeU32(0x40 | 3).writeU32(MEMORY_INDEX).writeU64(0);
    }

    /** Pops an i64 page index, stores min(index, last map entry) into the local. */
    private static void clampInto(BinaryWriter w, int local) {
        w.writeByte(LOCAL_SET).writeU32(local);
        w.writeByte(LOCAL_GET).writeU32(local).writeByte(I64_CONST).writeS64(LAST_MAP_ENTRY);
        w.writeByte(LOCAL_GET)
                .writeU32(local)
                .writeByte(I64_CONST)
                .writeS64(LAST_MAP_ENTRY)
                .writeByte(I64_LT_U);
        w.writeByte(SELECT).writeByte(LOCAL_SET).writeU32(local);
    }
}
