package io.diode.pocketic.embedded.cycles;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A canister's freezing threshold in cycles: the idle burn rate times {@code freezing_threshold} seconds
 * ({@code idle_cycles_burned_per_day * seconds / 86_400}, rounded down, as the replica computes it). A
 * canister whose balance is below it is frozen: it rejects new messages, and an operation whose cost would
 * take the balance below it fails ("Canister … is out of cycles").
 *
 * <p>The IC subtracts the canister's reserved cycles from this threshold; the engine keeps no reserved
 * cycles (storage reservation is out of scope), so that term is zero here.
 */
public record FreezingThreshold(BigInteger cycles) {

    private static final BigInteger SECONDS_PER_DAY = BigInteger.valueOf(86_400);

    public FreezingThreshold {
        Objects.requireNonNull(cycles);
        if (cycles.signum() < 0) {
            throw new IllegalArgumentException("a freezing threshold cannot be negative: " + cycles);
        }
    }

    /**
     * @param idleCyclesBurnedPerDay see {@link CyclesFeeModel#idleCyclesBurnedPerDay}
     * @param freezingThresholdSeconds the canister's {@code freezing_threshold} setting
     */
    public static FreezingThreshold of(BigInteger idleCyclesBurnedPerDay, BigInteger freezingThresholdSeconds) {
        if (freezingThresholdSeconds.signum() < 0) {
            throw new IllegalArgumentException("freezing_threshold cannot be negative: " + freezingThresholdSeconds);
        }
        return new FreezingThreshold(
                idleCyclesBurnedPerDay.multiply(freezingThresholdSeconds).divide(SECONDS_PER_DAY));
    }

    /** Whether a canister with this balance is frozen. */
    public boolean freezes(BigInteger balance) {
        return balance.compareTo(cycles) < 0;
    }

    /** Whether a canister with {@code balance} can pay {@code cost} and stay at or above the threshold. */
    public boolean allows(BigInteger balance, BigInteger cost) {
        return balance.subtract(cost).compareTo(cycles) >= 0;
    }

    /** The cycles above the threshold: what the canister can spend or send (zero when frozen). */
    public BigInteger spendable(BigInteger balance) {
        return balance.subtract(cycles).max(BigInteger.ZERO);
    }
}
