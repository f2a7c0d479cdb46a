package io.diode.pocketic.embedded.wasm;

import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.graalvm.polyglot.proxy.ProxyObject;

/**
 * One instantiated module: its own memory, globals and tables, and the host functions its imports are bound to.
 * Call exports with {@link #invoke}, move data with {@link #memory()}, roll a message back with {@link #checkpoint}
 * and {@link #restore(Checkpoint)}, and save state that outlives a message with {@link #snapshot()}. Calls are serialised (one at a time per instance); a host function may call back into the
 * same instance. Close it to free its memory.
 */
public final class WasmInstance implements AutoCloseable {

    /**
     * Snapshots kept in step with the memory at once: the engine's reusable one plus those a composite query holds
     * (one per canister and open call context). An older one still restores correctly, by a full comparison.
     */
    private static final int MAX_TRACKED_SNAPSHOTS = 8;

    private final WasmRuntime runtime;
    private final CompiledModule module;
    private final HostImports imports;
    private final Map<String, Value> functions = new HashMap<>();
    private SharedContext context;
    private Value exports;
    private LinearMemory memory;
    /** The module's map of written pages, or null if it is not tracked. */
    private Value dirtyPages;
    /**
     * Snapshots whose memory equals this instance's memory apart from the pages written since the last snapshot or
     * restore (the module's map, host writes) and the pages in their own {@code pending} set. Only relative to one
     * of them can a snapshot or restore skip clean pages, and a new snapshot be a fork of one. Newest first, weakly
     * held (callers drop snapshots without telling), at most {@value #MAX_TRACKED_SNAPSHOTS}.
     */
    private final ArrayDeque<WeakReference<Snapshot>> tracked = new ArrayDeque<>();

    private byte[] scratchPage;
    private byte[] dirtyMap;
    private byte[] globalsBuffer;
    private Duration executionTimeLimit = WasmRuntime.DEFAULT_EXECUTION_TIME_LIMIT;
    private int callDepth;
    private boolean closed;
    private boolean startPending;
    /**
     * The instance whose memory this one took over ({@link #WasmInstance(WasmInstance, CompiledModule, HostImports)}),
     * while it may still need it back; null otherwise.
     */
    private WasmInstance predecessor;
    /** The checkpoint taken as the memory was taken over: closing before the predecessor restores it. */
    private Checkpoint takeover;

