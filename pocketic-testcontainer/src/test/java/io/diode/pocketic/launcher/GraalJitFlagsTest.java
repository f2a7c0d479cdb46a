package io.diode.pocketic.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraalJitFlagsTest {

    @TempDir
    Path directory;

    private Path serverJarWithCompiler(String... jarNames) throws IOException {
        Path jar = Files.writeString(directory.resolve("pocketic-embedded.jar"), "");
        Path compiler = Files.createDirectories(directory.resolve(GraalJitFlags.DIRECTORY));
        for (String name : jarNames) {
            Files.writeString(compiler.resolve(name), "");
        }
        return jar;
    }

    @Test
    void theCompilerJarsBesideTheServerJarGoOnTheUpgradeModulePath() throws IOException {
        Path jar = serverJarWithCompiler(
                "word-25.0.2.jar", "truffle-compiler-25.0.2.jar", "collections-25.0.2.jar", "compiler-25.0.2.jar");
        Path compiler = directory.resolve(GraalJitFlags.DIRECTORY).toAbsolutePath();
        assertThat(GraalJitFlags.forServerJar(jar, 25))
                .contains(List.of(
                        "-XX:+UnlockExperimentalVMOptions",
                        "-XX:+EnableJVMCI",
                        "--upgrade-module-path=" + compiler.resolve("compiler-25.0.2.jar") + ":"
                                + compiler.resolve("truffle-compiler-25.0.2.jar") + ":"
                                + compiler.resolve("word-25.0.2.jar")
                                + ":" + compiler.resolve("collections-25.0.2.jar"),
                        "--sun-misc-unsafe-memory-access=allow"));
    }

    @Test
    void withoutEveryJarOrOnAnOlderJdkThereAreNoFlags() throws IOException {
        Path jar = serverJarWithCompiler("truffle-compiler-25.0.2.jar", "word-25.0.2.jar", "collections-25.0.2.jar");
        assertThat(GraalJitFlags.forServerJar(jar, 25))
                .as("truffle-compiler is not the compiler")
                .isEmpty();
        Files.writeString(directory.resolve(GraalJitFlags.DIRECTORY).resolve("compiler-25.0.2.jar"), "");
        assertThat(GraalJitFlags.forServerJar(jar, 25)).isPresent();
        assertThat(GraalJitFlags.forServerJar(jar, 21))
                .as("GraalVM 25's compiler needs JDK 25")
                .isEmpty();
    }

    @Test
    void aServerJarWithoutACompilerDirectoryRunsInterpreted() throws IOException {
        Path jar = Files.writeString(directory.resolve("pocketic-embedded.jar"), "");
        assertThat(GraalJitFlags.forServerJar(jar, 25)).isEmpty();
    }

    @Test
    void theLaunchedServerIsInterpretedUnlessTheJitIsAskedFor() {
        String previous = System.getProperty(GraalJitFlags.EXECUTION_PROPERTY);
        try {
            System.clearProperty(GraalJitFlags.EXECUTION_PROPERTY);
            assertThat(GraalJitFlags.jitRequestedForLaunchedServer()).isFalse();
            System.setProperty(GraalJitFlags.EXECUTION_PROPERTY, "jit");
            assertThat(GraalJitFlags.jitRequestedForLaunchedServer()).isTrue();
            System.setProperty(GraalJitFlags.EXECUTION_PROPERTY, " interpreted ");
            assertThat(GraalJitFlags.jitRequestedForLaunchedServer()).isFalse();
            System.setProperty(GraalJitFlags.EXECUTION_PROPERTY, "fast");
            org.assertj.core.api.Assertions.assertThatThrownBy(GraalJitFlags::jitRequestedForLaunchedServer)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("use jit or interpreted");
        } finally {
            if (previous == null) {
                System.clearProperty(GraalJitFlags.EXECUTION_PROPERTY);
            } else {
                System.setProperty(GraalJitFlags.EXECUTION_PROPERTY, previous);
            }
        }
    }
}
