package io.diode.maven.release;

import io.diode.ic.Sha256;
import io.diode.maven.build.CanisterManifest;
import io.diode.maven.build.ManifestEntry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * A canister module as the manifest describes it, loaded from disk and checked against the manifest's hash so
 * that a stale or edited file is never installed under the manifest's name.
 *
 * @param bytes      the file to install (gzipped or raw WebAssembly)
 * @param moduleHash hex SHA-256 of {@code bytes}: what the IC reports as {@code module_hash} once installed
 */
public record ManifestModule(String name, String version, byte[] bytes, String moduleHash, boolean enhancedOrthogonalPersistence) {
    private static final String EOP_SECTION = "icp:private enhanced-orthogonal-persistence";
    private static final String EOP_SECTION_PUBLIC = "icp:public enhanced-orthogonal-persistence";

    public static ManifestModule load(Path manifestFile, ManifestEntry entry) throws ReleaseException {
        Path file = manifestFile.toAbsolutePath().getParent().resolve(entry.file());
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException missing) {
            throw new ReleaseException("Canister " + entry.name() + ": cannot read " + file + " named in " + manifestFile
                    + " (" + missing.getClass().getSimpleName() + "). Run diode:build first.");
        }
        String hash = Sha256.hex(bytes);
        if (!hash.equalsIgnoreCase(entry.moduleHash())) {
            throw new ReleaseException("Canister " + entry.name() + ": " + file + " does not match the module hash in "
                    + manifestFile + " (file " + hash + ", manifest " + entry.moduleHash() + "). Run diode:build again.");
        }
        return new ManifestModule(entry.name(), entry.version(), bytes, hash.toLowerCase(Locale.ROOT),
                hasEnhancedOrthogonalPersistence(bytes));
    }

    /** Reads the manifest the build wrote, with a message that says to build first when it is missing. */
    public static CanisterManifest readManifest(Path manifestFile) throws ReleaseException {
        if (!Files.isRegularFile(manifestFile)) {
            throw new ReleaseException("No canister manifest at " + manifestFile + ". Run diode:build first (for example"
                    + " `mvn compile`), or point -Ddiode.manifest at the build's canisters.json.");
        }
        try {
            return CanisterManifest.read(manifestFile);
        } catch (IOException malformed) {
            throw new ReleaseException("Canister manifest " + manifestFile + " is unreadable: " + malformed.getMessage()
                    + ". Run diode:build again.");
        }
    }

    public byte[] sha256Bytes() {
        return HexFormat.of().parseHex(moduleHash);
    }

    /**
     * Motoko's enhanced orthogonal persistence keeps main memory across upgrades, and the IC refuses to upgrade
     * such a canister unless the upgrade says {@code wasm_memory_persistence = opt variant { keep }}. dfx decides
     * it the same way: from the custom section moc writes into the module.
     */
    static boolean hasEnhancedOrthogonalPersistence(byte[] module) {
        byte[] raw = module;
        if (module.length > 2 && (module[0] & 0xff) == 0x1f && (module[1] & 0xff) == 0x8b) {
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(module))) {
                raw = in.readAllBytes();
            } catch (IOException notGzip) {
                return false;
            }
        }
        if (raw.length < 8 || raw[0] != 0 || raw[1] != 'a' || raw[2] != 's' || raw[3] != 'm') {
            return false;
        }
        int position = 8;
        while (position < raw.length) {
            int id = raw[position++] & 0xff;
            long[] size = leb128(raw, position);
            position = (int) size[1];
            int end = (int) Math.min(raw.length, position + size[0]);
            if (id == 0) {
                long[] nameLength = leb128(raw, position);
                int nameStart = (int) nameLength[1];
                int nameEnd = (int) Math.min(end, nameStart + nameLength[0]);
                String name = new String(raw, nameStart, Math.max(0, nameEnd - nameStart), StandardCharsets.UTF_8);
                if (name.equals(EOP_SECTION) || name.equals(EOP_SECTION_PUBLIC)) {
                    return true;
                }
            }
            position = end;
        }
        return false;
    }

    /** An unsigned LEB128 number at {@code offset}: {value, offset after it}. */
    private static long[] leb128(byte[] bytes, int offset) {
        long value = 0;
        int shift = 0;
        int position = offset;
        while (position < bytes.length) {
            int b = bytes[position++] & 0xff;
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
            shift += 7;
        }
        return new long[] {value, position};
    }
}
