package io.diode.pocketic.embedded.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar pocketic-embedded.jar} as launchers use it: port file, quick /status, time-to-live, bad flags. */
class ServerJarIT {

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void writesThePortFileAnswersStatusAndExitsAfterItsTimeToLive(@TempDir Path directory) throws Exception {
        long started = System.nanoTime();
        try (ServerJar server = ServerJar.start(directory, "--ttl", "2")) {
            int port = server.awaitPort(30_000);
            HttpResponse<String> status = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/status"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            long firstStatusMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            System.out.println("pocketic-embedded.jar: first /status after " + firstStatusMillis + " ms");

            assertThat(status.statusCode()).isEqualTo(200);
            assertThat(server.process.waitFor(20, TimeUnit.SECONDS))
                    .as("exits after --ttl 2")
                    .isTrue();
            assertThat(server.process.exitValue()).isZero();
            assertThat(server.portFile).doesNotExist();
        }
    }

    @Test
    void aBadFlagIsNamedAndExitsWithTwo(@TempDir Path directory) throws Exception {
        try (ServerJar server = ServerJar.start(directory, "--ttl", "soon")) {
            assertThat(server.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(server.process.exitValue()).isEqualTo(2);
            assertThat(server.output())
                    .contains("--ttl takes a number, not \"soon\"")
                    .contains("Usage:");
            assertThat(Files.exists(server.portFile)).isFalse();
        }
    }
}
