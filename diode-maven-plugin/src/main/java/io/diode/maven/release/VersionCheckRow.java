package io.diode.maven.release;

import java.util.Optional;

/**
 * One canister compared with the manifest: certified module hash and {@code get_version()}.
 *
 * @param actualHash    the module hash on the network; empty when no code is installed
 * @param actualVersion what {@code get_version()} returned, or why it could not be read
 */
public record VersionCheckRow(String canister, String id, String expectedHash, Optional<String> actualHash,
                              String expectedVersion, String actualVersion, boolean versionRead) {
    public boolean hashMatches() {
        return actualHash.isPresent() && actualHash.get().equalsIgnoreCase(expectedHash);
    }

    public boolean versionMatches() {
        return versionRead && actualVersion.equals(expectedVersion);
    }

    public boolean matches() {
        return hashMatches() && versionMatches();
    }
}
