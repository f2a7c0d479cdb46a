package io.diode.pocketic.embedded.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServerCommandLineTest {

    @Test
    void defaultsToAnyFreeLoopbackPortWithoutTimeToLive() {
        ServerCommandLine commandLine = ServerCommandLine.parse();

        assertThat(commandLine.ipAddress()).isEqualTo("127.0.0.1");
        assertThat(commandLine.port()).isZero();
        assertThat(commandLine.portFile()).isEmpty();
        assertThat(commandLine.ttl()).isEmpty();
        assertThat(commandLine.help()).isFalse();
    }

    @Test
    void readsTheRealServersFlagsInBothSpellings() {
        ServerCommandLine commandLine = ServerCommandLine.parse(
                "--port-file",
                "/tmp/p.port",
                "--ttl=60",
                "--ip-addr",
                "0.0.0.0",
                "--port",
                "8080",
                "--log-levels",
                "error",
                "--max-request-bytes",
                "100");

        assertThat(commandLine.portFile()).contains(Path.of("/tmp/p.port"));
        assertThat(commandLine.ttl()).isEqualTo(Optional.of(Duration.ofSeconds(60)));
        assertThat(commandLine.ipAddress()).isEqualTo("0.0.0.0");
        assertThat(commandLine.port()).isEqualTo(8080);
        assertThat(commandLine.maxRequestBytes()).isEqualTo(100);
        assertThat(commandLine.toOptions(settings -> new ScriptedIcInstance()).ttl())
                .contains(Duration.ofSeconds(60));
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> ServerCommandLine.parse("--port", "http"))
                .hasMessage("--port takes a number, not \"http\"");
        assertThatThrownBy(() -> ServerCommandLine.parse("--port", "70000"))
                .hasMessageContaining("between 0 and 65535");
        assertThatThrownBy(() -> ServerCommandLine.parse("--ttl")).hasMessage("--ttl needs a value");
        assertThatThrownBy(() -> ServerCommandLine.parse("--ttl", "0")).hasMessageContaining("between 1");
        assertThatThrownBy(() -> ServerCommandLine.parse("--turbo", "1"))
                .hasMessageContaining("unknown option --turbo");
    }
}
