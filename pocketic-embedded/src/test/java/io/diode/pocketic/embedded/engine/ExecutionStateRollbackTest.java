package io.diode.pocketic.embedded.engine;

import static io.diode.pocketic.embedded.engine.TestIc.USER;
import static org.assertj.core.api.Assertions.assertThat;

import io.diode.pocketic.embedded.api.CallResult;
import io.diode.pocketic.embedded.api.IcInstance;
import io.diode.pocketic.embedded.management.DefiniteCanisterSettings;
import java.math.BigInteger;
import java.util.List;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A trapped message leaves the canister as it was, as on the IC: main memory, globals, stable memory, certified data,
 * the global timer and the cycles it burned; its debug prints stay in the canister log, and the fees for its
 * instructions are charged.
 */
class ExecutionStateRollbackTest {

    private static IcInstance ic;

    @BeforeAll
    static void createInstance() {
        ic = EmbeddedIc.create();
    }

    /** A probe canister whose one successful update stored "kept". */
    private static Principal probe() {
        Principal canister = TestIc.createCanister(ic, USER, new BigInteger("100000000000000"));
        assertThat(TestIc.installCode(ic, USER, canister, "install", ProbeCanister.module('A'), new byte[0]))
                .isInstanceOf(CallResult.Reply.class);
        TestIc.reply(ProbeCanister.write(ic, canister, "kept"));
        return canister;
    }

    @AfterAll
    static void close() {
        ic.close();
    }

    @Test
    void aSuccessfulMessageCommitsEveryPartOfTheExecutionState() {
        Principal canister = probe();
        assertThat(ProbeCanister.read(ic, canister)).satisfies(state -> {
            assertThat(state.marker()).isEqualTo('A');
            assertThat(state.global()).isEqualTo(1);
            assertThat(state.lastArgument()).isEqualTo(ProbeCanister.padded("kept"));
        });
        assertThat(ic.certifiedData(canister)).isEqualTo("kept".getBytes());
        assertThat(ic.stableMemorySize(canister)).isEqualTo(StableMemory.PAGE_SIZE);
        assertThat(globalTimer(canister)).isEqualTo(1_000);
    }

    @Test
    void aTrappedMessageLeavesMemoryGlobalsStableMemoryCertifiedDataTimerAndBurnedCyclesAsBefore() {
        Principal canister = probe();
        byte[] stableBefore = ic.stableMemory(canister);
        BigInteger cyclesBefore = ic.cycleBalance(canister);
        ((EmbeddedIc) ic).subnetState().canister(canister).setGlobalTimer(7_000);

        CallResult.Reject trapped = TestIc.reject(ProbeCanister.write(ic, canister, "trap me"));

        assertThat(trapped.errorCode()).isEqualTo("IC0503");
        assertThat(ProbeCanister.read(ic, canister)).satisfies(state -> {
            assertThat(state.global()).isEqualTo(1);
            assertThat(state.lastArgument()).isEqualTo(ProbeCanister.padded("kept"));
        });
        assertThat(ic.certifiedData(canister)).isEqualTo("kept".getBytes());
        assertThat(ic.stableMemory(canister)).isEqualTo(stableBefore);
        assertThat(globalTimer(canister)).isEqualTo(7_000);
        BigInteger spent = cyclesBefore.subtract(ic.cycleBalance(canister));
        assertThat(spent)
                .as("the instruction fees, not the %d cycles burned", ProbeCanister.BURNED)
                .isPositive()
                .isLessThan(BigInteger.valueOf(ProbeCanister.BURNED));
    }

    @Test
    void aTrappedMessagesDebugPrintsStayInTheCanisterLog() {
        Principal canister = probe();
        TestIc.reject(ProbeCanister.write(ic, canister, "traced then trapped"));

        List<String> log = ((EmbeddedIc) ic).debugPrints(canister);
        assertThat(log).containsSubsequence("traced then trapped", "[TRAP]: (no message)");
    }

    @Test
    void aCheckpointRestoresTheExecutionStateAndTheBalanceButNotTheSystemState() {
        Canister plain = new Canister(
                Principal.fromString("aaaaa-aa"), DefiniteCanisterSettings.defaults(List.of(USER)), BigInteger.TEN, 0);
        plain.stableMemory().grow(1);
        plain.stableMemory().write(0, new byte[] {1, 2, 3}, 0, 3);
        Canister.MessageCheckpoint checkpoint = plain.checkpoint();

        plain.stableMemory().write(0, new byte[] {9, 9, 9}, 0, 3);
        plain.stableMemory().grow(2);
        plain.setCertifiedData(new byte[] {42});
        plain.setGlobalTimer(5);
        plain.withdrawCycles(BigInteger.TWO);
        plain.bumpVersion();
        plain.log().add(0, "stays".getBytes());
        plain.rollBackTo(checkpoint);

        byte[] stable = new byte[3];
        plain.stableMemory().read(0, stable, 0, 3);
        assertThat(stable).containsExactly(1, 2, 3);
        assertThat(plain.stableMemory().sizeInPages()).isEqualTo(1);
        assertThat(plain.certifiedData()).isEmpty();
        assertThat(plain.globalTimer()).isZero();
        assertThat(plain.cycles()).isEqualTo(BigInteger.TEN);
        assertThat(plain.version()).as("system state").isEqualTo(1);
        assertThat(plain.log().records()).hasSize(1);
    }

    private static long globalTimer(Principal canister) {
        return ((EmbeddedIc) ic).subnetState().canister(canister).globalTimer();
    }
}
