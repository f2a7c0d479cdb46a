package io.diode.pocketic.embedded.engine;

import static io.diode.pocketic.embedded.engine.TestIc.USER;
import static io.diode.pocketic.embedded.engine.TestIc.candid;
import static io.diode.pocketic.embedded.engine.TestIc.nat;
import static io.diode.pocketic.embedded.engine.TestIc.noArgs;
import static io.diode.pocketic.embedded.engine.TestIc.reject;
import static org.assertj.core.api.Assertions.assertThat;

import io.diode.pocketic.embedded.api.CallResult;
import io.diode.pocketic.embedded.api.IcInstance;
import io.diode.pocketic.embedded.api.RejectCode;
import java.math.BigInteger;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real Motoko counter: install with an init argument, updates, queries, traps and upgrades. */
class CounterCanisterIT {

    private IcInstance ic;
    private Principal counter;

    @BeforeEach
    void deploy() {
        ic = EmbeddedIc.create();
        counter = TestIc.deploy(ic, "counter", candid(BigInteger.valueOf(40)));
    }

    @AfterEach
    void close() {
        ic.close();
    }

    @Test
    void initArgumentUpdatesAndQueries() {
        assertThat(nat(ic.query(USER, counter, "get", noArgs()))).isEqualTo(40);
        assertThat(nat(ic.updateCall(USER, counter, "inc", noArgs()))).isEqualTo(41);
        assertThat(nat(ic.updateCall(USER, counter, "add", candid(BigInteger.valueOf(9)))))
                .isEqualTo(50);
        assertThat(nat(ic.query(USER, counter, "get", noArgs()))).isEqualTo(50);
    }

    @Test
    void trapRollsBackTheStateChange() {
        ic.updateCall(USER, counter, "inc", noArgs());
        CallResult.Reject reject = reject(ic.updateCall(USER, counter, "incThenTrap", noArgs()));
        assertThat(reject.code()).isEqualTo(RejectCode.CANISTER_ERROR);
        assertThat(reject.errorCode()).isEqualTo("IC0503");
        assertThat(reject.message()).contains("boom after increment").contains(counter.toString());
        assertThat(nat(ic.query(USER, counter, "get", noArgs()))).isEqualTo(41);
        assertThat(nat(ic.updateCall(USER, counter, "inc", noArgs()))).isEqualTo(42);
    }

    @Test
    void trapInPostUpgradeRollsTheWholeUpgradeBack() {
        ic.updateCall(USER, counter, "inc", noArgs());
        CallResult.Reject rejected = reject(TestIc.installCode(
                ic, USER, counter, "upgrade", MotokoCanisters.wasm("broken"), candid(BigInteger.ZERO)));
        assertThat(rejected.errorCode()).isEqualTo("IC0503");
        assertThat(rejected.message()).contains("post_upgrade refuses");
        // the old module, its memory and its methods are all still there
        assertThat(nat(ic.query(USER, counter, "get", noArgs()))).isEqualTo(41);
        assertThat(nat(ic.updateCall(USER, counter, "inc", noArgs()))).isEqualTo(42);
        assertThat(nat(ic.query(USER, counter, "upgradeCount", noArgs()))).isZero();
    }

    @Test
    void upgradeKeepsStateAndRunsPostUpgrade() {
        ic.updateCall(USER, counter, "add", candid(BigInteger.valueOf(2)));
        CallResult upgraded = TestIc.installCode(
                ic, USER, counter, "upgrade", MotokoCanisters.wasm("counter"), candid(BigInteger.ZERO));
        assertThat(upgraded).isInstanceOf(CallResult.Reply.class);
        assertThat(nat(ic.query(USER, counter, "get", noArgs()))).isEqualTo(42);
        assertThat(nat(ic.query(USER, counter, "upgradeCount", noArgs()))).isEqualTo(1);
    }
}