    WasmInstance(WasmRuntime runtime, CompiledModule module, HostImports imports, boolean runStart) {
        this.runtime = runtime;
        this.module = module;
        this.imports = Objects.requireNonNull(imports, "imports");
        checkImports();
        use(instantiate(null, null));
        this.startPending = module.startExport() != null;
        if (runStart) {
            try {
                runStart();
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }
    }

    /**
     * The new instance of an upgrade that keeps main memory: {@code module} instantiated over {@code predecessor}'s
     * memory itself, in its context, with the start function not yet run (see
     * {@link WasmRuntime#instantiateOverMemoryOf}). Until the predecessor is closed the memory is only lent: closing
     * this instance first gives it back unchanged.
     */
    WasmInstance(WasmInstance predecessor, CompiledModule module, HostImports imports) {
        this.runtime = predecessor.runtime;
        this.module = module;
        this.imports = Objects.requireNonNull(imports, "imports");
        checkImports();
        long size = predecessor.memory().size();
        use(instantiate(predecessor.context, predecessor.memory.value()));
        this.startPending = module.startExport() != null;
        try {
            // the code sees the size the predecessor's code saw, not this module's initial size
            long initial = module.importedMemory().minimum() * LinearMemory.PAGE_SIZE;
            if (growMemory((size - initial) / LinearMemory.PAGE_SIZE) == -1) {
                throw new IllegalStateException("cannot give the new instance the memory's size of " + size + " bytes");
            }
            if (size < memory.value().getBufferSize()) {
                memory.truncated();
            }
            // from here on the barrier logs what this instance overwrites, so that it can give the memory back
            takeover = checkpoint(null);
            this.predecessor = predecessor;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Whether an instance of {@code successor} can take over this instance's memory: both import memory 0 with the
     * same index type and maximum, the successor adds no data segments (instantiation would write them over the
     * kept memory) and its initial size fits, and the memory is small enough to be rolled back through the undo log.
     */
    synchronized boolean canLendMemoryTo(CompiledModule successor) {
        Limits mine = module.importedMemory();
        Limits theirs = successor.importedMemory();
        if (closed || mine == null || theirs == null) {
            return false;
        }
        long size = memory.size();
        if (!context.hasRoom(memory.value().getBufferSize())) {
            return false;
        }
        return mine.address64() == theirs.address64()
                && mine.maximum().equals(theirs.maximum())
                && successor.module().activeDataSegments() == 0
                && theirs.minimum() * LinearMemory.PAGE_SIZE <= size
                && size <= PageUndoLog.LOGGABLE_BYTES;
    }

    /**
     * The successor gave the memory back. Its growth was truncated, but GraalWasm's memory stays larger: this
     * instance's code must now trap past its own size, which the size checks' flag says.
     */
    private synchronized void memoryReturned() {
        long size = call(LogicalMemorySize.SIZE_EXPORT).asLong();
        call(LogicalMemorySize.TRUNCATE_EXPORT, size);
        memory.truncated();
    }

    /**
     * Runs the module's start function if it has one and it has not run yet (see
     * {@link WasmRuntime#instantiateDeferringStart}); otherwise does nothing.
     *
     * @throws WasmTrap if the start function traps (it counts as run: it is not retried)
     */
    public void runStart() {
        GuestThreads.run(this::runStartHere);
    }

    private synchronized void runStartHere() {
        ensureOpen();
        if (startPending) {
            startPending = false;
            execute(exports.getMember(module.startExport()));
        }
    }

    /**
     * Calls entry {@code tableIndex} of table 0 as a function of type {@code [address] -> []}, where address is the
     * index type of memory 0 (i64 for memory64, else i32) — the shape of the IC's reply, reject and cleanup
     * callbacks, which canisters register by table index.
     *
     * @throws WasmTrap (INDIRECT_CALL) if the entry is empty or of another type, or the code traps
     * @throws IllegalStateException if the module has no funcref table 0
     */
    public void callTableEntry(long tableIndex, long argument) {
        GuestThreads.run(() -> callTableEntryHere(tableIndex, argument));
    }

    private synchronized void callTableEntryHere(long tableIndex, long argument) {
        ensureOpen();
        if (module.tableCallExport() == null) {
            throw new IllegalStateException("the module has no function table");
        }
        if (tableIndex < 0 || tableIndex > 0xFFFF_FFFFL) {
            throw new WasmTrap(WasmTrap.Kind.INDIRECT_CALL, "table index " + tableIndex + " out of bounds", null);
        }
        Object guestArgument = module.module().usesMemory64() ? (Object) argument : (Object) (int) argument;
        execute(
                functions.computeIfAbsent(module.tableCallExport(), exports::getMember),
                (int) tableIndex,
                guestArgument);
    }

    /**
     * Grows memory 0 by {@code pages} 64 KiB pages, as {@code memory.grow} does.
     *
     * @return the previous size in pages, or -1 if the memory cannot grow that much
     * @throws IllegalStateException if the module has no memory
     */
    public synchronized long growMemory(long pages) {
        ensureOpen();
        if (module.memoryGrowExport() == null) {
            throw new IllegalStateException("the module has no memory");
        }
        boolean memory64 = module.module().usesMemory64();
        Value previous = call(module.memoryGrowExport(), memory64 ? (Object) pages : (Object) (int) pages);
        return memory64 ? previous.asLong() : previous.asInt();
    }

    /** The compiled module this instance runs. */
    public CompiledModule module() {
        return module;
    }

    /**
     * Memory 0, for host functions and the engine to read arguments and write results.
     *
     * @throws IllegalStateException if the module has no memory
     */
    public synchronized LinearMemory memory() {
        ensureOpen();
        if (memory == null) {
            throw new IllegalStateException("the module has no memory");
        }
        return memory;
    }

    /**
     * The instructions the code may still execute: the counter {@link InstructionMetering} added, which every basic
     * block decreases by its cost. Negative once the code ran out (it then traps with
     * {@link WasmTrap.Kind#OUT_OF_INSTRUCTIONS} at the next function entry or loop iteration).
     *
     * @throws IllegalStateException if the module is not metered
     */
    public synchronized long instructionCounter() {
        ensureOpen();
        requireMetered();
        return call(InstructionMetering.GET_EXPORT).asLong();
    }

    /** Sets the counter (see {@link #instructionCounter()}), typically to the limit of the next call. */
    public synchronized void setInstructionCounter(long remaining) {
        ensureOpen();
        requireMetered();
        call(InstructionMetering.SET_EXPORT, remaining);
    }

    private void requireMetered() {
        if (!module.metered()) {
            throw new IllegalStateException("the module was compiled without instruction metering");
        }
    }

    /** The wall-clock limit of each top-level {@link #invoke}: a safety net behind the instruction counter. */
    public synchronized void setExecutionTimeLimit(Duration limit) {
        if (limit == null || limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("the execution time limit must be positive, not " + limit);
        }
        this.executionTimeLimit = limit;
    }

    public synchronized Duration executionTimeLimit() {
        return executionTimeLimit;
    }

    /**
     * Calls an exported function.
     *
     * @param args one per parameter: an i32 as any {@code long} whose low 32 bits are the value, an i64 as is,
     *        an f32/f64 as raw IEEE bits
     * @return the single result (an i32 zero-extended, f32/f64 as raw bits), or 0 for functions without results
     * @throws WasmTrap if the code traps or exceeds the execution time limit
     * @throws RuntimeException the very exception a host function threw to abort execution
     * @throws IllegalArgumentException if there is no such exported function or the argument count is wrong
     */
    public long invoke(String name, long... args) {
        return GuestThreads.call(() -> invokeHere(name, args));
    }

    private synchronized long invokeHere(String name, long... args) {
        ensureOpen();
        FunctionType type = module.module()
                .exportedFunctionType(name)
                .orElseThrow(() -> new IllegalArgumentException("the module exports no function named '" + name
                        + "'; it exports " + module.module().exportedFunctionNames()));
        if (args.length != type.params().size()) {
            throw new IllegalArgumentException("'" + name + "' takes "
                    + type.params().size() + " arguments " + type + " but " + args.length + " were given");
        }
        Object[] converted = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            converted[i] = toGuest(type.params().get(i), args[i]);
        }
        Value function = functions.computeIfAbsent(name, exports::getMember);
        Value result = execute(function, converted);
        if (type.results().isEmpty()) {
            return 0;
        }
        Value first = type.results().size() == 1 ? result : result.getArrayElement(0);
        return fromGuest(type.results().get(0), first);
    }

    /**
     * Saves everything a message can change: memory contents and size, and every mutable global. Tables are not
     * saved (moc-generated code never changes its table after instantiation); {@link #restore} documents this.
     * While another snapshot of this instance is kept in step with memory (see {@link #snapshot(Snapshot)}), the new
     * one is a copy-on-write fork of it plus the pages that differ, not a full copy.
     *
     * @throws UnsupportedOperationException if the module has mutable globals of a type the host cannot read
     *         (v128, references)
     */
    public synchronized Snapshot snapshot() {
        return snapshot(null);
    }

    /** Snapshots and checkpoints save the mutable globals through the host, which cannot read v128 or references. */
    private void requireReadableGlobals() {
        if (!module.unsupportedGlobals().isEmpty()) {
            throw new UnsupportedOperationException(
                    "cannot snapshot mutable globals " + module.unsupportedGlobals() + " of reference or v128 type");
        }
    }

    /**
     * Like {@link #snapshot()}, but saves into {@code reuse} instead of allocating a new snapshot. {@code reuse} must
     * be a snapshot of this instance that is no longer needed; it is returned, updated. The
     * eight snapshots most recently taken or restored are kept in step with memory: saving
     * into one of them, or restoring one, visits only the pages written since, or since it was last in step.
     */
    public synchronized Snapshot snapshot(Snapshot reuse) {
        ensureOpen();
        requireReadableGlobals();
        if (reuse != null && reuse.owner != this) {
            throw new IllegalArgumentException("the snapshot to reuse belongs to another instance");
        }
        long size = memory == null ? 0 : memory.size();
        BitSet written = memory == null ? null : pagesWrittenSinceLastClear(size);
        long[] reusedGlobals = reuse == null ? null : reuse.globals;
        // with the map read, one call can both hand over the globals and clear it
        boolean committed = written != null && module.globalsCommitExport() != null;
        long[] globals = committed ? commitGlobals(reusedGlobals, size) : readGlobals(reusedGlobals);
        Snapshot result = reuse != null ? reuse : new Snapshot(this, globals);
        result.globals = globals;
        if (memory != null) {
            // a new snapshot starts as a fork of a tracked one; pages memory.grow added since are zero, and written
            // ones are marked: the image just gets longer
            Snapshot base = reuse != null ? reuse : newestTracked();
            // the base may be larger (the memory was truncated since): its pages past the end then just drop off
            if (written != null && base != null && base.pending != null) {
                BitSet changed = (BitSet) written.clone();
                changed.or(base.pending);
                if (result != base) {
                    result.memory = base.memory.fork();
                }
                result.memory.resize(size);
                forEachRange(
                        changed, size, (start, length) -> result.memory.save(memory, start, length, scratchPage()));
            } else {
                result.memory = new PagedMemoryImage();
                result.memory.resize(size);
                result.memory.save(memory, 0, size, scratchPage());
            }
            inStepWith(result, written);
            if (committed) {
                memory.pagesWrittenByHost().clear();
            } else {
                clearDirtyPages();
            }
        }
        return result;
    }

    /**
     * Saves what a rollback of the message about to run needs, and nothing that stays the same: the mutable globals
     * and the memory's size. The memory's old bytes are kept by the code itself as it runs ({@link PageUndoLog}: the
     * first store to each 4 KiB page copies it into the instance's log), so {@link #restore(Checkpoint)} writes back
     * only the pages the message changed and no copy of the untouched memory exists anywhere. Modules without a
     * log (no dirty-page map or logical memory size) and memories over 1 GiB fall back to a {@link #snapshot}.
     *
     * <p>Only the newest checkpoint restores: taking one empties the log. {@code reuse} (a checkpoint of this
     * instance, or null) is updated and returned, so messages allocate nothing. Snapshots taken and restored
     * meanwhile (composite queries, canister snapshots) leave the checkpoint valid.
     *
     * @throws UnsupportedOperationException if the module has mutable globals of a type the host cannot read
     */
    public synchronized Checkpoint checkpoint(Checkpoint reuse) {
        ensureOpen();
        if (takeover != null && predecessor != null && !predecessor.closed) {
            // only the checkpoint of the takeover can give the lent memory back
            throw new IllegalStateException("an instance takes checkpoints once its predecessor is closed");
        }
        if (reuse != null && reuse.owner != this) {
            throw new IllegalArgumentException("the checkpoint to reuse belongs to another instance");
        }
        Checkpoint result = reuse != null ? reuse : new Checkpoint(this);
        boolean logged = dirtyPages != null && module.hasLogicalMemorySize();
        if (!logged || memory.size() > PageUndoLog.LOGGABLE_BYTES) {
            if (logged) {
                call(PageUndoLog.BEGIN_EXPORT, 0L);
            }
            result.full = snapshot(result.full);
            return result;
        }
        requireReadableGlobals();
        if (result.full != null) {
            untrack(result.full);
            result.full = null;
        }
        long size = memory.size();
        if (pruneTracked()) {
            alsoDifferIn(pagesWrittenSinceLastClear(size));
        }
        if (module.globalsCommitExport() != null) {
            result.globals = commitGlobals(result.globals, size);
            memory.pagesWrittenByHost().clear();
        } else {
            result.globals = readGlobals(result.globals);
            clearDirtyPages();
        }
        call(PageUndoLog.BEGIN_EXPORT, size);
        result.memorySize = size;
        return result;
    }

    /**
     * Puts memory and mutable globals back as they were at {@code checkpoint}, the newest taken of this instance: the
     * logged pages go back, newest first, inside the module (one call), and growth since is undone by truncation.
     * The checkpoint stays valid: it can be restored again.
     *
     * @throws IllegalArgumentException if the checkpoint was taken of another instance
     */
    public synchronized void restore(Checkpoint checkpoint) {
        ensureOpen();
        if (checkpoint.owner != this) {
            throw new IllegalArgumentException("a checkpoint restores only into the instance it was taken of");
        }
        if (checkpoint.full != null) {
            restore(checkpoint.full);
            return;
        }
        long savedSize = checkpoint.memorySize;
        long currentSize = memory.size();
        boolean truncate = matchSizeBeforeRestore(savedSize, currentSize);
        call(PageUndoLog.APPLY_EXPORT);
        if (truncate) {
            truncateTo(savedSize);
        }
        if (pruneTracked()) {
            // the log marked the pages it put back; every snapshot kept in step may now differ there too
            BitSet changed = pagesWrittenSinceLastClear(savedSize);
            if (truncate) {
                changed.set(trackingPages(savedSize), trackingPages(Math.max(currentSize, largestTracked())));
            }
            alsoDifferIn(changed);
        }
        clearDirtyPages(Math.max(currentSize, savedSize));
        writeGlobals(checkpoint.globals);
    }

    /** Entries in the undo log (pages saved since the newest checkpoint), or -1 without a log: for tests. */
    synchronized long undoLogEntries() {
        if (dirtyPages == null) {
            return -1;
        }
        return exports.getMember(PageUndoLog.MEMORY_EXPORT).readBufferLong(ByteOrder.LITTLE_ENDIAN, 0);
    }

    /** Drops dead snapshots from those kept in step; whether any is left. */
    private boolean pruneTracked() {
        tracked.removeIf(reference -> reference.get() == null);
        return !tracked.isEmpty();
    }

    /** Records that every snapshot kept in step may also differ from the memory in {@code pages}. */
    private void alsoDifferIn(BitSet pages) {
        for (WeakReference<Snapshot> reference : tracked) {
            Snapshot other = reference.get();
            if (other != null) {
                other.pending.or(pages);
            }
        }
    }

    /** Stops keeping {@code snapshot} in step (a checkpoint no longer needs its full copy). */
    private void untrack(Snapshot snapshot) {
        tracked.removeIf(reference -> reference.get() == snapshot);
        snapshot.pending = null;
    }

    /**
     * Puts memory and mutable globals back as they were at {@code snapshot}. Only the 8-byte words that differ are
     * written. If the memory grew since, its logical size is truncated back ({@link LogicalMemorySize}: the pages
     * past it are zeroed and accesses to them trap), which costs what the growth added, not the whole memory. A
     * module without a logical size is recreated instead (a memory cannot shrink): instantiated afresh, grown to the
     * saved size and overwritten with the saved state; its start function is not run again, as everything it could
     * set is overwritten. Tables are not restored.
     *
     * <p>A snapshot of another instance of the same compiled module restores too, by a full write (a canister
     * snapshot outlives the instance it was taken of: loading it after an upgrade brings the old module back in a
     * new instance). The new instance's start function then never runs: the snapshot overwrites what it would set.
     *
     * @throws IllegalArgumentException if the snapshot was taken of an instance of another module
     */
    public synchronized void restore(Snapshot snapshot) {
        ensureOpen();
        if (snapshot.owner != this) {
            restoreForeign(snapshot);
            return;
        }
        long savedSize = snapshot.memorySize();
        if (memory != null) {
            long currentSize = memory.size();
            boolean truncate = matchSizeBeforeRestore(savedSize, currentSize);
            BitSet written = pagesWrittenSinceLastClear(savedSize);
            if (written != null && snapshot.pending != null) {
                BitSet changed = (BitSet) written.clone();
                changed.or(snapshot.pending);
                forEachRange(changed, savedSize, (start, length) -> snapshot.memory.restore(memory, start, length));
                if (truncate) {
                    truncateTo(savedSize);
                    // every other snapshot may differ from the zeros past the new end, up to its own end
                    changed.set(trackingPages(savedSize), trackingPages(Math.max(currentSize, largestTracked())));
                }
                inStepWith(snapshot, changed);
            } else {
                snapshot.memory.restore(memory, 0, savedSize);
                if (truncate) {
                    truncateTo(savedSize);
                }
                // which pages a full restore changed is not known, so no other snapshot stays in step
                untrackAll();
                inStepWith(snapshot, written);
            }
            clearDirtyPages(Math.max(currentSize, savedSize));
        }
        writeGlobals(snapshot.globals);
    }

    /**
     * Brings the memory to {@code savedSize} where that must happen before the saved bytes go back: growth (the pages
     * added are zero), or a new instance for a module without a logical size. Returns whether the logical size must
     * be truncated once the bytes below {@code savedSize} are restored.
     */
    private boolean matchSizeBeforeRestore(long savedSize, long currentSize) {
        if (currentSize == savedSize) {
            return false;
        }
        if (!module.hasLogicalMemorySize()) {
            resizeTo(savedSize);
            return false;
        }
        if (savedSize > currentSize) {
            if (growMemory((savedSize - currentSize) / LinearMemory.PAGE_SIZE) == -1) {
                throw new IllegalStateException("cannot grow the memory back to " + savedSize + " bytes");
            }
            return false;
        }
        return true;
    }

    /** Zeroes memory from {@code bytes} to its logical end and makes {@code bytes} the logical size. */
    private void truncateTo(long bytes) {
        long end = memory.size();
        if (dirtyPages != null && end > bytes) {
            // pages below the running checkpoint's size that the truncation zeroes go into its undo log first
            call(PageUndoLog.MARK_EXPORT, bytes, end - bytes);
        }
        call(LogicalMemorySize.TRUNCATE_EXPORT, bytes);
        memory.truncated();
    }

    /** The largest memory size of the snapshots kept in step. */
    private long largestTracked() {
        long largest = 0;
        for (WeakReference<Snapshot> reference : tracked) {
            Snapshot snapshot = reference.get();
            if (snapshot != null) {
                largest = Math.max(largest, snapshot.memorySize());
            }
        }
        return largest;
    }

    /** Dirty-tracking pages that cover {@code bytes}. */
    private static int trackingPages(long bytes) {
        long pageSize = 1L << DirtyPageTracking.PAGE_SHIFT;
        return (int) Math.min(Integer.MAX_VALUE, (bytes + pageSize - 1) / pageSize);
    }

    private void restoreForeign(Snapshot snapshot) {
        if (snapshot.owner.module != module) {
            throw new IllegalArgumentException("the snapshot was taken of an instance of another module");
        }
        startPending = false;
        long savedSize = snapshot.memorySize();
        if (memory != null) {
            long currentSize = memory.size();
            boolean truncate = matchSizeBeforeRestore(savedSize, currentSize);
            snapshot.memory.restore(memory, 0, savedSize);
            if (truncate) {
                truncateTo(savedSize);
            }
            untrackAll();
            clearDirtyPages(Math.max(currentSize, savedSize));
        }
        writeGlobals(snapshot.globals);
    }

    /**
     * Gives the instance a memory of {@code bytes}: a fresh instantiation of the module (a memory cannot shrink; its
     * start function is not run), grown to that size. Nothing is tracked afterwards.
     */
    private void resizeTo(long bytes) {
        SharedContext old = context;
        use(instantiate(null, null));
        untrackAll();
        functions.clear();
        old.leave(0);
        long missingPages = (bytes - memory.size()) / LinearMemory.PAGE_SIZE;
        if (missingPages > 0) {
            growMemory(missingPages);
        }
    }

    /** One page of working space for snapshots and restores, kept so that messages allocate nothing. */
    private byte[] scratchPage() {
        if (scratchPage == null) {
            scratchPage = new byte[PagedMemoryImage.PAGE_SIZE];
        }
        return scratchPage;
    }

    /** A byte range of memory. */
    @FunctionalInterface
    private interface RangeAction {
        void apply(long start, long length);
    }

    /**
     * The 4 KiB pages written since the last snapshot or restore, by the code (the module's map) or by the host; null
     * when the module is not tracked.
     */
    private BitSet pagesWrittenSinceLastClear(long memorySize) {
        if (dirtyPages == null) {
            return null;
        }
        int entries = mapEntries(memorySize);
        byte[] map = dirtyMap(entries);
        dirtyPages.readBuffer(0, map, 0, entries);
        BitSet pages = (BitSet) memory.pagesWrittenByHost().clone();
        for (int page = 0; page < entries; page++) {
            if (map[page] != 0) {
                pages.set(page);
            }
        }
        int last = DirtyPageTracking.MAP_ENTRIES - 1;
        if (entries > last && map[last] != 0) {
            // the last map entry stands for every page from it to the end of memory
            long pageSize = 1L << DirtyPageTracking.PAGE_SHIFT;
            pages.set(last, (int) Math.min(Integer.MAX_VALUE, (memorySize + pageSize - 1) / pageSize));
        }
        return pages;
    }

    /**
     * Visits the byte ranges of {@code pages} within the memory: each run of pages plus the bytes a store starting
     * in its last page may spill into the next.
     */
    private static void forEachRange(BitSet pages, long memorySize, RangeAction action) {
        long pageSize = 1L << DirtyPageTracking.PAGE_SHIFT;
        for (int first = pages.nextSetBit(0); first >= 0; first = pages.nextSetBit(first)) {
            long start = first * pageSize;
            if (start >= memorySize) {
                return;
            }
            int end = pages.nextClearBit(first);
            action.apply(start, Math.min(memorySize, end * pageSize + DirtyPageTracking.SPILL) - start);
            first = end;
        }
    }

    /**
     * Records that {@code current} now equals the memory, and that every other tracked snapshot now also differs in
     * the pages {@code changed}. Without a tracked module ({@code changed} null) nothing is tracked.
     */
    private void inStepWith(Snapshot current, BitSet changed) {
        if (changed == null) {
            untrackAll();
            return;
        }
        WeakReference<Snapshot> own = null;
        for (Iterator<WeakReference<Snapshot>> i = tracked.iterator(); i.hasNext(); ) {
            WeakReference<Snapshot> reference = i.next();
            Snapshot other = reference.get();
            if (other == current) {
                own = reference;
                i.remove();
            } else if (other == null) {
                i.remove();
            } else {
                other.pending.or(changed);
            }
        }
        if (current.pending == null) {
            current.pending = new BitSet();
        } else {
            current.pending.clear();
        }
        tracked.addFirst(own != null ? own : new WeakReference<>(current));
        while (tracked.size() > MAX_TRACKED_SNAPSHOTS) {
            Snapshot dropped = tracked.removeLast().get();
            if (dropped != null) {
                dropped.pending = null;
            }
        }
    }

    private Snapshot newestTracked() {
        for (WeakReference<Snapshot> reference : tracked) {
            Snapshot snapshot = reference.get();
            if (snapshot != null) {
                return snapshot;
            }
        }
        return null;
    }

    private void untrackAll() {
        for (WeakReference<Snapshot> reference : tracked) {
            Snapshot snapshot = reference.get();
            if (snapshot != null) {
                snapshot.pending = null;
            }
        }
        tracked.clear();
    }

    /** The map entries that cover a memory of {@code memorySize} bytes. */
    private static int mapEntries(long memorySize) {
        long pageSize = 1L << DirtyPageTracking.PAGE_SHIFT;
        return (int) Math.min((memorySize + pageSize - 1) / pageSize, DirtyPageTracking.MAP_ENTRIES);
    }

    private byte[] dirtyMap(int entries) {
        if (dirtyMap == null || dirtyMap.length < entries) {
            dirtyMap = new byte[entries];
        }
        return dirtyMap;
    }

    /** How many bytes the next incremental snapshot or restore would visit (for the benchmark). */
    synchronized long dirtyBytes() {
        if (dirtyPages == null || memory == null) {
            return -1;
        }
        long[] total = {0};
        forEachRange(pagesWrittenSinceLastClear(memory.size()), memory.size(), (start, length) -> total[0] += length);
        return total[0];
    }

    private void clearDirtyPages() {
        clearDirtyPages(memory.size());
    }

    /** Clears the map over the first {@code memorySize} bytes (a truncated memory: over its size before). */
    private void clearDirtyPages(long memorySize) {
        memory.pagesWrittenByHost().clear();
        if (dirtyPages != null) {
            // Entries past the memory's end are only marked by stores that trapped out of bounds; left marked, they
            // cost one extra copy should the memory ever grow over them, never a missed change.
            call(DirtyPageTracking.CLEAR_EXPORT, mapEntries(memorySize));
        }
    }

    /** The mutable globals through the commit export, which also clears the map (see {@link StateAccessExports}). */
    private long[] commitGlobals(long[] reuse, long memorySize) {
        int count = module.mutableGlobals().size();
        long[] values = reuse != null && reuse.length == count ? reuse : new long[count];
        call(module.globalsCommitExport(), mapEntries(memorySize));
        if (globalsBuffer == null || globalsBuffer.length != count * 8) {
            globalsBuffer = new byte[count * 8];
        }
        dirtyPages.readBuffer(DirtyPageTracking.GLOBALS_OFFSET, globalsBuffer, 0, globalsBuffer.length);
        ByteBuffer buffer = ByteBuffer.wrap(globalsBuffer).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            values[i] = buffer.getLong(8 * i);
        }
        return values;
    }

    private long[] readGlobals(long[] reuse) {
        List<StateAccessExports.MutableGlobal> globals = module.mutableGlobals();
        long[] values = reuse != null && reuse.length == globals.size() ? reuse : new long[globals.size()];
        if (values.length == 0) {
            return values;
        }
        Value result = call(StateAccessExports.GLOBALS_GET_EXPORT);
        if (values.length == 1) {
            values[0] = fromGuest(globals.get(0).type(), result);
        } else {
            for (int i = 0; i < values.length; i++) {
                values[i] = fromGuest(globals.get(i).type(), result.getArrayElement(i));
            }
        }
        return values;
    }

    private void writeGlobals(long[] values) {
        if (values.length == 0) {
            return;
        }
        List<StateAccessExports.MutableGlobal> globals = module.mutableGlobals();
        Object[] args = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            args[i] = toGuest(globals.get(i).type(), values[i]);
        }
        call(StateAccessExports.GLOBALS_SET_EXPORT, args);
    }

