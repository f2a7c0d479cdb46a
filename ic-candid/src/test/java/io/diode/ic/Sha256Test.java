package io.diode.ic;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Sha256Test {

    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"; // FIPS 180-2

    @Test
    void hashesTheStandardsTestVector() {
        assertThat(Sha256.hex("abc".getBytes(StandardCharsets.US_ASCII))).isEqualTo(ABC);
    }

    @Test
    void partsHashAsTheirConcatenation() {
        assertThat(HexFormat.of().formatHex(Sha256.of(new byte[] {'a'}, new byte[0], new byte[] {'b', 'c'})))
                .isEqualTo(ABC);
    }
}
