package io.diode.pocketic.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrincipalsTest {

    @Test
    void bothPrincipalTypesAgreeOnBytesAndText() {
        org.ic4j.types.Principal alice =
                org.ic4j.types.Principal.fromString("hpikg-6exdt-jn33w-ndty3-fc7jc-tl2lr-buih3-cs3y7-tftkp-sfp62-gqe");
        io.diode.candid.Principal candid = Principals.toCandid(alice);
        assertThat(candid.toText()).isEqualTo(alice.toString());
        assertThat(Principals.toIc4j(candid)).isEqualTo(alice);
        assertThat(Principals.toCandid(org.ic4j.types.Principal.managementCanister())
                        .toText())
                .isEqualTo("aaaaa-aa");
    }
}
