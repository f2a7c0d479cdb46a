package io.diode.maven.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NamedPathListTest {
    private final Path base = Path.of("/project");

    @Test
    void parsesNamesAndResolvesRelativePaths() throws Exception {
        assertThat(NamedPathList.parse(" zone=src/Zone.mo , factory=/abs/F.mo,", base, "diode.canisters"))
                .containsExactly(
                        new NamedPathList.Entry("zone", Path.of("/project/src/Zone.mo")),
                        new NamedPathList.Entry("factory", Path.of("/abs/F.mo")));
    }

    @Test
    void rejectsEntriesWithoutNameOrPath() {
        assertThatThrownBy(() -> NamedPathList.parse("zone", base, "diode.canisters"))
                .isInstanceOf(CanisterBuildException.class)
                .hasMessageContaining("'zone'")
                .hasMessageContaining("-Ddiode.canisters=name=path");
        assertThatThrownBy(() -> NamedPathList.parse("=x.mo", base, "diode.packages"))
                .isInstanceOf(CanisterBuildException.class);
        assertThatThrownBy(() -> NamedPathList.parse("zone=", base, "diode.packages"))
                .isInstanceOf(CanisterBuildException.class);
    }
}
