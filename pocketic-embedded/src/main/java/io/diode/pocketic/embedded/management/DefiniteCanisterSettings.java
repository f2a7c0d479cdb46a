package io.diode.pocketic.embedded.management;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import org.ic4j.types.Principal;

/** {@code definite_canister_settings}: a canister's settings as {@code canister_status} reports them. */
public record DefiniteCanisterSettings(
        List<Principal> controllers,
        BigInteger computeAllocation,
        BigInteger memoryAllocation,
        BigInteger freezingThreshold,
        BigInteger reservedCyclesLimit,
        LogVisibility logVisibility,
        BigInteger wasmMemoryLimit,
        BigInteger wasmMemoryThreshold,
        List<EnvironmentVariable> environmentVariables) {

    /** The IC's defaults for a canister created without settings (controllers aside). */
    public static DefiniteCanisterSettings defaults(List<Principal> controllers) {
        return new DefiniteCanisterSettings(
                controllers,
                BigInteger.ZERO,
                BigInteger.ZERO,
                BigInteger.valueOf(2_592_000),
                BigInteger.valueOf(5_000_000_000_000L),
                LogVisibility.CONTROLLERS,
                BigInteger.valueOf(3L * 1024 * 1024 * 1024),
                BigInteger.ZERO,
                List.of());
    }

    public DefiniteCanisterSettings {
        controllers = List.copyOf(controllers);
        Objects.requireNonNull(computeAllocation);
        Objects.requireNonNull(memoryAllocation);
        Objects.requireNonNull(freezingThreshold);
        Objects.requireNonNull(reservedCyclesLimit);
        Objects.requireNonNull(logVisibility);
        Objects.requireNonNull(wasmMemoryLimit);
        Objects.requireNonNull(wasmMemoryThreshold);
        environmentVariables = List.copyOf(environmentVariables);
    }

    /** These settings with the given ones applied over them (a {@code null} field keeps the current value). */
    public DefiniteCanisterSettings with(CanisterSettings change) {
        return new DefiniteCanisterSettings(
                change.controllers() != null ? change.controllers() : controllers,
                change.computeAllocation() != null ? change.computeAllocation() : computeAllocation,
                change.memoryAllocation() != null ? change.memoryAllocation() : memoryAllocation,
                change.freezingThreshold() != null ? change.freezingThreshold() : freezingThreshold,
                change.reservedCyclesLimit() != null ? change.reservedCyclesLimit() : reservedCyclesLimit,
                change.logVisibility() != null ? change.logVisibility() : logVisibility,
                change.wasmMemoryLimit() != null ? change.wasmMemoryLimit() : wasmMemoryLimit,
                change.wasmMemoryThreshold() != null ? change.wasmMemoryThreshold() : wasmMemoryThreshold,
                change.environmentVariables() != null ? change.environmentVariables() : environmentVariables);
    }
}
