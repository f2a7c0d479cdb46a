package io.diode.maven.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CanisterManifestTest {
    @TempDir
    Path temp;

    private static CanisterManifest sample() {
        ModuleFile wasm = new ModuleFile("zone.wasm", 10, "aa".repeat(32));
        return new CanisterManifest(
                1,
                "npm motoko 4.10.0",
                List.of(new ManifestEntry("zone", "1.2.3", "zone.wasm", 10, "aa".repeat(32), wasm, "zone.did")));
    }

    @Test
    void roundTripsThroughJson() throws Exception {
        Path file = temp.resolve("out/canisters.json");
        assertThat(sample().write(file)).isTrue();

        assertThat(CanisterManifest.read(file)).isEqualTo(sample());
        assertThat(Files.readString(file))
                .contains("\"moduleHash\" : \"" + "aa".repeat(32) + "\"")
                .contains("\"version\" : \"1.2.3\"");
    }

    @Test
    void unchangedContentIsNotRewritten() throws Exception {
        Path file = temp.resolve("canisters.json");
        sample().write(file);
        FileTime old = FileTime.fromMillis(1_000_000);
        Files.setLastModifiedTime(file, old);

        assertThat(sample().write(file)).isFalse();
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(old);
        assertThat(temp.resolve("canisters.json.tmp")).doesNotExist();
    }
}