    /** Calls one of the exports this layer added, which run in constant time: no watchdog needed. */
    private Value call(String export, Object... args) {
        Value function = functions.computeIfAbsent(export, exports::getMember);
        try {
            return function.execute(args);
        } catch (PolyglotException e) {
            throw translate(e);
        }
    }

    /**
     * Frees the instance's memory. Further calls fail. An instance that took over its predecessor's memory and is
     * closed before it (a failed upgrade) first gives the memory back as it found it: its writes undone, its
     * growth truncated.
     */
    @Override
    public synchronized void close() {
        if (!closed) {
            try {
                if (predecessor != null && !predecessor.closed) {
                    restore(takeover);
                    predecessor.memoryReturned();
                }
            } finally {
                closed = true;
                predecessor = null;
                takeover = null;
                context.leave(ownMemoryBytes());
            }
        }
    }

    /** Bytes of the memories only this instance uses (the dirty-page map's and the undo log's). */
    private long ownMemoryBytes() {
        if (dirtyPages == null) {
            return 0;
        }
        try {
            return dirtyPages.getBufferSize()
                    + exports.getMember(PageUndoLog.MEMORY_EXPORT).getBufferSize();
        } catch (PolyglotException | IllegalStateException closing) {
            return 0; // the context or the whole runtime is closed already: nothing stays allocated
        }
    }

