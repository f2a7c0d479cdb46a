package io.diode.pocketic.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.diode.pocketic.client.CandidArguments;
import io.diode.pocketic.client.PocketIc;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built server jar, published into a (temporary) local Maven repository under its coordinates, resolved by
 * them with its Graal compiler and launched: what a consumer without a checkout of this repository does.
 */
class ServerArtifactIT {

    @TempDir
    Path temp;

    @Test
    void theServerResolvedByCoordinatesRunsACanister() throws Exception {
        Path built = Path.of(System.getProperty("pocketic.server.jar"));
        assertThat(built).as("pocketic-embedded's package phase makes it").isRegularFile();
        String graalVersion = PocketIcServerArtifact.graalVersion(built).orElseThrow();
        Path repository = temp.resolve("repository");
        Path published = repository.resolve("io/diode/pocketic-embedded/9.9.9/pocketic-embedded-9.9.9-server.jar");
        Files.createDirectories(published.getParent());
        Files.copy(built, published);
        boolean jit = Runtime.version().feature() >= 25;
        if (jit) {
            // The Graal compiler jars as the local repository holds them (the build copies them beside the jar).
            List<Path> compiler = GraalJitFlags.compilerJars(
                            built.toAbsolutePath().getParent().resolve(GraalJitFlags.DIRECTORY))
                    .orElseThrow();
            for (int index = 0; index < compiler.size(); index++) {
                String[] coordinates = PocketIcServerArtifact.COMPILER_ARTIFACTS.get(index);
                Path target = repository
                        .resolve(coordinates[0].replace('.', '/'))
                        .resolve(coordinates[1])
                        .resolve(graalVersion)
                        .resolve(coordinates[1] + "-" + graalVersion + ".jar");
                Files.createDirectories(target.getParent());
                Files.copy(compiler.get(index), target);
            }
        }

        Path jar = new PocketIcServerArtifact("9.9.9", repository, temp.resolve("cache")).resolve();
        PocketIcLauncher launcher = PocketIcLauncher.jar(jar);

        // the compiler jars are resolved beside the jar; the launcher uses them when the JIT is asked for
        assertThat(GraalJitFlags.forServerJar(jar, Runtime.version().feature()).isPresent())
                .isEqualTo(jit);
        assertThat(launcher.commandLine(Path.of("port")).contains("-XX:+EnableJVMCI"))
                .isEqualTo(jit && GraalJitFlags.jitRequestedForLaunchedServer());
        try (RunningPocketIcServer server = launcher.start();
                PocketIc pic = PocketIc.create(server.url());
                InputStream wasm = getClass().getResourceAsStream("/canister/scenario.wasm")) {
            Principal canister = pic.createCanister();
            pic.installCode(canister, wasm.readAllBytes(), CandidArguments.encode());
            assertThat(pic.updateCall(canister, "increment", BigInteger.class)).isEqualTo(BigInteger.ONE);
        }
    }
}
