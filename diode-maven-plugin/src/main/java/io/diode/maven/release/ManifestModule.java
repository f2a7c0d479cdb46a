package io.diode.maven.release;

import io.diode.ic.Sha256;
import io.diode.ic.management.EnhancedOrthogonalPersistence;
import io.diode.maven.build.CanisterManifest;
import io.diode.maven.build.ManifestEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A canister module as the manifest describes it, loaded from disk and checked against the manifest's hash so
 * that a stale or edited file is never installed under the manifest's name.
 *
 * @param bytes      the file to install (gzipped or raw WebAssembly)
 * @param moduleHash hex SHA-256 of {@code bytes}: what the IC reports as {@code module_hash} once installed
 */
public record ManifestModule(
        String name, String version, byte[] bytes, String moduleHash, boolean enhancedOrthogonalPersistence) {

    public static ManifestModule load(Path manifestFile, ManifestEntry entry) throws ReleaseException {
        Path file = manifestFile.toAbsolutePath().getParent().resolve(entry.file());
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException missing) {
            throw new ReleaseException("Canister " + entry.name() + ": cannot read " + file + " named in "
                    + manifestFile + " (" + missing.getClass().getSimpleName() + "). Run diode:build first.");
        }
        String hash = Sha256.hex(bytes);
        if (!hash.equalsIgnoreCase(entry.moduleHash())) {
            throw new ReleaseException(
                    "Canister " + entry.name() + ": " + file + " does not match the module hash in " + manifestFile
                            + " (file " + hash + ", manifest " + entry.moduleHash() + "). Run diode:build again.");
        }
        return new ManifestModule(
                entry.name(),
                entry.version(),
                bytes,
                hash.toLowerCase(Locale.ROOT),
                hasEnhancedOrthogonalPersistence(bytes));
    }

    /** Reads the manifest the build wrote, with a message that says to build first when it is missing. */
    public static CanisterManifest readManifest(Path manifestFile) throws ReleaseException {
        if (!Files.isRegularFile(manifestFile)) {
            throw new ReleaseException(
                    "No canister manifest at " + manifestFile + ". Run diode:build first (for example"
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

    /** Whether the module (raw or gzipped) declares enhanced orthogonal persistence: the toolkit's one rule. */
    static boolean hasEnhancedOrthogonalPersistence(byte[] module) {
        return EnhancedOrthogonalPersistence.isDeclaredBy(module);
    }
}
