package io.diode.pocketic.embedded.engine;

import static io.diode.pocketic.embedded.engine.TestIc.USER;
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
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The instruction limits of each kind of execution, with the replica's reject, on the Motoko canister
 * {@code motoko/heavy}: an instance with small limits (so loops reach them in a second) and one with the IC's.
 */
class InstructionLimitsIT {

    private static final InstructionLimits SMALL =
            new InstructionLimits(300_000_000L, 100_000_000L, 100_000_000L, 50_000_000L, 5_000_000_000L);
    private static IcInstance limited;
    private static IcInstance real;
    private static Principal heavy;
    private static Principal heavyReal;

    @BeforeAll
    static void deploy() {
        limited = EmbeddedIc.create(
                new InstanceConfig(Instant.parse("2026-01-01T00:00:00Z")).withInstructionLimits(SMALL));
        heavy = TestIc.deploy(limited, "heavy", noArgs());
        real = EmbeddedIc.create(new InstanceConfig(Instant.parse("2026-01-01T00:00:00Z")));
        heavyReal = TestIc.deploy(real, "heavy", noArgs());
    }

    @AfterAll
    static void close() {
        limited.close();
        real.close();
    }

    private static String limitText(Principal canister, long limit) {
        return "Error from Canister " + canister + ": Canister exceeded the limit of " + limit
                + " instructions for single message execution.";
    }

    @Test
    void anUpdateOverItsLimitIsRejectedRolledBackAndCharged() {
        BigInteger before = limited.cycleBalance(heavy);
        CallResult.Reject rejected = reject(limited.updateCall(USER, heavy, "spin", noArgs()));
        assertThat(rejected.errorCode()).isEqualTo("IC0522");
        assertThat(rejected.code()).isEqualTo(RejectCode.CANISTER_ERROR);
        assertThat(rejected.message()).startsWith(limitText(heavy, SMALL.update()));
        // the counter it incremented before looping is rolled back
        assertThat(nat(limited.query(USER, heavy, "spinsSoFar", noArgs()))).isZero();
        // charged as on the IC: the base fee and the whole limit, at the Wasm64 price of 2 cycles per instruction
        BigInteger charged = before.subtract(limited.cycleBalance(heavy));
        assertThat(charged)
                .isBetween(
                        BigInteger.valueOf(5_000_000L + 2 * SMALL.update()),
                        BigInteger.valueOf(5_000_000L + 2 * SMALL.update() + 10_000_000L));
    }

    @Test
    void aQueryOverItsLimitIsRejected() {
        CallResult.Reject rejected = reject(limited.query(USER, heavy, "spinQuery", noArgs()));
        assertThat(rejected.errorCode()).isEqualTo("IC0522");
        assertThat(rejected.message()).startsWith(limitText(heavy, SMALL.query()));
    }

    @Test
    void inspectMessageOverItsLimitRefusesTheIngress() {
        byte[] large = TestIc.blob(new byte[2_000]);
        CallResult.Reject rejected = reject(limited.updateCall(USER, heavy, "half", large));
        assertThat(rejected.errorCode()).isEqualTo("IC0522");
        assertThat(rejected.message()).startsWith(limitText(heavy, SMALL.inspectMessage()));
    }

    @Test
    void anInstallOverItsLimitLeavesTheCanisterEmpty() {
        InstructionLimits tinyInstall = new InstructionLimits(
                SMALL.update(), SMALL.query(), 10_000L, SMALL.inspectMessage(), SMALL.compositeQueryCallGraph());
        try (IcInstance ic = EmbeddedIc.create(
                new InstanceConfig(Instant.parse("2026-01-01T00:00:00Z")).withInstructionLimits(tinyInstall))) {
            Principal canister = TestIc.createCanister(ic, USER, new BigInteger("100000000000000"));
            CallResult.Reject rejected = reject(TestIc.installCode(
                    ic, USER, canister, "install", MotokoCanisters.wasm("counter"), TestIc.candid(BigInteger.ZERO)));
            assertThat(rejected.errorCode()).isEqualTo("IC0522");
            assertThat(rejected.message()).startsWith(limitText(canister, 10_000L));
            assertThat(reject(ic.updateCall(USER, canister, "inc", noArgs())).errorCode())
                    .isEqualTo("IC0537");
        }
    }

    @Test
    void performanceCountersAndCyclesGrowWithWork() {
        BigInteger start = real.cycleBalance(heavyReal);
        long halfCount = nat64(real.updateCall(USER, heavyReal, "half", noArgs()));
        BigInteger afterHalf = real.cycleBalance(heavyReal);
        long runCount = nat64(real.updateCall(USER, heavyReal, "run", noArgs()));
        BigInteger afterRun = real.cycleBalance(heavyReal);

        // one array is about 1.3 billion instructions on the IC (Motoko's heap-64 benchmark: 1,324,057,357)
        assertThat(halfCount).isBetween(1_100_000_000L, 1_500_000_000L);
        assertThat(runCount).isBetween(2 * halfCount * 9 / 10, 2 * halfCount * 11 / 10);
        BigInteger halfBurn = start.subtract(afterHalf);
        BigInteger runBurn = afterHalf.subtract(afterRun);
        // the same fixed costs for both (ingress, base fee); the difference is 2 cycles per instruction, of which the
        // counters saw all but the work around them (argument decoding, reply, the collector after the message:
        // about 1 % more for the larger heap of run)
        assertThat(runBurn.subtract(halfBurn).doubleValue())
                .isBetween(2.0 * (runCount - halfCount) * 0.97, 2.0 * (runCount - halfCount) * 1.03);
    }

    @Test
    void aCompositeQuerysGraphCountsItsExecutionsInstructions() {
        // one call costs the replica's 50 million; with a limit just above that, the instructions of the composite
        // query and of its callee are what exceed it
        for (long limit : new long[] {50_000_001L, 60_000_000L}) {
            InstructionLimits graph = new InstructionLimits(
                    SMALL.update(), SMALL.query(), SMALL.install(), SMALL.inspectMessage(), limit);
            try (IcInstance ic = EmbeddedIc.create(
                    new InstanceConfig(Instant.parse("2026-01-01T00:00:00Z")).withInstructionLimits(graph))) {
                Principal a = TestIc.deploy(ic, "composite", noArgs());
                Principal b = TestIc.deploy(ic, "composite", noArgs());
                CallResult result = ic.query(USER, a, "readVia", TestIc.candid(b));
                if (limit == 60_000_000L) {
                    assertThat(nat(result)).isZero();
                } else {
                    CallResult.Reject rejected = reject(result);
                    assertThat(rejected.errorCode()).isEqualTo("IC0526");
                    assertThat(rejected.message()).isEqualTo("Composite query calls exceeded the instruction limit.");
                }
            }
        }
    }

    private static long nat64(CallResult result) {
        byte[] reply = reply(result);
        return ByteBuffer.wrap(reply, reply.length - 8, 8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .getLong();
    }
}
