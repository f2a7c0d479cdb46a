package io.diode.pocketic.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PocketIcLauncherTest {

    private static PocketIcLauncher fake(String mode) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return PocketIcLauncher.command(
                List.of(
                        java.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        PortFileServerMain.class.getName(),
                        mode),
                "fake server (" + mode + ")");
    }

    @Test
    void startsTheServerWaitsForItsPortAndStopsIt() throws Exception {
        RunningPocketIcServer server = fake("serve").ttl(Duration.ofSeconds(30)).start();
        URI status = URI.create(server.url() + "/status");
        try (HttpClient http = HttpClient.newHttpClient()) {
            assertThat(http.send(HttpRequest.newBuilder(status).build(), HttpResponse.BodyHandlers.discarding())
                            .statusCode())
                    .isEqualTo(200);
            assertThat(server.url().getHost()).isEqualTo("127.0.0.1");
            server.close();
            assertThatThrownBy(() -> http.send(
                            HttpRequest.newBuilder(status)
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding()))
                    .isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void passesTheRealServersFlags() {
        List<String> command = fake("serve").ttl(Duration.ofSeconds(42)).commandLine(Path.of("/tmp/p"));
        assertThat(command).containsSequence("--ip-addr", "127.0.0.1", "--port-file", "/tmp/p", "--ttl", "42");
    }

    @Test
    void aServerThatExitsEarlyIsReportedWithItsOutput() {
        assertThatThrownBy(() -> fake("crash").start())
                .isInstanceOf(PocketIcLaunchException.class)
                .hasMessageContaining("exited with code 3")
                .hasMessageContaining("cannot open the state directory");
    }

    @Test
    void aServerThatNeverListensTimesOut() {
        long start = System.nanoTime();
        assertThatThrownBy(
                        () -> fake("mute").startTimeout(Duration.ofSeconds(2)).start())
                .isInstanceOf(PocketIcLaunchException.class)
                .hasMessageContaining("did not write its port");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void aMissingBinaryOrJarSaysWhatToDo(@TempDir Path directory) throws Exception {
        assertThatThrownBy(() -> PocketIcLauncher.binary(directory.resolve("pocket-ic")))
                .hasMessageContaining("POCKET_IC_BIN");
        Path notExecutable = Files.writeString(directory.resolve("pocket-ic"), "#!/bin/sh\n");
        assertThatThrownBy(() -> PocketIcLauncher.binary(notExecutable)).hasMessageContaining("chmod +x");
        assertThatThrownBy(() -> PocketIcLauncher.jar(directory.resolve("missing.jar")))
                .hasMessageContaining("./mvnw -pl pocketic-embedded package");
    }

    @Test
    void readsOnlyWholePortNumbers(@TempDir Path directory) throws Exception {
        Path portFile = directory.resolve("port");
        assertThat(PocketIcLauncher.readPort(portFile)).isEmpty();
        Files.writeString(portFile, "");
        assertThat(PocketIcLauncher.readPort(portFile)).isEmpty();
        Files.writeString(portFile, "80x");
        assertThat(PocketIcLauncher.readPort(portFile)).isEmpty();
        Files.writeString(portFile, "8080\n");
        assertThat(PocketIcLauncher.readPort(portFile)).contains(8080);
    }
}
