package io.diode.pocketic.embedded.wasm;

import java.util.List;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.io.ByteSequence;

/**
 * A module made ready to instantiate: instruction metering added, table64 lowered, dirty-page tracking and
 * state-access exports added, memory 0 imported where it has a logical size, and checked by GraalWasm. The engine of
 * its {@link WasmRuntime} keeps the parsed module for every instance. Immutable; obtain one from
 * {@link WasmRuntime#compile}.
 */
public final class CompiledModule {

    private final WasmModule module;
    private final byte[] preparedBytes;
    private final Source source;
    private final StateAccessExports.Result stateAccess;

    private final boolean tracksDirtyPages;
    /** Memory 0's limits where the module imports it ({@link MainMemoryImport}), else null. */
    private final Limits importedMemory;
    /** The module that provides a new instance's memory 0, or null. */
    private final Source memoryProvider;

    private final boolean metered;

    CompiledModule(
            WasmModule module,
            byte[] preparedBytes,
            Source source,
            StateAccessExports.Result stateAccess,
            boolean tracksDirtyPages,
            Limits importedMemory,
            boolean metered) {
        this.module = module;
        this.importedMemory = importedMemory;
        // named by the limits, so that every module with the same memory shares one parsed provider
        this.memoryProvider = importedMemory == null
                ? null
                : Source.newBuilder(
                                "wasm",
                                ByteSequence.create(MainMemoryImport.providerModule(importedMemory)),
                                "diode-memory-" + importedMemory.minimum() + "-"
                                        + importedMemory.maximum().orElse(-1) + ".wasm")
                        .cached(true)
                        .buildLiteral();
        this.metered = metered;
        this.tracksDirtyPages = tracksDirtyPages;
        this.preparedBytes = preparedBytes;
        this.source = source;
        this.stateAccess = stateAccess;
    }

    /** The module as given (its hash, imports, exports and custom sections are the original's). */
    public WasmModule module() {
        return module;
    }

    /** The SHA-256 of the original bytes. */
    public String sha256() {
        return module.sha256();
    }

    /** The binary GraalWasm runs: lowered and instrumented (for diagnostics). */
    public byte[] preparedBytes() {
        return preparedBytes.clone();
    }

    /**
     * Whether the module marks the memory pages it writes ({@link DirtyPageTracking}), so snapshots copy only those;
     * otherwise each snapshot copies the whole memory.
     */
    public boolean tracksDirtyPages() {
        return tracksDirtyPages;
    }

    /**
     * Whether memory 0 has a logical size ({@link LogicalMemorySize}), so a rollback undoes growth by truncating it
     * instead of recreating the instance.
     */
    public boolean hasLogicalMemorySize() {
        return importedMemory != null;
    }

    /**
     * Memory 0's limits where the host supplies memory 0 (every module with a logical size), so that an instance can
     * pass its memory on to the instance that replaces it; else null.
     */
    Limits importedMemory() {
        return importedMemory;
    }

    /** The module whose instance provides a new memory 0 (see {@link #importedMemory()}), or null. */
    Source memoryProvider() {
        return memoryProvider;
    }

    /** Whether the module counts its instructions ({@link InstructionMetering}). */
    public boolean metered() {
        return metered;
    }

    Source source() {
        return source;
    }

    List<StateAccessExports.MutableGlobal> mutableGlobals() {
        return stateAccess.globals();
    }

    /**
     * The indices of mutable globals the host cannot save (v128, references): an instance of this module cannot be
     * snapshotted, so a message to it could not be rolled back.
     */
    public List<Integer> unsupportedGlobals() {
        return stateAccess.unsupportedGlobals();
    }

    String memoryExport() {
        return stateAccess.memoryExport();
    }

    /** The export through which the host runs the module's start function, or null if it has none. */
    String startExport() {
        return stateAccess.startExport();
    }

    String memoryGrowExport() {
        return stateAccess.memoryGrowExport();
    }

    /** The export that saves the mutable globals into the map's memory and clears the map, or null. */
    String globalsCommitExport() {
        return stateAccess.globalsCommitExport();
    }

    /** The export that calls an entry of table 0, or null if the module has no table. */
    String tableCallExport() {
        return stateAccess.tableCallExport();
    }
}
