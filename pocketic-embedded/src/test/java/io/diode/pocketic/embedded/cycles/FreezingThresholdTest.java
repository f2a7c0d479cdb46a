package io.diode.pocketic.embedded.cycles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class FreezingThresholdTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void isTheIdleBurnRateOverTheThresholdDuration() {
        BigInteger perDay = CyclesFeeModel.APPLICATION_SUBNET.idleCyclesBurnedPerDay(0, 100 * MIB, 0);

        // 30 days (the default 2,592,000 s) of 1,071,562,500 cycles a day
        FreezingThreshold threshold = FreezingThreshold.of(perDay, BigInteger.valueOf(2_592_000));

        assertThat(threshold.cycles()).isEqualTo(32_146_875_000L);
    }

    @Test
    void roundsDownLikeTheReplica() {
        // 1,000 cycles a day for 1 s: 1000 / 86,400 = 0.0115…
        assertThat(FreezingThreshold.of(BigInteger.valueOf(1_000), BigInteger.ONE)
                        .cycles())
                .isZero();
        // 86,401 a day for 1 s
        assertThat(FreezingThreshold.of(BigInteger.valueOf(86_401), BigInteger.ONE)
                        .cycles())
                .isEqualTo(1);
    }

    @Test
    void decidesWhetherACanisterIsFrozenAndWhatItMaySpend() {
        FreezingThreshold threshold = new FreezingThreshold(BigInteger.valueOf(1_000));

        assertThat(threshold.freezes(BigInteger.valueOf(999))).isTrue();
        assertThat(threshold.freezes(BigInteger.valueOf(1_000))).isFalse();
        assertThat(threshold.allows(BigInteger.valueOf(1_500), BigInteger.valueOf(500)))
                .isTrue();
        assertThat(threshold.allows(BigInteger.valueOf(1_500), BigInteger.valueOf(501)))
                .isFalse();
        assertThat(threshold.spendable(BigInteger.valueOf(1_500))).isEqualTo(500);
        assertThat(threshold.spendable(BigInteger.valueOf(10))).isZero();
    }

    @Test
    void aZeroThresholdNeverFreezesAFundedCanister() {
        FreezingThreshold none = FreezingThreshold.of(BigInteger.valueOf(1_000_000), BigInteger.ZERO);

        assertThat(none.freezes(BigInteger.ZERO)).isFalse();
        assertThat(none.allows(BigInteger.TEN, BigInteger.TEN)).isTrue();
    }

    @Test
    void negativeValuesAreRejected() {
        assertThatThrownBy(() -> FreezingThreshold.of(BigInteger.ONE, BigInteger.valueOf(-1)))
                .hasMessageContaining("freezing_threshold cannot be negative");
        assertThatThrownBy(() -> new FreezingThreshold(BigInteger.valueOf(-1))).hasMessageContaining("negative");
    }
}
