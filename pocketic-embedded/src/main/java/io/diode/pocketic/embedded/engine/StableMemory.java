package io.diode.pocketic.embedded.engine;

import java.util.Arrays;

/**
 * A canister's stable memory: 64 KiB pages that survive upgrades. Pages are shared copy-on-write with
 * snapshots, so a message that may roll back costs a pointer copy, not a memory copy.
 */
public final class StableMemory {

    public static final int PAGE_SIZE = 65_536;
    /** The IC's stable memory limit: 500 GiB. */
    public static final long MAX_PAGES = 500L * 1024 * 1024 * 1024 / PAGE_SIZE;

    private byte[][] pages = new byte[0][];
    private long pageCount;
    /** pages[i] belongs to a snapshot too and must be copied before a write. */
    private boolean[] shared = new boolean[0];

    /** A frozen copy of the memory's pages. */
    public record Snapshot(byte[][] pages, long pageCount) {}

    public long sizeInPages() {
        return pageCount;
    }

    public long sizeInBytes() {
        return pageCount * PAGE_SIZE;
    }

    /** Grows by {@code newPages}; returns the previous size in pages, or -1 when the limit forbids it. */
    public long grow(long newPages) {
        if (newPages < 0 || pageCount + newPages > MAX_PAGES || pageCount + newPages > Integer.MAX_VALUE - 8) {
            return -1;
        }
        long previous = pageCount;
        pageCount += newPages;
        // pages are allocated lazily on first write: an untouched page reads as zeros
        if (pageCount > pages.length) {
            int capacity = (int) Math.max(pageCount, Math.min((long) pages.length * 2, Integer.MAX_VALUE - 8));
            pages = Arrays.copyOf(pages, capacity);
            shared = Arrays.copyOf(shared, capacity);
        }
        return previous;
    }

    public void read(long offset, byte[] destination, int destinationOffset, int length) {
        checkBounds(offset, length);
        int done = 0;
        while (done < length) {
            long position = offset + done;
            int page = (int) (position / PAGE_SIZE);
            int inPage = (int) (position % PAGE_SIZE);
            int chunk = Math.min(length - done, PAGE_SIZE - inPage);
            byte[] data = pages[page];
            if (data == null) {
                Arrays.fill(destination, destinationOffset + done, destinationOffset + done + chunk, (byte) 0);
            } else {
                System.arraycopy(data, inPage, destination, destinationOffset + done, chunk);
            }
            done += chunk;
        }
    }

    public void write(long offset, byte[] source, int sourceOffset, int length) {
        checkBounds(offset, length);
        int done = 0;
        while (done < length) {
            long position = offset + done;
            int page = (int) (position / PAGE_SIZE);
            int inPage = (int) (position % PAGE_SIZE);
            int chunk = Math.min(length - done, PAGE_SIZE - inPage);
            System.arraycopy(source, sourceOffset + done, writablePage(page), inPage, chunk);
            done += chunk;
        }
    }

    /** The whole memory as one array (for the testing back door). */
    public byte[] toByteArray() {
        if (sizeInBytes() > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("stable memory of " + sizeInBytes() + " bytes does not fit in an array");
        }
        byte[] all = new byte[(int) sizeInBytes()];
        read(0, all, 0, all.length);
        return all;
    }

    /** Replaces the contents, growing to hold {@code data}. */
    public void replaceWith(byte[] data) {
        long neededPages = (data.length + PAGE_SIZE - 1L) / PAGE_SIZE;
        pages = new byte[0][];
        shared = new boolean[0];
        pageCount = 0;
        grow(Math.max(neededPages, 0));
        write(0, data, 0, data.length);
    }

    public Snapshot snapshot() {
        Arrays.fill(shared, true);
        return new Snapshot(pages.clone(), pageCount);
    }

    public void restore(Snapshot snapshot) {
        pages = snapshot.pages().clone();
        pageCount = snapshot.pageCount();
        shared = new boolean[pages.length];
        Arrays.fill(shared, true);
    }

    private byte[] writablePage(int page) {
        byte[] data = pages[page];
        if (data == null) {
            data = new byte[PAGE_SIZE];
            pages[page] = data;
            shared[page] = false;
        } else if (shared[page]) {
            data = data.clone();
            pages[page] = data;
            shared[page] = false;
        }
        return data;
    }

    private void checkBounds(long offset, long length) {
        if (offset < 0 || length < 0 || offset + length > sizeInBytes() || offset + length < 0) {
            throw new CanisterTrap(
                    CanisterTrap.Kind.WASM_TRAP,
                    "stable memory out of bounds: access of " + length + " bytes at offset " + offset
                            + " in a stable memory of " + sizeInBytes() + " bytes");
        }
    }
}
