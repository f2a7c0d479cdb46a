package io.diode.maven.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diode.ic.Sha256;
import io.diode.maven.build.ManifestEntry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestModuleTest {
    @TempDir
    Path directory;

    /** A module with one custom section named {@code name} (and nothing else). */
    static byte[] moduleWithCustomSection(String name) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        out.write(0);
        out.write(nameBytes.length + 2);
        out.write(nameBytes.length);
        out.writeBytes(nameBytes);
        out.writeBytes(new byte[] {7, 7});
        return out.toByteArray();
    }

    @Test
    void detectsEnhancedOrthogonalPersistenceInRawAndGzippedModules() throws Exception {
        byte[] eop = moduleWithCustomSection("icp:private enhanced-orthogonal-persistence");
        assertThat(ManifestModule.hasEnhancedOrthogonalPersistence(eop)).isTrue();
        assertThat(ManifestModule.hasEnhancedOrthogonalPersistence(
                        moduleWithCustomSection("icp:private candid:service")))
                .isFalse();
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzipped)) {
            out.write(eop);
        }
        assertThat(ManifestModule.hasEnhancedOrthogonalPersistence(gzipped.toByteArray()))
                .isTrue();
        assertThat(ManifestModule.hasEnhancedOrthogonalPersistence(new byte[] {1, 2, 3}))
                .isFalse();
    }

    @Test
    void loadChecksTheManifestHash() throws Exception {
        byte[] module = moduleWithCustomSection("x");
        Files.write(directory.resolve("app.wasm"), module);
        Path manifest = directory.resolve("canisters.json");
        ManifestEntry good =
                new ManifestEntry("app", "3", "app.wasm", module.length, Sha256.hex(module), null, "app.did");

        ManifestModule loaded = ManifestModule.load(manifest, good);
        assertThat(loaded.moduleHash()).isEqualTo(Sha256.hex(module));
        assertThat(loaded.version()).isEqualTo("3");

        ManifestEntry stale =
                new ManifestEntry("app", "3", "app.wasm", module.length, "00".repeat(32), null, "app.did");
        assertThatThrownBy(() -> ManifestModule.load(manifest, stale))
                .hasMessageContaining("does not match the module hash")
                .hasMessageContaining("Run diode:build again");
        ManifestEntry missing = new ManifestEntry("gone", "3", "gone.wasm", 1, "00", null, "gone.did");
        assertThatThrownBy(() -> ManifestModule.load(manifest, missing)).hasMessageContaining("Run diode:build first");
        assertThatThrownBy(() -> ManifestModule.readManifest(manifest)).hasMessageContaining("No canister manifest at");
    }
}
