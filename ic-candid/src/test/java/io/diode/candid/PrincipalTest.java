package io.diode.candid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PrincipalTest {

    @Test
    void textFormsOfWellKnownPrincipals() {
        assertThat(Principal.managementCanister().toText()).isEqualTo("aaaaa-aa");
        assertThat(Principal.anonymous().toText()).isEqualTo("2vxsx-fae");
        Principal canister = Principal.fromText("rrkah-fqaaa-aaaaa-aaaaq-cai");
        assertThat(canister.toHex()).isEqualTo("00000000000000010101");
        assertThat(Principal.fromBytes(canister.bytes())).isEqualTo(canister);
    }

    @Test
    void aWrongChecksumIsRejectedWithTheRightSpelling() {
        assertThatThrownBy(() -> Principal.fromText("rrkah-fqaaa-aaaaa-aaaaq-caa"))
                .hasMessageContaining("checksum");
        assertThatThrownBy(() -> Principal.fromText("rrkah-fqaaa-aaaaa-aaaaq-ca1"))
                .hasMessageContaining("contains '1'");
    }
}
