package io.diode.pocketic.client;

import java.math.BigInteger;
import java.time.Instant;

/** The IC counts time in nanoseconds since the Unix epoch, as an unsigned 64-bit number. */
final class IcTime {

    private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);

    private IcTime() {
    }

    static BigInteger toNanos(Instant time) {
        if (time.isBefore(Instant.EPOCH)) {
            throw new IllegalArgumentException("IC time cannot be before 1970-01-01T00:00:00Z, not " + time);
        }
        return BigInteger.valueOf(time.getEpochSecond()).multiply(NANOS_PER_SECOND)
                .add(BigInteger.valueOf(time.getNano()));
    }

    static Instant fromNanos(BigInteger nanos) {
        BigInteger[] parts = nanos.divideAndRemainder(NANOS_PER_SECOND);
        return Instant.ofEpochSecond(parts[0].longValueExact(), parts[1].longValue());
    }
}
