package io.diode.sample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code canisters.json} that {@code diode:build} writes in the compile phase, read with Jackson rather than
 * the plugin's own reader so the tests do not pull Maven's APIs onto their classpath.
 */
record CanisterManifestFile(Path directory, JsonNode root) {

    static final Path BUILD_OUTPUT = Path.of("target", "canisters");
    /** The same sources built as version 2 (execution {@code build-canisters-v2} in pom.xml), for UpgradeIT. */
    static final Path UPGRADE_BUILD_OUTPUT = Path.of("target", "canisters-v2");
    /** Canisters only the tests use (execution {@code build-test-canisters} in pom.xml), e.g. the cycles forwarder. */
    static final Path TEST_BUILD_OUTPUT = Path.of("target", "test-canisters");

    static CanisterManifestFile readBuildOutput() {
        return read(BUILD_OUTPUT);
    }

    static CanisterManifestFile readUpgradeBuildOutput() {
        return read(UPGRADE_BUILD_OUTPUT);
    }

    static CanisterManifestFile readTestBuildOutput() {
        return read(TEST_BUILD_OUTPUT);
    }

    private static CanisterManifestFile read(Path directory) {
        Path manifest = directory.resolve("canisters.json");
        if (!Files.isRegularFile(manifest)) {
            throw new IllegalStateException(manifest.toAbsolutePath()
                    + " is missing: run the integration tests through Maven (`mvnw -pl sample-project verify`) so that"
                    + " diode:build compiles the canisters first");
        }
        try {
            return new CanisterManifestFile(directory, new ObjectMapper().readTree(manifest.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + manifest.toAbsolutePath(), e);
        }
    }

    JsonNode canister(String name) {
        for (JsonNode canister : root.path("canisters")) {
            if (name.equals(canister.path("name").asText())) {
                return canister;
            }
        }
        throw new IllegalArgumentException("canisters.json has no canister named '" + name + "'");
    }

    String version(String name) {
        return canister(name).path("version").asText();
    }

    byte[] wasm(String name) {
        Path wasm = directory.resolve(canister(name).path("wasm").path("file").asText());
        try {
            return Files.readAllBytes(wasm);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + wasm.toAbsolutePath(), e);
        }
    }
}
