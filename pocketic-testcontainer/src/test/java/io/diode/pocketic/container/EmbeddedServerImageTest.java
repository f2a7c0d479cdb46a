package io.diode.pocketic.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.diode.pocketic.launcher.GraalJitFlags;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmbeddedServerImageTest {

    @Test
    void theEntrypointPassesTheJitFlagsBeforeTheJar() {
        String dockerfile = EmbeddedServerImage.dockerfile(
                GraalJitFlags.flags(List.of("/app/graal-compiler/a.jar", "/app/graal-compiler/b.jar")));
        assertThat(dockerfile)
                .contains("\"-XX:+EnableJVMCI\", \"--upgrade-module-path=/app/graal-compiler/a.jar:"
                        + "/app/graal-compiler/b.jar\", \"--sun-misc-unsafe-memory-access=allow\", \"-jar\", "
                        + "\"/app/pocketic-embedded.jar\"");
    }

    @Test
    void withoutTheCompilerTheEntrypointRunsTheJarPlainly() {
        assertThat(EmbeddedServerImage.dockerfile(List.of()))
                .contains("\"-Duser.home=/tmp\", \"-jar\"")
                .doesNotContain("JVMCI");
    }
}