    private record Instantiation(SharedContext context, Value exports, LinearMemory memory, Value dirtyPages) {}

    /** Makes {@code fresh} the instantiation this instance runs. */
    private void use(Instantiation fresh) {
        context = fresh.context();
        exports = fresh.exports();
        memory = fresh.memory();
        dirtyPages = fresh.dirtyPages();
    }

    /**
     * A new instance in {@code shared} (null: in a new context) over {@code mainMemory} (null: a new memory, where
     * the module imports memory 0).
     */
    private Instantiation instantiate(SharedContext shared, Value mainMemory) {
        SharedContext target = shared != null ? shared : new SharedContext(runtime.newContext());
        Context fresh = target.context();
        target.join();
        try {
            Value wasmModule = fresh.eval(module.source());
            Value memory0 = mainMemory;
            if (memory0 == null && module.importedMemory() != null) {
                memory0 = fresh.eval(module.memoryProvider())
                        .newInstance()
                        .getMember("exports")
                        .getMember(MainMemoryImport.PROVIDER_EXPORT);
            }
            Value instance = wasmModule.newInstance(importObject(memory0));
            Value freshExports = instance.getMember("exports");
            LinearMemory freshMemory = module.memoryExport() == null
                    ? null
                    : new LinearMemory(
                            freshExports.getMember(module.memoryExport()),
                            module.hasLogicalMemorySize()
                                    ? freshExports.getMember(LogicalMemorySize.SIZE_EXPORT)
                                    : null,
                            module.tracksDirtyPages() ? freshExports.getMember(PageUndoLog.MARK_EXPORT) : null);
            Value freshDirtyPages =
                    module.tracksDirtyPages() ? freshExports.getMember(DirtyPageTracking.BITMAP_EXPORT) : null;
            return new Instantiation(target, freshExports, freshMemory, freshDirtyPages);
        } catch (PolyglotException e) {
            target.leave(0);
            RuntimeException translated = translate(e);
            if (translated instanceof WasmTrap || e.isHostException()) {
                throw translated;
            }
            throw new InvalidWasmException("cannot instantiate the module: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            target.leave(0);
            throw e;
        }
    }

    private void checkImports() {
        List<String> missing = new ArrayList<>();
        for (WasmImport imported : module.module().imports()) {
            if (imported.kind() != ExternalKind.FUNCTION) {
                throw new InvalidWasmException(
                        "the module imports " + imported.kind().name().toLowerCase() + " " + imported.qualifiedName()
                                + ", but only function imports can be provided");
            }
            if (imports.function(imported.module(), imported.name()).isEmpty()) {
                missing.add(imported.qualifiedName() + " " + imported.functionType());
            }
        }
        if (!missing.isEmpty()) {
            throw new InvalidWasmException("the module imports functions the host does not provide: " + missing);
        }
    }

    private ProxyObject importObject(Value mainMemory) {
        Map<String, Map<String, Object>> byModule = new LinkedHashMap<>();
        for (WasmImport imported : module.module().functionImports()) {
            HostFunction function =
                    imports.function(imported.module(), imported.name()).orElseThrow();
            byModule.computeIfAbsent(imported.module(), m -> new LinkedHashMap<>())
                    .put(imported.name(), adapter(function, imported.functionType()));
        }
        if (mainMemory != null) {
            byModule.computeIfAbsent(MainMemoryImport.MODULE, m -> new LinkedHashMap<>())
                    .put(MainMemoryImport.NAME, mainMemory);
        }
        Map<String, Object> object = new LinkedHashMap<>();
        byModule.forEach((name, functionsOfModule) -> object.put(name, ProxyObject.fromMap(functionsOfModule)));
        return ProxyObject.fromMap(object);
    }

    private ProxyExecutable adapter(HostFunction function, FunctionType type) {
        List<ValueType> params = type.params();
        ValueType result = type.results().isEmpty() ? null : type.results().get(0);
        return arguments -> {
            long[] args = new long[params.size()];
            for (int i = 0; i < args.length; i++) {
                args[i] = fromGuest(params.get(i), arguments[i]);
            }
            long value = function.call(this, args);
            return result == null ? null : toGuest(result, value);
        };
    }

    private Value execute(Value function, Object... args) {
        ExecutionWatchdog.Running watched =
                callDepth == 0 ? runtime.watchdog().started(context.context(), executionTimeLimit) : null;
        callDepth++;
        try {
            return function.execute(args);
        } catch (PolyglotException e) {
            RuntimeException translated = translate(e);
            if (translated instanceof WasmTrap trap && trap.kind() == WasmTrap.Kind.UNREACHABLE) {
                translated = passTrap(trap, e);
            }
            if (callDepth == 1) {
                // none of this instance's frames is left: the stack limit's count restarts from zero (the frames the
                // exception unwound gave nothing back)
                call(StackDepthLimit.RESET_EXPORT);
            }
            throw translated;
        } finally {
            callDepth--;
            if (watched != null) {
                runtime.watchdog().finished(watched);
            }
        }
    }

    /** The passes trap with {@code unreachable}: which one did, if any, their state tells. */
    private WasmTrap passTrap(WasmTrap trap, PolyglotException e) {
        if (module.metered() && call(InstructionMetering.GET_EXPORT).asLong() < 0) {
            return new WasmTrap(WasmTrap.Kind.OUT_OF_INSTRUCTIONS, "instruction counter exhausted", e);
        }
        if (call(StackDepthLimit.USED_EXPORT).asInt() > StackDepthLimit.BUDGET_BYTES) {
            return new WasmTrap(
                    WasmTrap.Kind.STACK_OVERFLOW,
                    "stack overflow: the modelled Wasm stack passed " + StackDepthLimit.BUDGET_BYTES + " bytes",
                    e);
        }
        return trap;
    }

    private RuntimeException translate(PolyglotException e) {
        if (e.isHostException()) {
            Throwable host = e.asHostException();
            if (host instanceof RuntimeException runtimeException) {
                return runtimeException;
            }
            if (host instanceof Error error) {
                throw error;
            }
            return new IllegalStateException("a host function failed: " + host, host);
        }
        if (e.isInterrupted() || e.isCancelled()) {
            return new WasmTrap(
                    WasmTrap.Kind.LIMIT_EXCEEDED, "execution time limit of " + executionTimeLimit + " exceeded", e);
        }
        String message = e.getMessage() == null ? "trap" : e.getMessage();
        return new WasmTrap(classify(e, message), message, e);
    }

    private static WasmTrap.Kind classify(PolyglotException e, String message) {
        String lower = message.toLowerCase();
        if (lower.contains("stack overflow") || lower.contains("call stack exhausted")) {
            return WasmTrap.Kind.STACK_OVERFLOW;
        }
        if (e.isResourceExhausted()) {
            return WasmTrap.Kind.RESOURCE_EXHAUSTED;
        }
        if (lower.contains("unreachable")) {
            return WasmTrap.Kind.UNREACHABLE;
        }
        if (lower.contains("divide by zero") || lower.contains("division by zero")) {
            return WasmTrap.Kind.DIVIDE_BY_ZERO;
        }
        if (lower.contains("overflow")) {
            return WasmTrap.Kind.INTEGER_OVERFLOW;
        }
        if (lower.contains("out of bounds") || lower.contains("out-of-bounds")) {
            return WasmTrap.Kind.OUT_OF_BOUNDS;
        }
        if (lower.contains("indirect")
                || lower.contains("null function")
                || lower.contains("uninitialized")
                || lower.contains("signature")) {
            return WasmTrap.Kind.INDIRECT_CALL;
        }
        return WasmTrap.Kind.OTHER;
    }

    static Object toGuest(ValueType type, long value) {
        return switch (type) {
            case I32 -> (int) value;
            case I64 -> value;
            case F32 -> Float.intBitsToFloat((int) value);
            case F64 -> Double.longBitsToDouble(value);
            default -> throw new IllegalArgumentException("values of type " + type + " cannot cross to the host");
        };
    }

    static long fromGuest(ValueType type, Value value) {
        return switch (type) {
            case I32 -> value.asInt() & 0xFFFFFFFFL;
            case I64 -> value.asLong();
            case F32 -> Float.floatToRawIntBits(value.asFloat()) & 0xFFFFFFFFL;
            case F64 -> Double.doubleToRawLongBits(value.asDouble());
            default -> throw new IllegalArgumentException("values of type " + type + " cannot cross to the host");
        };
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the instance is closed");
        }
    }

