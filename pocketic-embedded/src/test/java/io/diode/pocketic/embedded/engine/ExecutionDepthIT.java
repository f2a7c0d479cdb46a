package io.diode.pocketic.embedded.engine;

import static io.diode.pocketic.embedded.engine.TestIc.USER;
import static io.diode.pocketic.embedded.engine.TestIc.candid;
import static io.diode.pocketic.embedded.engine.TestIc.nat;
import static io.diode.pocketic.embedded.engine.TestIc.noArgs;
import static io.diode.pocketic.embedded.engine.TestIc.reject;
import static org.assertj.core.api.Assertions.assertThat;

import io.diode.pocketic.embedded.api.CallResult;
import io.diode.pocketic.embedded.api.IcInstance;
import java.math.BigInteger;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Recursion is bounded by a model of the replica's 5 MiB Wasm stack ({@code StackDepthLimit}), not by the Java
 * stack: a Motoko recursion 1,000, 10,000 and 100,000 calls deep answers, in updates and queries; from about 109,000
 * on, the message traps with the replica's "stack overflow" and is rolled back, and the canister goes on.
 */
class ExecutionDepthIT {

    private static IcInstance ic;
    private static Principal canister;

    @BeforeAll
    static void deploy() {
        ic = EmbeddedIc.create();
        canister = TestIc.deploy(ic, "stress", noArgs());
    }

    @AfterAll
    static void close() {
        ic.close();
    }

    @Test
    void recursionsAThousandAndTenThousandDeepAnswer() {
        assertThat(nat(ic.updateCall(USER, canister, "recurse", candid(BigInteger.valueOf(1_000)))))
                .isEqualTo(BigInteger.valueOf(1_000));
        assertThat(nat(ic.updateCall(USER, canister, "recurse", candid(BigInteger.valueOf(10_000)))))
                .isEqualTo(BigInteger.valueOf(10_000));
        assertThat(nat(ic.query(USER, canister, "recurseQuery", candid(BigInteger.valueOf(10_000)))))
                .isEqualTo(BigInteger.valueOf(10_000));
    }

    /**
     * The model, not the Java stack, ends the recursion, so the depth is the same interpreted and with the JIT:
     * {@code depth(n)} charges 48 bytes a call, 109,226 calls fit in 5 MiB (less the frames of the message's own
     * entry). 200,000 is Motoko's {@code selftail} test, which traps on the replica.
     */
    @Test
    void theModelledWasmStackEndsASimpleRecursionBetweenOneHundredAndOneHundredTenThousandCalls() {
        assertThat(nat(ic.updateCall(USER, canister, "recurse", candid(BigInteger.valueOf(100_000)))))
                .isEqualTo(BigInteger.valueOf(100_000));
        assertStackOverflow(ic.updateCall(USER, canister, "recurse", candid(BigInteger.valueOf(110_000))));
        assertStackOverflow(ic.query(USER, canister, "recurseQuery", candid(BigInteger.valueOf(200_000))));
    }

    private static void assertStackOverflow(CallResult result) {
        CallResult.Reject overflow = reject(result);
        assertThat(overflow.errorCode()).isEqualTo("IC0502");
        assertThat(overflow.message()).contains(": Canister trapped: stack overflow.");
    }

    @Test
    void recursionFarPastTheLimitTrapsWithTheReplicasTextAndIsRolledBack() {
        ic.updateCall(USER, canister, "spin", candid(BigInteger.ONE));
        BigInteger spins = nat(ic.query(USER, canister, "count", noArgs()));

        CallResult.Reject overflow =
                reject(ic.updateCall(USER, canister, "recurse", candid(BigInteger.valueOf(100_000_000))));

        assertThat(overflow.errorCode()).isEqualTo("IC0502");
        assertThat(overflow.message())
                .startsWith("Error from Canister " + canister
                        + ": Canister trapped: stack overflow.\nConsider gracefully handling failures");
        // the canister is intact and answers again, deep recursions included
        assertThat(nat(ic.updateCall(USER, canister, "spin", candid(BigInteger.ONE))))
                .isNotNull();
        assertThat(nat(ic.query(USER, canister, "count", noArgs()))).isEqualTo(spins.add(BigInteger.ONE));
        assertThat(nat(ic.updateCall(USER, canister, "recurse", candid(BigInteger.valueOf(10_000)))))
                .isEqualTo(BigInteger.valueOf(10_000));
    }
}
