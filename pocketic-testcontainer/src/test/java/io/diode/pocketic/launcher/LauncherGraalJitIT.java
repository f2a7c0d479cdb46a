package io.diode.pocketic.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.diode.pocketic.client.CandidArguments;
import io.diode.pocketic.client.PocketIc;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded server jar, launched as users launch it, runs canister code interpreted by default and compiled by the
 * Graal JIT when asked to (the compiler lies beside the jar), and says in its output when it runs interpreted.
 */
class LauncherGraalJitIT {

    private static final String INTERPRETED = "GraalWasm runs canister code interpreted";

    private static Path serverJar;

    @BeforeAll
    static void serverJarWithCompiler() {
        String property = System.getProperty("pocketic.server.jar");
        Assumptions.assumeTrue(property != null, "pocketic.server.jar is not set");
        serverJar = Path.of(property);
        Assumptions.assumeTrue(Files.isRegularFile(serverJar), "no server jar at " + serverJar);
        Assumptions.assumeTrue(Runtime.version().feature() >= 25, "the Graal JIT of GraalVM 25 needs JDK 25");
        assertThat(GraalJitFlags.compilerJars(
                        serverJar.toAbsolutePath().getParent().resolve(GraalJitFlags.DIRECTORY)))
                .as("the build puts the Graal compiler beside the jar on JDK 25")
                .isPresent();
    }

    @Test
    void theLauncherRunsTheJarWithTheJitWhenAskedTo() throws IOException {
        String previous = System.setProperty(GraalJitFlags.EXECUTION_PROPERTY, "jit");
        PocketIcLauncher launcher;
        try {
            launcher = PocketIcLauncher.jar(serverJar);
        } finally {
            if (previous == null) {
                System.clearProperty(GraalJitFlags.EXECUTION_PROPERTY);
            } else {
                System.setProperty(GraalJitFlags.EXECUTION_PROPERTY, previous);
            }
        }
        assertThat(launcher.commandLine(Path.of("port"))).contains("-XX:+EnableJVMCI");
        String output = runACanister(launcher);
        assertThat(output).doesNotContain(INTERPRETED);
    }

    @Test
    void theLauncherRunsTheJarInterpretedByDefault() throws IOException {
        Assumptions.assumeTrue(
                System.getProperty(GraalJitFlags.EXECUTION_PROPERTY, "").isBlank(),
                "the execution mode is set for this run");
        PocketIcLauncher launcher = PocketIcLauncher.jar(serverJar);
        assertThat(launcher.commandLine(Path.of("port"))).doesNotContain("-XX:+EnableJVMCI");
        String output = runACanister(launcher);
        assertThat(output.lines().filter(line -> line.contains(INTERPRETED)))
                .as(output)
                .hasSize(1);
    }

    @Test
    void withoutTheJitFlagsTheServerSaysItRunsInterpreted() throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        PocketIcLauncher plain = PocketIcLauncher.command(
                List.of(java.toString(), "-jar", serverJar.toString()), "pocketic-embedded jar without JIT flags");
        String output = runACanister(plain);
        assertThat(output.lines().filter(line -> line.contains(INTERPRETED)))
                .as(output)
                .hasSize(1);
    }

    /** Creates, installs and calls a canister, so the server's WASM runtime starts; answers the server output. */
    private static String runACanister(PocketIcLauncher launcher) throws IOException {
        try (RunningPocketIcServer server = launcher.start();
                PocketIc pic = PocketIc.create(server.url());
                InputStream wasm = LauncherGraalJitIT.class.getResourceAsStream("/canister/scenario.wasm")) {
            Principal canister = pic.createCanister();
            pic.installCode(canister, wasm.readAllBytes(), CandidArguments.encode());
            assertThat(pic.updateCall(canister, "increment", BigInteger.class)).isEqualTo(BigInteger.ONE);
            return ((PocketIcLauncher.LaunchedServer) server).outputTail();
        }
    }
}
