package io.diode.pocketic.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

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
}
