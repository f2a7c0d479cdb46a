package io.diode.candid;

import java.math.BigInteger;

/**
 * Checked conversions between Candid's unbounded {@code nat}/{@code int} (BigInteger in Java) and Java's
 * fixed-width numbers: a value that does not fit is an error that says so, never a silent wrap.
 */
public final class Nat {

    private Nat() {}

    /** A {@code nat}; negative values are an error. */
    public static BigInteger of(long value) {
        if (value < 0) {
            throw new ArithmeticException("a nat cannot be negative, got " + value);
        }
        return BigInteger.valueOf(value);
    }

    public static long toLong(BigInteger value) {
        if (value.bitLength() > 63) {
            throw new ArithmeticException(
                    value + " does not fit a long (" + Long.MIN_VALUE + " to " + Long.MAX_VALUE + ")");
        }
        return value.longValue();
    }

    public static int toInt(BigInteger value) {
        if (value.bitLength() > 31) {
            throw new ArithmeticException(
                    value + " does not fit an int (" + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE + ")");
        }
        return value.intValue();
    }
}
