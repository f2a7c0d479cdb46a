package io.diode.pocketic.embedded.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.Test;

class PrincipalTextTest {

    @Test
    void writesTheIcTextForm() {
        assertThat(PrincipalText.of(new byte[0])).isEqualTo("aaaaa-aa");
        assertThat(PrincipalText.of(new byte[] {4})).isEqualTo("2vxsx-fae");
        assertThat(PrincipalText.of(HexFormat.of().parseHex("00000000000000000101")))
                .isEqualTo("rwlgt-iiaaa-aaaaa-aaaaa-cai");
        assertThat(PrincipalText.of(CanisterIdAllocator.principalOf(CanisterIdAllocator.FIRST)))
                .isEqualTo("lxzze-o7777-77777-aaaaa-cai");
    }

    @Test
    void aTextWhoseLengthIsAMultipleOfFiveHasNoTrailingDash() {
        // ic4j's toString gives "bfozs-kwa73-7nadi-" for these five bytes
        Principal fiveBytes = Principal.from(HexFormat.of().parseHex("c0fefed00d"));
        assertThat(PrincipalText.of(fiveBytes)).isEqualTo("bfozs-kwa73-7nadi");
        assertThat(PrincipalText.of(new byte[] {1, 2})).doesNotEndWith("-").hasSize(11);
    }
}
