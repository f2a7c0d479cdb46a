package io.diode.pocketic.embedded.wasm;

import org.graalvm.polyglot.Context;

/**
 * The GraalWasm context of one instance, or of an instance and its successors: an upgrade that keeps main memory
 * creates the new instance in the old one's context, because a memory can be imported only within its context. The
 * context closes with the last instance that uses it.
 *
 * <p>A closed instance's own memories (its dirty-page map, and its undo log, which a message that rewrites the heap,
 * such as a run of Motoko's collector, grows to the heap's size) stay allocated until then. So a context takes new
 * instances only while the closed ones retain no more than the shared memory itself or
 * {@value #MIN_RETAINED_BYTES_ALLOWED} bytes, whichever is larger, and at most {@value #MAX_INSTANCES} in its
 * lifetime; the next upgrade then copies the memory into a new context, which frees them all.
 */
final class SharedContext {

    static final long MIN_RETAINED_BYTES_ALLOWED = 256L << 20;
    static final int MAX_INSTANCES = 16;

    private final Context context;
    private int open;
    private int created;
    private long retainedBytes;

    SharedContext(Context context) {
        this.context = context;
    }

    Context context() {
        return context;
    }

    /** Whether another instance may still join, over a shared memory of {@code memoryBytes}. */
    synchronized boolean hasRoom(long memoryBytes) {
        return open > 0
                && created < MAX_INSTANCES
                && retainedBytes <= Math.max(MIN_RETAINED_BYTES_ALLOWED, memoryBytes);
    }

    /** An instance starts to use the context. */
    synchronized void join() {
        open++;
        created++;
    }

    /**
     * An instance no longer uses the context, though {@code retained} bytes of its memories stay allocated while the
     * context is open; the last one closes it.
     */
    synchronized void leave(long retained) {
        if (open > 0) {
            retainedBytes += retained;
            if (--open == 0) {
                context.close(true);
            }
        }
    }
}
