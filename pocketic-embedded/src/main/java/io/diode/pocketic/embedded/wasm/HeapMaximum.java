package io.diode.pocketic.embedded.wasm;

import java.util.OptionalLong;

/**
 * Caps the declared maximum of a module's own memories at the IC's maximum heap: 4 GiB for a 32-bit memory and
 * 6 GiB for a Wasm64 one (the IC's documented resource limits; the replica's {@code max_wasm_memory_size} and
 * {@code max_wasm64_memory_size}). {@code memory.grow} past it then returns -1, as on the IC, instead of GraalWasm
 * committing memory up to its own, larger, maximum.
 */
final class HeapMaximum {

    static final long WASM32_MAX_PAGES = (4L << 30) / LinearMemory.PAGE_SIZE;
    static final long WASM64_MAX_PAGES = (6L << 30) / LinearMemory.PAGE_SIZE;

    private HeapMaximum() {}

    /** The binary with memory maxima capped; {@code bytes} itself when no memory needs it. */
    static byte[] cap(byte[] bytes) {
        WasmModule module = WasmModule.parse(bytes);
        boolean needed = module.memories().stream().anyMatch(limits -> capped(limits) != limits);
        if (!needed) {
            return bytes;
        }
        BinaryWriter out = new BinaryWriter(bytes.length + 32);
        out.writeBytes(bytes, 0, 8);
        for (WasmModule.Section section : module.sections()) {
            if (section.id() != WasmModule.MEMORY_SECTION) {
                out.writeBytes(bytes, section.start(), section.end() - section.start());
                continue;
            }
            BinaryReader reader = new BinaryReader(bytes, section.contentStart(), section.end());
            BinaryWriter content = new BinaryWriter(section.end() - section.contentStart() + 32);
            int count = reader.readSize("memory count");
            content.writeU32(count);
            for (int i = 0; i < count; i++) {
                capped(Limits.read(reader)).write(content);
            }
            out.writeSection(section.id(), content.toByteArray());
        }
        return out.toByteArray();
    }

    private static Limits capped(Limits limits) {
        long most = limits.address64() ? WASM64_MAX_PAGES : WASM32_MAX_PAGES;
        if (limits.maximum().isPresent() && limits.maximum().getAsLong() <= most) {
            return limits;
        }
        if (limits.minimum() > most) {
            return limits; // such a module cannot be instantiated anyway; GraalWasm says why
        }
        return new Limits(limits.minimum(), OptionalLong.of(most), limits.address64(), limits.shared());
    }
}
