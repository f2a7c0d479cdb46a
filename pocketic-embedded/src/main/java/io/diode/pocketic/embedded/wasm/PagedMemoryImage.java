package io.diode.pocketic.embedded.wasm;

import java.util.Arrays;
import java.util.BitSet;

/**
 * A saved copy of a linear memory, kept as pages of {@link #PAGE_SIZE} bytes of which only the non-zero ones exist.
 *
 * <p>Why pages: a Motoko canister's memory is megabytes (5.5 MiB right after install), mostly zero. One flat
 * {@code byte[]} mirror of it is a humongous G1 allocation per canister, paid at its first message, and copies the
 * zeros too. Pages of 64 KiB are ordinary allocations, zero pages cost nothing, and a mirror only grows with the
 * memory the canister actually uses.
 *
 * <p>Images fork in constant time per page: a fork shares the page arrays and whichever image saves into a shared
 * page first copies it (copy on write), so a second snapshot of a large memory costs what differs, not the memory.
 */
final class PagedMemoryImage {

    static final int PAGE_SHIFT = 16;
    static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    private static final byte[] ZERO_PAGE = new byte[PAGE_SIZE];

    /** pages[i] holds bytes [i * PAGE_SIZE, (i + 1) * PAGE_SIZE); null means all zero. */
    private byte[][] pages = new byte[0][];
    /** Pages whose array another image may also hold: copied before this image writes into them. */
    private final BitSet shared = new BitSet();

    private long size;

    /** A copy of this image that shares its pages until either side saves into them. */
    PagedMemoryImage fork() {
        PagedMemoryImage copy = new PagedMemoryImage();
        copy.pages = pages.clone();
        copy.size = size;
        for (int page = 0; page < pages.length; page++) {
            if (pages[page] != null) {
                shared.set(page);
                copy.shared.set(page);
            }
        }
        return copy;
    }

    /** The memory size this image stands for, in bytes. */
    long size() {
        return size;
    }

    /**
     * Sets the size the image stands for. Pages added are zero (as pages added by {@code memory.grow} are);
     * pages removed are dropped.
     */
    void resize(long bytes) {
        long pageCount = (bytes + PAGE_SIZE - 1) >>> PAGE_SHIFT;
        if (pageCount > Integer.MAX_VALUE - 8) {
            throw new UnsupportedOperationException("cannot snapshot a memory of " + bytes + " bytes");
        }
        if (pageCount != pages.length) {
            if (pageCount < pages.length) {
                shared.clear((int) pageCount, pages.length);
            }
            pages = Arrays.copyOf(pages, (int) pageCount);
        }
        size = bytes;
    }

    /**
     * Copies {@code memory[start .. start+length)} into the image. A page that is still zero stays unallocated;
     * {@code scratch} (one page) receives the bytes first so that zero pages allocate nothing.
     */
    void save(LinearMemory memory, long start, long length, byte[] scratch) {
        forEachPageSpan(start, length, (page, pageStart, from, to) -> {
            byte[] saved = pages[page];
            if (saved != null && shared.get(page)) {
                saved = saved.clone();
                pages[page] = saved;
                shared.clear(page);
            }
            if (saved != null) {
                memory.read(pageStart + from, saved, from, to - from);
            } else {
                memory.read(pageStart + from, scratch, from, to - from);
                if (!isZero(scratch, from, to)) {
                    // the rest of the page is unchanged since it was saved as zero
                    byte[] fresh = new byte[PAGE_SIZE];
                    System.arraycopy(scratch, from, fresh, from, to - from);
                    pages[page] = fresh;
                    shared.clear(page);
                }
            }
        });
    }

    /**
     * Writes the image's bytes of {@code [start .. start+length)} back into {@code memory}. {@link LinearMemory#write}
     * compares long writes with what memory holds and stores only the runs that differ, which is what keeps a
     * rollback cheap.
     */
    void restore(LinearMemory memory, long start, long length) {
        forEachPageSpan(
                start,
                length,
                (page, pageStart, from, to) ->
                        memory.write(pageStart + from, pages[page] != null ? pages[page] : ZERO_PAGE, from, to - from));
    }

    /** The part of one page that a range covers: bytes {@code [from, to)} of page {@code page}. */
    @FunctionalInterface
    private interface PageSpanAction {
        void apply(int page, long pageStart, int from, int to);
    }

    /** Splits {@code [start .. start+length)}, clipped to the image's size, at page boundaries. */
    private void forEachPageSpan(long start, long length, PageSpanAction action) {
        long end = Math.min(start + length, size);
        for (long position = start; position < end; ) {
            int page = (int) (position >>> PAGE_SHIFT);
            long pageStart = (long) page << PAGE_SHIFT;
            int from = (int) (position - pageStart);
            int to = (int) Math.min(PAGE_SIZE, end - pageStart);
            action.apply(page, pageStart, from, to);
            position = pageStart + to;
        }
    }

    /** The whole image as one array (for tests). */
    byte[] toByteArray() {
        byte[] flat = new byte[Math.toIntExact(size)];
        for (int page = 0; page < pages.length; page++) {
            if (pages[page] != null) {
                long pageStart = (long) page << PAGE_SHIFT;
                System.arraycopy(pages[page], 0, flat, (int) pageStart, (int) Math.min(PAGE_SIZE, size - pageStart));
            }
        }
        return flat;
    }

    /** How many pages are allocated (non-zero when last saved). */
    int allocatedPages() {
        int count = 0;
        for (byte[] page : pages) {
            if (page != null) {
                count++;
            }
        }
        return count;
    }

    private static boolean isZero(byte[] bytes, int from, int to) {
        return Arrays.mismatch(bytes, from, to, ZERO_PAGE, from, to) < 0;
    }
}
