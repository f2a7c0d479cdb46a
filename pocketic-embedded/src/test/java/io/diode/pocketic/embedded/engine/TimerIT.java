package io.diode.pocketic.embedded.engine;

import static io.diode.pocketic.embedded.engine.TestIc.USER;
import static io.diode.pocketic.embedded.engine.TestIc.candid;
import static io.diode.pocketic.embedded.engine.TestIc.noArgs;
import static io.diode.pocketic.embedded.engine.TestIc.reply;
import static org.assertj.core.api.Assertions.assertThat;

import io.diode.pocketic.embedded.api.CallResult;
import io.diode.pocketic.embedded.api.IcInstance;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import org.ic4j.candid.parser.IDLArgs;
import org.ic4j.candid.parser.IDLValue;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Motoko timers run from the IC's global timer when time reaches them, and only then. */
class TimerIT {

    private IcInstance ic;
    private Principal canister;

    @BeforeEach
    void deploy() {
        ic = EmbeddedIc.create();
        canister = TestIc.deploy(ic, "timer", noArgs());
    }

    @AfterEach
    void close() {
        ic.close();
    }

    private List<Object> counts() {
        return IDLArgs.fromBytes(reply(ic.query(USER, canister, "counts", noArgs()))).getArgs().stream()
                .map(IDLValue::getValue)
                .toList();
    }

    @Test
    void oneShotTimerFiresOnceWhenDue() {
        ic.updateCall(USER, canister, "schedule", candid(BigInteger.valueOf(10)));
        ic.tick();
        ic.tick();
        assertThat(counts()).containsExactly(BigInteger.ZERO, BigInteger.ZERO);

        ic.advanceTime(Duration.ofSeconds(11));
        ic.tick();
        ic.tick();
        assertThat(counts()).containsExactly(BigInteger.ONE, BigInteger.ZERO);

        ic.advanceTime(Duration.ofSeconds(60));
        ic.tick();
        assertThat(counts()).containsExactly(BigInteger.ONE, BigInteger.ZERO);
    }

    @Test
    void heartbeatRunsEveryRound() {
        Principal heartbeat = TestIc.deploy(ic, "heartbeat", noArgs());
        BigInteger before = TestIc.nat(ic.query(USER, heartbeat, "count", noArgs()));
        for (int round = 0; round < 5; round++) {
            ic.tick();
        }
        BigInteger after = TestIc.nat(ic.query(USER, heartbeat, "count", noArgs()));
        assertThat(after.subtract(before)).isEqualTo(5);
    }

    @Test
    void recurringTimerFiresEachPeriod() {
        ic.updateCall(USER, canister, "startRecurring", candid(BigInteger.valueOf(5)));
        for (int period = 0; period < 3; period++) {
            ic.advanceTime(Duration.ofSeconds(5));
            ic.tick();
            ic.tick();
        }
        assertThat(counts()).containsExactly(BigInteger.ZERO, BigInteger.valueOf(3));
    }

    @Test
    void stoppingAfterARecurringTimerFiredCompletes() {
        // Motoko runs each timer job through a self-call from canister_global_timer; once those finish, no call
        // context may stay open, or stop_canister (and so every upgrade a Factory does) never completes.
        ic.updateCall(USER, canister, "startRecurring", candid(BigInteger.valueOf(60)));
        ic.advanceTime(Duration.ofSeconds(61));
        ic.tick();
        ic.tick();
        assertThat(counts()).containsExactly(BigInteger.ZERO, BigInteger.ONE);

        assertThat(TestIc.management(ic, USER, "stop_canister", canister)).isInstanceOf(CallResult.Reply.class);
        assertThat(TestIc.management(ic, USER, "start_canister", canister)).isInstanceOf(CallResult.Reply.class);
        assertThat(counts()).containsExactly(BigInteger.ZERO, BigInteger.ONE);
    }
}
