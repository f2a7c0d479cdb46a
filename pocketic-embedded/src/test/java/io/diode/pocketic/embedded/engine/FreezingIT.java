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
import io.diode.pocketic.embedded.api.InstanceConfig;
import io.diode.pocketic.embedded.api.InstructionLimits;
import io.diode.pocketic.embedded.api.RejectCode;
import io.diode.pocketic.embedded.management.TestCandid;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Storage fees drain a canister as time passes until it freezes; a top-up unfreezes it. */
class FreezingIT {

    private static final long INSTALL_LIMIT = 20_000_000L;
    private static final long UPDATE_LIMIT = 20_000_000L;
    private IcInstance ic;

    @BeforeEach
    void create() {
        // small install and update limits: the IC reserves the cost of the whole limit before install_code and
        // before each update (600 B and 80 B cycles for a Wasm64 module at the real 300 B and 40 B instructions),
        // which would dwarf the storage fees these tests are about
        ic = EmbeddedIc.create(new InstanceConfig(Instant.now())
                .withInstructionLimits(new InstructionLimits(
                        UPDATE_LIMIT, 5_000_000_000L, INSTALL_LIMIT, 200_000_000L, 5_000_000_000L)));
    }

    @AfterEach
    void close() {
        ic.close();
    }

    private BigInteger idleBurnPerDay(Principal canister) {
        return TestCandid.firstArgument(reply(TestIc.management(ic, USER, "canister_status", canister)))
                .field("idle_cycles_burned_per_day")
                .nat();
    }

    @Test
    void canisterFreezesWhenStorageFeesEatIntoItsThresholdAndThawsAfterATopUp() {
        Principal probe = TestIc.deploy(ic, "counter", candid(BigInteger.ZERO));
        BigInteger perDay = idleBurnPerDay(probe);
        assertThat(perDay).isPositive();

        // 30 days' freezing threshold + 10 days of storage + enough for install (prepaying 45 M) and a few messages
        BigInteger cycles = perDay.multiply(BigInteger.valueOf(40)).add(BigInteger.valueOf(150_000_000L));
        Principal counter = TestIc.createCanister(ic, USER, cycles);
        assertThat(TestIc.installCode(
                        ic, USER, counter, "install", MotokoCanisters.wasm("counter"), candid(BigInteger.ZERO)))
                .isInstanceOf(CallResult.Reply.class);
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
    void anUpdateReservesTheCostOfItsWholeInstructionLimitAndIsRefusedWhenItCannot() {
        Principal probe = TestIc.deploy(ic, "counter", candid(BigInteger.ZERO));
        BigInteger perDay = idleBurnPerDay(probe);
        // a Wasm64 update prepays 5 M + 2 cycles per instruction of its 20 M limit: 45 M; this canister keeps less
        // than that above its freezing threshold once installed
        Principal counter = TestIc.createCanister(
                ic,
                USER,
                perDay.multiply(BigInteger.valueOf(30))
                        .add(BigInteger.valueOf(5_000_000L + 2 * INSTALL_LIMIT + 5_000_000L)));
        assertThat(TestIc.installCode(
                        ic, USER, counter, "install", MotokoCanisters.wasm("counter"), candid(BigInteger.ZERO)))
                .isInstanceOf(CallResult.Reply.class);
        // the replica's CanisterOutOfCyclesError: controllers learn what is missing, others do not; a refused
        // update pays its ingress induction only, not the execution's base fee
        BigInteger balance = ic.cycleBalance(counter);
        assertThat(reject(ic.updateCall(TestIc.ALICE, counter, "inc", noArgs())).message())
                .isEqualTo("Canister " + counter + " is out of cycles");
        BigInteger induction = balance.subtract(ic.cycleBalance(counter));
        assertThat(induction).isPositive().isLessThan(BigInteger.valueOf(5_000_000L));
        CallResult.Reject refused = reject(ic.updateCall(USER, counter, "inc", noArgs()));
        assertThat(refused.errorCode()).isEqualTo("IC0501");
        assertThat(refused.code()).isEqualTo(RejectCode.CANISTER_ERROR);
        assertThat(refused.message())
                .matches("Canister " + counter + " is out of cycles: please top up the canister"
                        + " with at least \\d+ additional cycles");
        assertThat(balance.subtract(ic.cycleBalance(counter))).isEqualTo(induction.multiply(BigInteger.TWO));

        // topped up by exactly what the reject named (plus the next message's induction), it runs, and pays for
        // what it used, not for its limit
        BigInteger missing = new BigInteger(refused.message().replaceAll(".* at least (\\d+) additional.*", "$1"));
        ic.addCycles(counter, missing.add(induction));
        BigInteger before = ic.cycleBalance(counter);
        assertThat(nat(ic.updateCall(USER, counter, "inc", noArgs()))).isEqualTo(1);
        BigInteger charged = before.subtract(ic.cycleBalance(counter));
        assertThat(charged).isGreaterThan(BigInteger.valueOf(5_000_000L)).isLessThan(BigInteger.valueOf(10_000_000L));
        assertThat(reject(ic.updateCall(USER, counter, "inc", noArgs())).errorCode())
                .as("what it paid is missing again")
                .isEqualTo("IC0501");
        assertThat(nat(ic.query(USER, counter, "get", noArgs()))).isEqualTo(1);
    }

    @Test
    void canisterThatCannotPayForStorageIsUninstalled() {
        Principal probe = TestIc.deploy(ic, "counter", candid(BigInteger.ZERO));
        BigInteger perDay = idleBurnPerDay(probe);
        // with the install's prepayment (5 M + 2 cycles per instruction of the limit), mostly refunded
        Principal counter = TestIc.createCanister(
                ic,
                USER,
                perDay.multiply(BigInteger.valueOf(31)).add(BigInteger.valueOf(5_000_000L + 2 * INSTALL_LIMIT)));
        assertThat(TestIc.installCode(
                        ic, USER, counter, "install", MotokoCanisters.wasm("counter"), candid(BigInteger.ZERO)))
                .isInstanceOf(CallResult.Reply.class);
        ic.advanceTime(Duration.ofDays(41));
        assertThat(ic.cycleBalance(counter)).isZero();
        assertThat(reject(ic.updateCall(USER, counter, "inc", noArgs())).errorCode())
                .isEqualTo("IC0537");
        // other canisters are untouched
        assertThat(nat(ic.updateCall(USER, probe, "inc", noArgs()))).isEqualTo(1);
    }
}
