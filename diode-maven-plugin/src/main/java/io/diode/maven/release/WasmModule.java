package io.diode.maven.release;

import io.diode.ic.management.EnhancedOrthogonalPersistence;
import io.diode.maven.build.CanisterManifest;
import io.diode.maven.build.ManifestEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A canister module as the manifest describes it, loaded from disk and checked against the manifest's hash so
 * that a stale or edited file is never installed under the manifest's name.
 *
 * @param bytes      the file to install (gzipped or raw WebAssembly)
 * @param moduleHash hex SHA-256 of {@code bytes}: what the IC reports as {@code module_hash} once installed
 */
public record WasmModule(String name, String version, byte[] bytes, String moduleHash, boolean enhancedOrthogonalPersistence) {

    public static WasmModule load(Path manifestFile, ManifestEntry entry) throws ReleaseException {
        Path file = manifestFile.toAbsolutePath().getParent().resolve(entry.file());
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException missing) {
            throw new ReleaseException("Canister " + entry.name() + ": cannot read " + file + " named in " + manifestFile
                    + " (" + missing.getClass().getSimpleName() + "). Run diode:build first.");
        }
        String hash = sha256(bytes);
        if (!hash.equalsIgnoreCase(entry.moduleHash())) {
            throw new ReleaseException("Canister " + entry.name() + ": " + file + " does not match the module hash in "
                    + manifestFile + " (file " + hash + ", manifest " + entry.moduleHash() + "). Run diode:build again.");
        }
        return new WasmModule(entry.name(), entry.version(), bytes, hash.toLowerCase(Locale.ROOT),
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

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", impossible);
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
