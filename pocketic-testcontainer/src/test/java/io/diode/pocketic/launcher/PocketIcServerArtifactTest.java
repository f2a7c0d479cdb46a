package io.diode.pocketic.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PocketIcServerArtifactTest {

    @TempDir
    Path temp;

    private Path repository() {
        return temp.resolve("repository");
    }

    private PocketIcServerArtifact artifact() {
        return new PocketIcServerArtifact("1.2.3", repository(), temp.resolve("cache"));
    }

    private Path installServer(String graalVersion) throws IOException {
        Path jar = repository().resolve("io/diode/pocketic-embedded/1.2.3/pocketic-embedded-1.2.3-server.jar");
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (graalVersion != null) {
            manifest.getMainAttributes().putValue("Graal-Version", graalVersion);
        }
        try (OutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.flush();
        }
        return jar;
    }

    private void installCompiler(String version) throws IOException {
        for (String path : new String[] {
            "org/graalvm/compiler/compiler",
            "org/graalvm/truffle/truffle-compiler",
            "org/graalvm/sdk/word",
            "org/graalvm/sdk/collections"
        }) {
            String artifactId = path.substring(path.lastIndexOf('/') + 1);
            Path jar = repository().resolve(path).resolve(version).resolve(artifactId + "-" + version + ".jar");
            Files.createDirectories(jar.getParent());
            Files.writeString(jar, artifactId);
        }
    }

    @Test
    void findsTheServerByCoordinatesAndLaysOutTheCompilerBesideIt() throws Exception {
        installServer("25.0.2");
        installCompiler("25.0.2");

        Path jar = artifact().resolve();

        assertThat(jar.getFileName()).hasToString("pocketic-embedded.jar");
        assertThat(jar).hasSameBinaryContentAs(artifact().repositoryFile());
        assertThat(GraalJitFlags.compilerJars(jar.getParent().resolve(GraalJitFlags.DIRECTORY)))
                .hasValueSatisfying(jars -> assertThat(jars)
                        .extracting(path -> path.getFileName().toString())
                        .containsExactly(
                                "compiler-25.0.2.jar",
                                "truffle-compiler-25.0.2.jar",
                                "word-25.0.2.jar",
                                "collections-25.0.2.jar"));
        assertThat(GraalJitFlags.forServerJar(jar, 25)).isPresent();
        assertThat(artifact().coordinates()).isEqualTo("io.diode:pocketic-embedded:1.2.3:jar:server");
        // Found again: the same layout is reused.
        assertThat(artifact().resolve()).isEqualTo(jar);
    }

    @Test
    void aReinstalledSnapshotIsLaidOutAgain() throws Exception {
        Path installed = installServer(null);
        Path first = artifact().resolve();
        Files.setLastModifiedTime(
                installed,
                FileTime.fromMillis(Files.getLastModifiedTime(installed).toMillis() + 5000));

        assertThat(artifact().resolve()).isNotEqualTo(first);
    }

    @Test
    void withoutTheCompilerJarsTheServerStillResolvesAndRunsInterpreted() throws Exception {
        installServer("25.0.2");

        Path jar = artifact().resolve();

        assertThat(jar).isRegularFile();
        assertThat(GraalJitFlags.forServerJar(jar, 25)).isEmpty();
    }

    @Test
    void aMissingArtifactSaysWhereItLookedAndHowToGetIt() {
        assertThat(artifact().find()).isEmpty();
        assertThatThrownBy(() -> artifact().resolve())
                .isInstanceOf(PocketIcLaunchException.class)
                .hasMessageContaining(
                        "io.diode:pocketic-embedded:1.2.3:jar:server is not in the local Maven repository "
                                + repository())
                .hasMessageContaining("mvn dependency:get -Dartifact=io.diode:pocketic-embedded:1.2.3:jar:server")
                .hasMessageContaining("-Dpocketic.server.jar");
    }

    @Test
    void theLibraryKnowsItsOwnVersion() {
        assertThat(PocketIcServerArtifact.libraryVersion()).isNotBlank().doesNotStartWith("${");
    }
}