    /** What a rollback of one message needs; see {@link #checkpoint}. */
    public static final class Checkpoint {
        private final WasmInstance owner;
        private long[] globals;
        private long memorySize;
        /** The full snapshot where the instance keeps no undo log or its memory is too large for one; else null. */
        private Snapshot full;

        private Checkpoint(WasmInstance owner) {
            this.owner = owner;
        }

        /** The saved memory size in bytes (0 without memory). */
        public long memorySize() {
            return full != null ? full.memorySize() : memorySize;
        }

        /** Whether the rollback goes through the undo log rather than a copy of the memory (for tests). */
        boolean logged() {
            return full == null;
        }
    }

    /** Saved memory and globals of one instance; see {@link #snapshot()}. */
    public static final class Snapshot {
        private final WasmInstance owner;
        /** null without memory. */
        private PagedMemoryImage memory;

        private long[] globals;
        /**
         * While tracked: pages where the memory may differ from this snapshot beyond those written since the last
         * snapshot or restore. Null when not tracked.
         */
        private BitSet pending;

        private Snapshot(WasmInstance owner, long[] globals) {
            this.owner = owner;
            this.globals = globals;
        }

        /** The saved memory as one array (a copy: for tests). */
        byte[] memoryBytes() {
            return memory == null ? null : memory.toByteArray();
        }

        /** Pages of {@link PagedMemoryImage#PAGE_SIZE} bytes the snapshot holds (zero pages take no space). */
        int allocatedPages() {
            return memory == null ? 0 : memory.allocatedPages();
        }

        /** The saved memory size in bytes (0 without memory). */
        public long memorySize() {
            return memory == null ? 0 : memory.size();
        }
    }
}
