package io.diode.pocketic.junit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class BackendAvailabilityTest {

    @Test
    void anAvailableBackendPasses() {
        assertThatCode(() -> BackendAvailability.requireAvailable(PocketIcBackend.CONTAINER, Optional.empty(), true))
                .doesNotThrowAnyException();
    }

    @Test
    void offCiAnUnavailableBackendIsSkippedWithTheReason() {
        assertThatThrownBy(() -> BackendAvailability.requireAvailable(PocketIcBackend.CONTAINER,
                Optional.of("no Docker engine is reachable"), false))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("container is unavailable: no Docker engine is reachable");
    }

    @Test
    void inCiAnUnavailableBackendFails() {
        assertThatThrownBy(() -> BackendAvailability.requireAvailable(PocketIcBackend.CONTAINER,
                Optional.of("no Docker engine is reachable"), true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must not be skipped in CI");
    }
}
