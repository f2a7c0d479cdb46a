package io.diode.pocketic.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.ic4j.types.Principal;
import org.junit.jupiter.api.Test;

class SenderTest {

    private static final Principal ALICE =
            Principal.fromString("hpikg-6exdt-jn33w-ndty3-fc7jc-tl2lr-buih3-cs3y7-tftkp-sfp62-gqe");

    @Test
    void theSameSenderFromEitherPrincipalType() {
        Sender fromCandid = Sender.of(Principals.toCandid(ALICE));
        assertThat(fromCandid).isEqualTo(Sender.of(ALICE));
        assertThat(fromCandid.principal()).isEqualTo(ALICE);
        assertThat(fromCandid).hasToString(ALICE.toString());
    }

    @Test
    void theDefaultSenderIsTheAnonymousPrincipal() {
        assertThat(Sender.anonymous().principal()).isEqualTo(Principal.anonymous());
        assertThat(Sender.anonymous()).hasToString("2vxsx-fae");
    }

    @Test
    void aSenderNeedsAPrincipal() {
        assertThatThrownBy(() -> Sender.of((Principal) null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("principal");
    }
}
