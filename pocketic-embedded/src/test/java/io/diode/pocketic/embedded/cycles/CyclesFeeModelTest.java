package io.diode.pocketic.embedded.cycles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Expected values are computed by hand from the published table (see the constants' javadoc). */
class CyclesFeeModelTest {

    private static final long MIB = 1024 * 1024;
    private static final long GIB = 1024 * MIB;
    private final CyclesFeeModel fees = CyclesFeeModel.APPLICATION_SUBNET;

    @Test
    void canisterCreation() {
        assertThat(fees.canisterCreationFee()).isEqualTo(500_000_000_000L);
    }

    @Test
    void executionIsABaseFeePlusOneCyclePerInstruction() {
        assertThat(fees.executionCost(0)).isEqualTo(5_000_000);
        assertThat(fees.executionCost(123)).isEqualTo(5_000_123);
        assertThat(fees.executionCost(1_000_000_000)).isEqualTo(1_005_000_000);
        assertThat(fees.instructionsCost(100_000)).isEqualTo(100_000);
    }

    @Test
    void theReplicasExecutionFeeCountsWholeTensAndDoublesForWasm64() {
        assertThat(fees.executionCost(123, false)).isEqualTo(5_000_120);
        assertThat(fees.executionCost(123, true)).isEqualTo(5_000_240);
        assertThat(fees.instructionsCost(1_324_057_357L, true)).isEqualTo(2_648_114_700L);
        // the install prepayment of a Wasm64 module: 300 billion instructions
        assertThat(fees.executionCost(300_000_000_000L, true)).isEqualTo(600_005_000_000L);
        assertThat(new CyclesFeeModel(34).executionCost(10, false)).isEqualTo(13_076_949);
    }

    @Test
    void ingressInductionCountsMethodNameAndArgumentBytes() {
        // 1.2M + 2K * (5 + 100)
        assertThat(fees.ingressInductionCost(5, 100)).isEqualTo(1_410_000);
        assertThat(fees.ingressInductionCost(0, 0)).isEqualTo(1_200_000);
    }

    @Test
    void interCanisterCalls() {
        // 260K + 1K * (8 + 92)
        assertThat(fees.xnetCallCost(8, 92)).isEqualTo(360_000);
        assertThat(fees.xnetResponseTransmissionCost(1_000)).isEqualTo(1_000_000);
        // 1K * 2 MiB
        assertThat(fees.maxResponseTransmissionReservation()).isEqualTo(2_097_152_000L);
    }

    @Test
    void storageIsPricedPerGibSecondRoundedDown() {
        assertThat(fees.storageCost(GIB, Duration.ofSeconds(1))).isEqualTo(127_000);
        // 127K * 31,536,000 s: the documentation's "~4T cycles for 1 GiB for 1 year"
        assertThat(fees.storageCost(GIB, Duration.ofDays(365))).isEqualTo(4_005_072_000_000L);
        // 100 MiB for a day: 127K * 86,400 / 10.24
        assertThat(fees.storageCost(100 * MIB, Duration.ofDays(1))).isEqualTo(1_071_562_500L);
        assertThat(fees.storageCost(1, Duration.ofSeconds(1))).isZero();
        // Charged to the nanosecond: 127K * 1.999 s
        assertThat(fees.storageCost(GIB, Duration.ofMillis(1_999))).isEqualTo(253_873);
        // 1 MiB for 1 ns is 0.000118… cycles: rounded down
        assertThat(fees.storageCost(MIB, Duration.ofNanos(1))).isZero();
    }

    @Test
    void computeAllocation() {
        assertThat(fees.computeAllocationCost(1, Duration.ofSeconds(1))).isEqualTo(10_000_000);
        assertThat(fees.computeAllocationCost(100, Duration.ofSeconds(1))).isEqualTo(1_000_000_000);
        assertThat(fees.computeAllocationCost(0, Duration.ofDays(1))).isZero();
        // 10M * 3 % * 0.5 s
        assertThat(fees.computeAllocationCost(3, Duration.ofMillis(500))).isEqualTo(15_000_000);
    }

    @Test
    void idleCyclesBurnedPerDay() {
        assertThat(fees.idleCyclesBurnedPerDay(0, 100 * MIB, 0)).isEqualTo(1_071_562_500L);
        // + 10M * 86,400 * 2
        assertThat(fees.idleCyclesBurnedPerDay(0, 100 * MIB, 2)).isEqualTo(1_729_071_562_500L);
        // A memory allocation is paid in full, whatever is used: 127K * 86,400
        assertThat(fees.idleCyclesBurnedPerDay(GIB, 100 * MIB, 0)).isEqualTo(10_972_800_000L);
        assertThat(fees.idleCyclesBurnedPerDay(0, 0, 0)).isZero();
    }

    @Test
    void httpOutcallsFollowTheFormulaForThirteenNodes() {
        // (3M + 60K * 13) * 13 + (400 * 100 + 800 * 2,000) * 13
        assertThat(fees.httpOutcallCost(100, 2_000L)).isEqualTo(49_140_000 + 21_320_000);
        // Without max_response_bytes the 2 MB default is charged: 800 * 2,000,000 * 13
        assertThat(fees.httpOutcallCost(0, null)).isEqualTo(49_140_000L + 20_800_000_000L);
    }

    @Test
    void aThirtyFourNodeSubnetPaysThePublishedColumn() {
        CyclesFeeModel fiduciary = new CyclesFeeModel(34);

        assertThat(fiduciary.canisterCreationFee()).isEqualTo(1_307_692_307_692L);
        assertThat(fiduciary.executionCost(0)).isEqualTo(13_076_923);
        assertThat(fiduciary.ingressInductionCost(0, 0)).isEqualTo(3_138_461);
        assertThat(fiduciary.xnetCallCost(0, 0)).isEqualTo(680_000);
        assertThat(fiduciary.storageCost(GIB, Duration.ofSeconds(1))).isEqualTo(332_153);
        assertThat(fiduciary.httpOutcallCost(0, 0L)).isEqualTo(171_360_000);
        assertThat(fiduciary.httpOutcallCost(1, 0L)).isEqualTo(171_360_000 + 13_600);
    }

    @Test
    void aFreeSubnetChargesNothingAndStillChecksItsInput() {
        CyclesFeeModel free = CyclesFeeModel.FREE;

        assertThat(free.canisterCreationFee()).isZero();
        assertThat(free.executionCost(1_000_000)).isZero();
        assertThat(free.executionCost(1_000_000, true)).isZero();
        assertThat(free.instructionsCost(1_000_000, false)).isZero();
        assertThat(free.ingressInductionCost(10, 1_000)).isZero();
        assertThat(free.xnetCallCost(10, 1_000)).isZero();
        assertThat(free.maxResponseTransmissionReservation()).isZero();
        assertThat(free.storageCost(GIB, Duration.ofDays(1))).isZero();
        assertThat(free.idleCyclesBurnedPerDay(0, GIB, 50)).isZero();
        assertThat(free.httpOutcallCost(1_000, null)).isZero();
        assertThatThrownBy(() -> free.executionCost(-1)).hasMessageContaining("instructions cannot be negative");
    }

    @Test
    void badInputIsRejectedWithTheName() {
        assertThatThrownBy(() -> fees.executionCost(-1)).hasMessageContaining("instructions cannot be negative");
        assertThatThrownBy(() -> fees.computeAllocationCost(101, Duration.ofSeconds(1)))
                .hasMessageContaining("0..100");
        assertThatThrownBy(() -> fees.storageCost(1, Duration.ofSeconds(-1))).hasMessageContaining("negative");
        assertThatThrownBy(() -> new CyclesFeeModel(0)).hasMessageContaining("at least one node");
        assertThatThrownBy(() -> fees.httpOutcallCost(0, -1L)).hasMessageContaining("maxResponseBytes");
    }

    @Test
    void storageOfLargeCanistersDoesNotOverflow() {
        BigInteger tenYearsOfFourHundredGib = fees.storageCost(400 * GIB, Duration.ofDays(3_650));
        assertThat(tenYearsOfFourHundredGib).isEqualTo(BigInteger.valueOf(127_000L * 400 * 3_650 * 86_400));
    }
}
