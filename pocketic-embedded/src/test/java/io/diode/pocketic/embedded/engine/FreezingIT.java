package io.diode.pocketic.embedded.engine;

import static io.diode.pocketic.embedded.engine.TestIc.USER;
import static io.diode.pocketic.embedded.engine.TestIc.candid;
import static io.diode.pocketic.embedded.engine.TestIc.nat;
import static io.diode.pocketic.embedded.engine.TestIc.noArgs;
import static io.diode.pocketic.embedded.engine.TestIc.reject;
import static io.diode.pocketic.embedded.engine.TestIc.reply;
import static org.assertj.core.api.Assertions.assertThat;

import io.diode.pocketic.embedded.api.CallResult;
import io.diode.pocketic.embedded.api.IcInstance;
import io.diode.pocketic.embedded.api.RejectCode;
import io.diode.pocketic.embedded.management.candid.CandidReader;
import java.math.BigInteger;
import java.time.Duration;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Storage fees drain a canister as time passes until it freezes; a top-up unfreezes it. */
class FreezingIT {

    private IcInstance ic;

    @BeforeEach
    void create() {
        ic = EmbeddedIc.create();
    }

    @AfterEach
    void close() {
        ic.close();
    }

    private BigInteger idleBurnPerDay(Principal canister) {
        return CandidReader.firstArgument(reply(TestIc.management(ic, USER, "canister_status", canister)))
                .field("idle_cycles_burned_per_day").nat();
    }

    @Test
    void canisterFreezesWhenStorageFeesEatIntoItsThresholdAndThawsAfterATopUp() {
        Principal probe = TestIc.deploy(ic, "counter", candid(BigInteger.ZERO));
        BigInteger perDay = idleBurnPerDay(probe);
        assertThat(perDay).isPositive();

        // 30 days' freezing threshold + 10 days of storage + enough for install and a few messages
        BigInteger cycles = perDay.multiply(BigInteger.valueOf(40)).add(BigInteger.valueOf(100_000_000L));
        Principal counter = TestIc.createCanister(ic, USER, cycles);
        assertThat(TestIc.installCode(ic, USER, counter, "install", MotokoCanisters.wasm("counter"),
                candid(BigInteger.ZERO))).isInstanceOf(CallResult.Reply.class);
        assertThat(nat(ic.updateCall(USER, counter, "inc", noArgs()))).isEqualTo(1);

        BigInteger before = ic.cycleBalance(counter);
        ic.advanceTime(Duration.ofDays(5));
        BigInteger charged = before.subtract(ic.cycleBalance(counter));
        assertThat(charged).isBetween(perDay.multiply(BigInteger.valueOf(4)), perDay.multiply(BigInteger.valueOf(6)));
        assertThat(nat(ic.updateCall(USER, counter, "inc", noArgs()))).isEqualTo(2);

        ic.advanceTime(Duration.ofDays(10));
        CallResult.Reject frozen = reject(ic.updateCall(USER, counter, "inc", noArgs()));
        assertThat(frozen.errorCode()).isEqualTo("IC0207");
        assertThat(frozen.code()).isEqualTo(RejectCode.SYS_TRANSIENT);
        assertThat(frozen.message()).contains("is out of cycles").contains("top up");
        // queries still answer, and the state is intact
        assertThat(nat(ic.query(USER, counter, "get", noArgs()))).isEqualTo(2);

        ic.addCycles(counter, perDay.multiply(BigInteger.valueOf(30)));
        assertThat(nat(ic.updateCall(USER, counter, "inc", noArgs()))).isEqualTo(3);
    }

    @Test
    void canisterThatCannotPayForStorageIsUninstalled() {
        Principal probe = TestIc.deploy(ic, "counter", candid(BigInteger.ZERO));
        BigInteger perDay = idleBurnPerDay(probe);
        Principal counter = TestIc.createCanister(ic, USER, perDay.multiply(BigInteger.valueOf(31)));
        TestIc.installCode(ic, USER, counter, "install", MotokoCanisters.wasm("counter"), candid(BigInteger.ZERO));
        ic.advanceTime(Duration.ofDays(40));
        assertThat(ic.cycleBalance(counter)).isZero();
        assertThat(reject(ic.updateCall(USER, counter, "inc", noArgs())).errorCode()).isEqualTo("IC0537");
        // other canisters are untouched
        assertThat(nat(ic.updateCall(USER, probe, "inc", noArgs()))).isEqualTo(1);
    }
}
