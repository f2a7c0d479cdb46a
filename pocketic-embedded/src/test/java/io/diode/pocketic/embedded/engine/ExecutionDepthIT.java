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
 * Canister code runs on threads with a stack deep enough for the recursion the IC allows (its Wasm stack is
 * 5 MiB): a Motoko recursion 1,000 and 10,000 calls deep answers, in updates and queries; far deeper, the message
 * traps with the replica's "stack overflow" and is rolled back, and the canister goes on.
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
