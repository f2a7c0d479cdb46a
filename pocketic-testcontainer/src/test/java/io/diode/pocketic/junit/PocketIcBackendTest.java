package io.diode.pocketic.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PocketIcBackendTest {

    @Test
    void parsesBackendNamesCaseInsensitively() {
        assertThat(PocketIcBackend.parse("embedded")).isEqualTo(PocketIcBackend.EMBEDDED);
        assertThat(PocketIcBackend.parse(" Container ")).isEqualTo(PocketIcBackend.CONTAINER);
        assertThat(PocketIcBackend.parse("BINARY")).isEqualTo(PocketIcBackend.BINARY);
    }

    @Test
    void anUnknownBackendListsTheValidOnes() {
        assertThatThrownBy(() -> PocketIcBackend.parse("docker"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pocketic.backend=docker")
                .hasMessageContaining("embedded, container, binary");
    }

    @Test
    void theEmbeddedBackendIsAvailableWhenTheServerIsOnTheClassPath() {
        assertThat(PocketIcBackend.EMBEDDED.unavailableReason()).isEmpty();
    }

    @Test
    void withoutAServerJarPropertyTheServerArtifactIsResolvedFromTheLocalRepository(
            @TempDir Path repository, @TempDir Path cache) throws Exception {
        Properties saved = (Properties) System.getProperties().clone();
        try {
            System.clearProperty(PocketIcBackend.SERVER_JAR_PROPERTY);
            System.setProperty("maven.repo.local", repository.toString());
            System.setProperty("pocketic.server.version", "4.5.6");
            System.setProperty("pocketic.server.cacheDirectory", cache.toString());
            assertThat(PocketIcBackend.BINARY.unavailableReason())
                    .hasValueSatisfying(reason -> assertThat(reason)
                            .contains(
                                    "io.diode:pocketic-embedded:4.5.6:jar:server is not in the local Maven repository "
                                            + repository)
                            .contains("mvn dependency:get"));

            Path jar = repository.resolve("io/diode/pocketic-embedded/4.5.6/pocketic-embedded-4.5.6-server.jar");
            Files.createDirectories(jar.getParent());
            try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
                out.flush();
            }
            if (System.getenv("POCKET_IC_BIN") == null) {
                assertThat(PocketIcBackend.BINARY.unavailableReason()).isEmpty();
            }
            assertThat(PocketIcBackend.serverJar())
                    .hasValueSatisfying(found -> assertThat(found).hasSameBinaryContentAs(jar));

            System.setProperty(
                    PocketIcBackend.SERVER_JAR_PROPERTY,
                    repository.resolve("nope.jar").toString());
            assertThat(PocketIcBackend.serverJarProblem())
                    .hasValueSatisfying(problem -> assertThat(problem)
                            .contains("-Dpocketic.server.jar=" + repository.resolve("nope.jar") + " does not exist"));
        } finally {
            System.setProperties(saved);
        }
    }
}
