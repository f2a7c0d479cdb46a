package io.diode.ic;

import java.time.Instant;

/**
 * The IC's time: nanoseconds since the Unix epoch. The interface carries it as a u64 (the {@code time} system call,
 * {@code ingress_expiry}, PocketIC's {@code nanos_since_epoch}); the replica keeps it as a signed 64-bit count, so
 * the times that convert are those from 1970-01-01 up to 2262-04-11, where 2^63 ns runs out. Outside that range a
 * conversion fails rather than wrapping to another time.
 */
public final class IcTime {

    public static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** The last time the IC's clock can show: 2^63 - 1 ns after the epoch. */
    public static final Instant MAX = fromNanos(Long.MAX_VALUE);

    private IcTime() {}

    /**
     * @throws IllegalArgumentException for a time before 1970 or after {@link #MAX}
     */
    public static long toNanos(Instant time) {
        if (time.isBefore(Instant.EPOCH) || time.isAfter(MAX)) {
            throw new IllegalArgumentException("IC time is nanoseconds from 1970-01-01T00:00:00Z to " + MAX
                    + " (a signed 64-bit count); " + time + " is outside that range");
        }
        return time.getEpochSecond() * NANOS_PER_SECOND + time.getNano();
    }

    /**
     * @throws IllegalArgumentException for a negative count (a u64 of 2^63 or more read into a {@code long})
     */
    public static Instant fromNanos(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("IC time " + Long.toUnsignedString(nanos)
                    + " ns is beyond the largest the IC's clock counts (2^63 - 1 ns, year 2262)");
        }
        return Instant.ofEpochSecond(nanos / NANOS_PER_SECOND, nanos % NANOS_PER_SECOND);
    }
}
