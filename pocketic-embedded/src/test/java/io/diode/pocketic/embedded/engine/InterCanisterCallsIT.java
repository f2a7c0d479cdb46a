package io.diode.pocketic.embedded.engine;

import static io.diode.pocketic.embedded.engine.TestIc.USER;
import static io.diode.pocketic.embedded.engine.TestIc.candid;
import static io.diode.pocketic.embedded.engine.TestIc.decodeSingle;
import static io.diode.pocketic.embedded.engine.TestIc.nat;
import static io.diode.pocketic.embedded.engine.TestIc.noArgs;
import static io.diode.pocketic.embedded.engine.TestIc.reply;
import static org.assertj.core.api.Assertions.assertThat;

import io.diode.pocketic.embedded.api.IcInstance;
import java.math.BigInteger;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Calls between real Motoko canisters: replies, chains, cycles and rejects travelling back. */
class InterCanisterCallsIT {

    private IcInstance ic;
    private Principal counter;
    private Principal wallet;
    private Principal peer;

    @BeforeEach
    void deploy() {
        ic = EmbeddedIc.create();
        counter = TestIc.deploy(ic, "counter", candid(BigInteger.ZERO));
        wallet = TestIc.deploy(ic, "wallet", noArgs());
        peer = TestIc.deploy(ic, "wallet", noArgs());
    }

    @AfterEach
    void close() {
        ic.close();
    }

    @Test
    void callAndChainOfCalls() {
        assertThat(nat(ic.updateCall(USER, wallet, "incVia", candid(counter)))).isEqualTo(1);
        assertThat(nat(ic.updateCall(USER, wallet, "incViaPeer", candid(peer, counter))))
                .isEqualTo(2);
        assertThat(nat(ic.query(USER, counter, "get", noArgs()))).isEqualTo(2);
    }

    @Test
    void attachedCyclesAreAcceptedAndTheRestRefunded() {
        BigInteger walletBefore = ic.cycleBalance(wallet);
        BigInteger counterBefore = ic.cycleBalance(counter);
        BigInteger refund = nat(ic.updateCall(
                USER,
                wallet,
                "sendCycles",
                candid(counter, BigInteger.valueOf(5_000_000_000L), BigInteger.valueOf(3_000_000_000L))));
        assertThat(refund).isEqualTo(2_000_000_000L);
        BigInteger walletSpent = walletBefore.subtract(ic.cycleBalance(wallet));
        BigInteger counterGained = ic.cycleBalance(counter).subtract(counterBefore);
        // 3 B moved, plus message fees on both sides (a few million cycles)
        assertThat(walletSpent).isBetween(BigInteger.valueOf(3_000_000_000L), BigInteger.valueOf(3_100_000_000L));
        assertThat(counterGained).isBetween(BigInteger.valueOf(2_900_000_000L), BigInteger.valueOf(3_000_000_000L));
    }

    @Test
    void trapInCalleeArrivesAsRejectAndRollsBackOnlyTheCallee() {
        ic.updateCall(USER, counter, "inc", noArgs());
        String message = (String) decodeSingle(reply(ic.updateCall(USER, wallet, "callTrapping", candid(counter))));
        assertThat(message).contains("boom after increment");
        assertThat(nat(ic.query(USER, counter, "get", noArgs()))).isEqualTo(1);
    }

    @Test
    void callToMissingMethodArrivesAsReject() {
        String message = (String) decodeSingle(reply(ic.updateCall(USER, wallet, "callMissing", candid(counter))));
        assertThat(message).contains("has no update method 'missing'");
    }
}
