package io.diode.pocketic.embedded.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PicJS 0.23.0 ({@code @dfinity/pic}), the real third-party PocketIC client, drives this server with the real
 * engine: the same client code that runs against the native PocketIC server.
 */
class PicJsIT {

    private static final Path PROBE_WASM =
            Path.of("src/test/resources/server/probe.wasm").toAbsolutePath();

    private static PocketIcServer server;

    @BeforeAll
    static void startServer() throws Exception {
        PicJs.install();
        server = PocketIcServer.start(ServerOptions.of(EngineInstances.factory()));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void picJsDrivesACanisterThroughItsWholeLife() throws Exception {
        PicJs.Run run = PicJs.runScript("picjs-scenario.cjs", List.of(server.baseUrl(), PROBE_WASM.toString()), 600);

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output())
                .contains(
                        "ok create instance",
                        "ok topology",
                        "ok create and install canister",
                        "ok update and query calls",
                        "ok trap rejects",
                        "ok trap rolled back",
                        "ok caller identity",
                        "ok controllers and subnet",
                        "ok time never moves backwards",
                        "ok time and ticks",
                        "ok cycles",
                        "ok HTTP outcall mocked",
                        "ok call to a missing canister",
                        "ok stable memory",
                        "ok parallel instance isolated and deleted",
                        "ok instances deleted",
                        "PASS");
    }

    @Test
    void picJsCreatesCanistersOnTheSubnetsOfAnInstanceOfSeveral() throws Exception {
        PicJs.Run run = PicJs.runScript("picjs-subnets.cjs", List.of(server.baseUrl(), PROBE_WASM.toString()), 600);

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output())
                .contains(
                        "ok create instance with an NNS and two application subnets",
                        "ok topology",
                        "ok canister on the chosen subnet runs there",
                        "ok mainnet NNS id on the NNS subnet",
                        "ok default canister on the first application subnet",
                        "PASS");
    }

    @Test
    void picJsLaunchesTheRunnableJarWithItsOwnLauncher(@TempDir Path directory) throws Exception {
        // PicJS spawns a server binary with --port-file and --ttl; a one-line script makes the jar that binary.
        Path launcher = directory.resolve("pocket-ic");
        Files.writeString(launcher, "#!/bin/sh\nexec '" + ServerJar.java() + "' -jar '" + ServerJar.JAR + "' \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));

        PicJs.Run run = PicJs.runScript("picjs-launcher.cjs", List.of(launcher.toString(), PROBE_WASM.toString()), 300);

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output())
                .contains(
                        "ok server started",
                        "ok canister runs in the launched server",
                        "ok instance created, used and deleted",
                        "PASS");
    }
}
