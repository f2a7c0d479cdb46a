package io.diode.pocketic.embedded.management;

import java.math.BigInteger;
import java.util.Objects;

/**
 * {@code canister_status_result}.
 *
 * @param version        the canister version ({@code nat64}, unsigned)
 * @param moduleHash     SHA-256 of the installed module, or null when empty
 * @param memorySize     bytes; normally {@code memoryMetrics.total()}
 */
public record CanisterStatusResult(
        CanisterStatus status,
        boolean readyForMigration,
        long version,
        DefiniteCanisterSettings settings,
        byte[] moduleHash,
        BigInteger memorySize,
        MemoryMetrics memoryMetrics,
        BigInteger cycles,
        BigInteger reservedCycles,
        BigInteger idleCyclesBurnedPerDay,
        QueryStats queryStats) {
    public CanisterStatusResult {
        Objects.requireNonNull(status);
        Objects.requireNonNull(settings);
        Objects.requireNonNull(memorySize);
        Objects.requireNonNull(memoryMetrics);
        Objects.requireNonNull(cycles);
        Objects.requireNonNull(reservedCycles);
        Objects.requireNonNull(idleCyclesBurnedPerDay);
        Objects.requireNonNull(queryStats);
    }
}
