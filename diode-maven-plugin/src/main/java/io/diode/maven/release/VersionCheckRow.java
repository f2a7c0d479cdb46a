package io.diode.maven.release;

import java.util.Optional;

/**
 * One canister compared with the manifest: certified module hash and {@code get_version()}.
 *
 * @param actualHash    the module hash on the network; empty when no code is installed
 * @param expectedVersion the manifest's version; {@code null} when none is configured (not compared)
 * @param actualVersion what {@code get_version()} returned, or why it could not be read
 */
public record VersionCheckRow(
        String canister,
        String id,
        String expectedHash,
        Optional<String> actualHash,
        String expectedVersion,
        String actualVersion,
        boolean versionRead) {
    public boolean hashMatches() {
        return actualHash.isPresent() && actualHash.get().equalsIgnoreCase(expectedHash);
    }

    /** True when the versions are equal, or when the manifest has no version to compare (hash-only check). */
    public boolean versionMatches() {
        return expectedVersion == null || versionRead && actualVersion.equals(expectedVersion);
    }

    public boolean matches() {
        return hashMatches() && versionMatches();
    }
}
