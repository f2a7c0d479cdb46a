package io.diode.pocketic.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import io.diode.pocketic.container.PocketIcContainer;
import io.diode.pocketic.junit.BackendAvailability;
import io.diode.pocketic.junit.PocketIcBackend;
import io.diode.pocketic.launcher.PocketIcLauncher;
import io.diode.pocketic.launcher.RunningPocketIcServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.testcontainers.images.builder.ImageFromDockerfile;

/** Every backend starts a healthy server reachable on loopback only, and stops it; failures are clear. */
class BackendLifecycleIT {

    @ParameterizedTest
    @EnumSource(PocketIcBackend.class)
    void startsAHealthyServerOnLoopbackAndStopsIt(PocketIcBackend backend) throws Exception {
        BackendAvailability.requireAvailable(backend);
        RunningPocketIcServer server = backend.start();
        try (HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpRequest status = HttpRequest.newBuilder(java.net.URI.create(server.url() + "/status"))
                    .timeout(Duration.ofSeconds(10))
                    .build();
            assertThat(http.send(status, HttpResponse.BodyHandlers.discarding()).statusCode())
                    .isEqualTo(200);
            assertThat(server.url().getHost()).isIn("127.0.0.1", "localhost");
            if (server instanceof PocketIcContainer container) {
                Ports.Binding[] bindings = container
                        .getContainerInfo()
                        .getNetworkSettings()
                        .getPorts()
                        .getBindings()
                        .get(ExposedPort.tcp(PocketIcContainer.PORT));
                assertThat(bindings)
                        .isNotEmpty()
                        .allSatisfy(binding -> assertThat(binding.getHostIp()).isEqualTo("127.0.0.1"));
            }
            server.close();
            assertThatThrownBy(() -> http.send(status, HttpResponse.BodyHandlers.discarding()))
                    .isInstanceOf(java.io.IOException.class);
        } finally {
            server.close();
        }
    }

    @Test
    void aLaunchedServerExitsByItselfWhenIdleForItsTimeToLive() throws Exception {
        BackendAvailability.requireAvailable(PocketIcBackend.BINARY);
        String jar = System.getProperty(PocketIcBackend.SERVER_JAR_PROPERTY);
        Assumptions.assumeTrue(jar != null, "needs -D" + PocketIcBackend.SERVER_JAR_PROPERTY);
        try (RunningPocketIcServer server = PocketIcLauncher.jar(Path.of(jar))
                        .ttl(Duration.ofSeconds(1))
                        .start();
                HttpClient http = HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(2))
                        .build()) {
            HttpRequest status = HttpRequest.newBuilder(java.net.URI.create(server.url() + "/status"))
                    .timeout(Duration.ofSeconds(2))
                    .build();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            boolean gone = false;
            while (!gone && System.nanoTime() < deadline) {
                Thread.sleep(1_500);
                try {
                    http.send(status, HttpResponse.BodyHandlers.discarding());
                } catch (java.io.IOException refused) {
                    gone = true;
                }
            }
            assertThat(gone).as("the server exited after 1 s without requests").isTrue();
        }
    }

    @Test
    void aContainerThatCannotStartFailsWithAClearError() {
        BackendAvailability.requireAvailable(PocketIcBackend.CONTAINER);
        ImageFromDockerfile broken = new ImageFromDockerfile("diode/pocketic-broken:local", false)
                .withFileFromString("README", "an image whose entry point does not exist")
                .withFileFromString("Dockerfile", "FROM scratch\nCOPY README /README\nENTRYPOINT [\"/pocket-ic\"]\n");
        long start = System.nanoTime();
        try (PocketIcContainer container = new PocketIcContainer(broken)) {
            assertThatThrownBy(container::start)
                    .isInstanceOf(RuntimeException.class)
                    .hasMessageContaining("Container startup failed");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMinutes(2));
    }
}
