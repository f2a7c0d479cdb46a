package io.diode.ic.management;

import io.diode.candid.CandidException;
import io.diode.candid.Leb128;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Whether a module uses Motoko's enhanced orthogonal persistence (EOP), which keeps main memory across upgrades: the
 * IC then refuses an upgrade that does not say {@code wasm_memory_persistence = opt variant { keep }}, and rejects
 * {@code keep} for a module without it. moc marks such a module with a custom section; dfx, the client, the plugin
 * and the engine all decide by that section, in a raw or a gzipped module (the IC accepts both).
 */
public final class EnhancedOrthogonalPersistence {

    /** The custom section names that declare EOP (moc writes the private one). */
    public static final List<String> SECTION_NAMES =
            List.of("icp:private enhanced-orthogonal-persistence", "icp:public enhanced-orthogonal-persistence");

    /** What a gzipped module may inflate to before this check gives up: the IC's limit on a decompressed module. */
    private static final int MAX_INFLATED_BYTES = 100 * 1024 * 1024;

    private EnhancedOrthogonalPersistence() {}

    /**
     * Whether {@code module} (raw WebAssembly, or gzipped as the IC accepts it) has an EOP custom section. Anything
     * that is not a readable module answers false: the IC will reject it with its own message.
     */
    public static boolean isDeclaredBy(byte[] module) {
        byte[] raw = module;
        if (module.length >= 2 && (module[0] & 0xff) == 0x1f && (module[1] & 0xff) == 0x8b) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(module))) {
                raw = in.readNBytes(MAX_INFLATED_BYTES);
            } catch (IOException notGzip) {
                return false;
            }
        }
        return hasSection(raw);
    }

    private static boolean hasSection(byte[] wasm) {
        if (wasm.length < 8 || wasm[0] != 0 || wasm[1] != 'a' || wasm[2] != 's' || wasm[3] != 'm') {
            return false;
        }
        try {
            Leb128.Reader in = new Leb128.Reader(wasm, 8);
            while (in.remaining() > 0) {
                int id = in.readByte();
                int size = in.readSize("section size");
                long end = (long) in.position() + size;
                if (end > wasm.length) {
                    return false; // a truncated module: the IC rejects it anyway
                }
                if (id == 0) {
                    int nameLength = in.readSize("custom section name length");
                    if (in.position() + nameLength <= end
                            && SECTION_NAMES.contains(new String(in.readBytes(nameLength), StandardCharsets.UTF_8))) {
                        return true;
                    }
                }
                in = new Leb128.Reader(wasm, (int) end);
            }
        } catch (CandidException truncated) {
            return false;
        }
        return false;
    }
}
