package io.diode.maven.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CandidTextArgumentTest {

    private static String hex(String text) throws ReleaseException {
        return HexFormat.of().formatHex(CandidTextArgument.encode(text, "the init argument"));
    }

    @Test
    void emptyAndUnitMeanNoArguments() throws ReleaseException {
        assertThat(hex(null)).isEqualTo("4449444c0000");
        assertThat(hex("  ")).isEqualTo("4449444c0000");
        assertThat(hex("( )")).isEqualTo("4449444c0000");
    }

    @Test
    void annotatedNumbersAndRecordsAreEncodedWithTheirTypes() throws ReleaseException {
        assertThat(hex("(42 : nat)")).isEqualTo("4449444c00017d2a");
        // record { a : nat; b : text } = record { a = 1; b = "x" }
        assertThat(hex("(record { a = 1 : nat; b = \"x\" })")).isEqualTo("4449444c016c02617d62710100010178");
    }

    @Test
    void hexIsPassedThroughWhenItIsCandid() throws ReleaseException {
        assertThat(hex("hex:4449444c00017d2a")).isEqualTo("4449444c00017d2a");
        assertThatThrownBy(() -> CandidTextArgument.encode("hex:00ff", "the init argument"))
                .hasMessageContaining("not a Candid message");
        assertThatThrownBy(() -> CandidTextArgument.encode("hex:zz", "the init argument"))
                .hasMessageContaining("not hexadecimal");
    }

    @Test
    void unparsableTextSaysHowToWriteIt() {
        assertThatThrownBy(
                        () -> CandidTextArgument.encode("(opt principal \"aaaaa-aa\")", "the init argument of factory"))
                .isInstanceOf(ReleaseException.class)
                .hasMessageStartingWith("the init argument of factory is not Candid text")
                .hasMessageContaining("hex:4449444c");
    }
}
