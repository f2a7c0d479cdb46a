package io.diode.pocketic.embedded.wasm;

import java.util.Map;

/**
 * Turns memory 0 from a memory the module defines into one it imports ({@value #MODULE}.{@value #NAME}) with the
 * same limits, so that the host decides which memory an instance gets. A new instance gets a new, empty memory
 * (from a one-line module that defines it, {@link #providerModule}); the new instance of an upgrade that keeps main
 * memory gets the old instance's memory itself, where copying it through the polyglot API (8 bytes per call) took
 * about a second per 128 MiB. Imported memories come first in the index space, so memory 0 stays memory 0 and the
 * other memories (the dirty-page map, the undo log) keep their indices; function, global and table indices do not
 * change.
 *
 * <p>Applied last, to what {@link LogicalMemorySize} instruments (one defined memory64 as memory 0).
 */
final class MainMemoryImport {

    static final String MODULE = "diode:host";
    static final String NAME = "memory";
    static final String PROVIDER_EXPORT = "memory";

    private MainMemoryImport() {}

    /** A module whose memory 0 is imported, and that memory's limits. */
    record Result(byte[] bytes, Limits memory) {}

    /** The module with memory 0 imported instead of defined. */
    static Result apply(byte[] wasm) {
        WasmModule module = WasmModule.parse(wasm);
        if (module.memories().isEmpty() || module.imports().stream().anyMatch(i -> i.kind() == ExternalKind.MEMORY)) {
            throw new IllegalArgumentException("memory 0 must be defined by the module");
        }
        Limits limits = module.memories().get(0);
        byte[] bytes = module.rawBytes();
        WasmModule.Section memories = module.section(WasmModule.MEMORY_SECTION).orElseThrow();
        BinaryReader reader = new BinaryReader(bytes, memories.contentStart(), memories.end());
        int count = reader.readSize("memory count");
        Limits.read(reader);
        BinaryWriter out = new BinaryWriter(bytes.length + 32);
        out.writeBytes(bytes, 0, 8);
        for (WasmModule.Section section : module.sections()) {
            if (section.id() != WasmModule.MEMORY_SECTION) {
                out.writeBytes(bytes, section.start(), section.end() - section.start());
            } else if (count > 1) {
                BinaryWriter rest = new BinaryWriter().writeU32(count - 1);
                rest.writeBytes(bytes, reader.position(), memories.end() - reader.position());
                out.writeSection(WasmModule.MEMORY_SECTION, rest.toByteArray());
            }
        }
        BinaryWriter memoryImport =
                new BinaryWriter().writeU32(1).writeName(MODULE).writeName(NAME);
        memoryImport.writeByte(0x02); // memory
        limits.write(memoryImport);
        byte[] imported = StateAccessExports.appendToSections(
                WasmModule.parse(out.toByteArray()),
                Map.of(WasmModule.IMPORT_SECTION, memoryImport.toByteArray()),
                false);
        return new Result(imported, limits);
    }

    /** A module that only defines and exports ({@value #PROVIDER_EXPORT}) a memory with {@code limits}. */
    static byte[] providerModule(Limits limits) {
        BinaryWriter memory = new BinaryWriter().writeU32(1);
        limits.write(memory);
        BinaryWriter export = new BinaryWriter().writeU32(1).writeName(PROVIDER_EXPORT);
        export.writeByte(0x02).writeU32(0); // memory 0
        BinaryWriter out = new BinaryWriter();
        out.writeBytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        out.writeSection(WasmModule.MEMORY_SECTION, memory.toByteArray());
        out.writeSection(WasmModule.EXPORT_SECTION, export.toByteArray());
        return out.toByteArray();
    }
}
