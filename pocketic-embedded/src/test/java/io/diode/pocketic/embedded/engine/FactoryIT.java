package io.diode.pocketic.embedded.engine;

import static io.diode.pocketic.embedded.engine.TestIc.USER;
import static io.diode.pocketic.embedded.engine.TestIc.candid;
import static io.diode.pocketic.embedded.engine.TestIc.decodeSingle;
import static io.diode.pocketic.embedded.engine.TestIc.noArgs;
import static io.diode.pocketic.embedded.engine.TestIc.reply;
import static org.assertj.core.api.Assertions.assertThat;

import io.diode.pocketic.embedded.api.CallResult;
import io.diode.pocketic.embedded.api.IcInstance;
import java.math.BigInteger;
import java.util.List;
import org.ic4j.candid.parser.IDLArgs;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Factory pattern: a Motoko actor creates child canisters (actor class instances) and pays for them. */
class FactoryIT {

    private IcInstance ic;
    private Principal factory;

    @BeforeEach
    void deploy() {
        ic = EmbeddedIc.create();
        factory = TestIc.deploy(ic, "factory", noArgs());
    }

    @AfterEach
    void close() {
        ic.close();
    }

    @Test
    void createsChildrenThatRunTheirOwnCode() {
        BigInteger before = ic.cycleBalance(factory);
        Principal first = (Principal) decodeSingle(reply(ic.updateCall(USER, factory, "create", candid("alpha"))));
        Principal second = (Principal) decodeSingle(reply(ic.updateCall(USER, factory, "create", candid("beta"))));

        assertThat(ic.canisters()).containsExactly(factory, first, second);
        assertThat(ic.controllers(first)).containsExactly(factory);
        var info = IDLArgs.fromBytes(reply(ic.query(USER, second, "info", noArgs())))
                .getArgs();
        assertThat((Object) info.get(0).getValue()).isEqualTo(factory);
        assertThat((Object) info.get(1).getValue()).isEqualTo("beta");
        assertThat(TestIc.principals(decodeSingle(reply(ic.query(USER, factory, "list", noArgs())))))
                .isEqualTo(List.of(first, second));
        // each child got 2 T cycles minus the 500 B creation fee and its install's execution: the 5 M base fee and
        // 2 cycles per counted instruction (the prepaid rest of the 300 B limit is refunded)
        assertThat(ic.cycleBalance(first))
                .isBetween(BigInteger.valueOf(1_499_990_000_000L), BigInteger.valueOf(1_499_995_000_000L - 1));
        assertThat(before.subtract(ic.cycleBalance(factory)))
                .isGreaterThanOrEqualTo(BigInteger.valueOf(4_000_000_000_000L));
    }

    @Test
    void aChildWithoutCyclesForTheInstallPrepaymentIsNotInstalled() {
        // the IC reserves execution_cost(300 B instructions) of a Wasm64 module before install_code: 600_005_000_000
        Principal child = TestIc.createCanister(ic, USER, BigInteger.valueOf(600_000_000_000L));
        CallResult.Reject refused = TestIc.reject(TestIc.installCode(
                ic, USER, child, "install", MotokoCanisters.wasm("counter"), candid(BigInteger.ZERO)));
        assertThat(refused.errorCode()).isEqualTo("IC0501");
        assertThat(refused.message())
                .isEqualTo("Canister installation failed with `Canister " + child
                        + " is out of cycles: requested 600_005_000_000 cycles but the available balance is"
                        + " 600_000_000_000 cycles and the freezing threshold 0 cycles`.");
        assertThat(ic.cycleBalance(child)).isEqualTo(BigInteger.valueOf(600_000_000_000L));
        ic.addCycles(child, BigInteger.valueOf(5_000_000L));
        assertThat(TestIc.installCode(
                        ic, USER, child, "install", MotokoCanisters.wasm("counter"), candid(BigInteger.ZERO)))
                .isInstanceOf(CallResult.Reply.class);
    }
}
