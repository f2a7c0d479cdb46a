package io.diode.pocketic.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class BackendAvailabilityTest {

    private static final Optional<String> NO_DOCKER = Optional.of("no Docker engine is reachable");

    @Test
    void anAvailableBackendPasses() {
        assertThatCode(() -> BackendAvailability.requireAvailable(PocketIcBackend.CONTAINER, Optional.empty(), null))
                .doesNotThrowAnyException();
    }

    @Test
    void byDefaultAnUnavailableBackendFailsAndSaysHowToOptIntoSkipping() {
        assertThatThrownBy(() -> BackendAvailability.requireAvailable(PocketIcBackend.CONTAINER, NO_DOCKER, null))
                .isInstanceOf(BackendAvailability.BackendUnavailableException.class)
                .hasMessageContaining("PocketIC backend container is unavailable: no Docker engine is reachable")
                .hasMessageContaining("-Dpocketic.skipUnavailable=container");
        assertThatThrownBy(() -> BackendAvailability.requireAvailable(PocketIcBackend.CONTAINER, NO_DOCKER, "false"))
                .isInstanceOf(BackendAvailability.BackendUnavailableException.class);
    }

    @Test
    void skippingIsAnExplicitOptInPerBackendOrForAll() {
        assertThatThrownBy(() ->
                        BackendAvailability.requireAvailable(PocketIcBackend.CONTAINER, NO_DOCKER, "binary, container"))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("container is unavailable: no Docker engine is reachable")
                .hasMessageContaining("skipped: -Dpocketic.skipUnavailable=binary, container");
        assertThatThrownBy(() -> BackendAvailability.requireAvailable(PocketIcBackend.EMBEDDED, NO_DOCKER, "true"))
                .isInstanceOf(TestAbortedException.class);
        // Opting in for one backend does not skip another.
        assertThatThrownBy(() -> BackendAvailability.requireAvailable(PocketIcBackend.EMBEDDED, NO_DOCKER, "container"))
                .isInstanceOf(BackendAvailability.BackendUnavailableException.class);
        assertThat(BackendAvailability.skips(PocketIcBackend.BINARY, "ALL")).isTrue();
    }
}
