package io.diode.ic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class IcTimeTest {

    @Test
    void convertsBothWaysToTheNanosecond() {
        Instant time = Instant.parse("2026-12-02T18:45:00.123456789Z");
        long nanos = IcTime.toNanos(time);
        assertThat(nanos).isEqualTo(1_796_237_100_123_456_789L);
        assertThat(IcTime.fromNanos(nanos)).isEqualTo(time);
    }

    @Test
    void theRangeEndsAreTheEpochAndTwoToTheSixtyThirdNanoseconds() {
        assertThat(IcTime.toNanos(Instant.EPOCH)).isZero();
        assertThat(IcTime.toNanos(IcTime.MAX)).isEqualTo(Long.MAX_VALUE);
        assertThat(IcTime.MAX).isEqualTo(Instant.parse("2262-04-11T23:47:16.854775807Z"));
    }

    @Test
    void timesOutsideTheRangeAreRefusedNotWrapped() {
        assertThatThrownBy(() -> IcTime.toNanos(Instant.EPOCH.minusNanos(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside that range");
        assertThatThrownBy(() -> IcTime.toNanos(IcTime.MAX.plusNanos(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside that range");
        assertThatThrownBy(() -> IcTime.fromNanos(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("18446744073709551615 ns");
    }
}
