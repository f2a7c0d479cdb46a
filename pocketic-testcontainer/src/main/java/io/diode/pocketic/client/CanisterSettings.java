package io.diode.pocketic.client;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.ic4j.types.Principal;

/**
 * Canister settings for {@code create_canister} and {@code update_settings}: only what is set is sent, the IC
 * keeps or defaults the rest. Immutable; build with {@link #none()} and the {@code with...} methods.
 */
public record CanisterSettings(
        Optional<List<Principal>> controllers,
        Optional<BigInteger> computeAllocation,
        Optional<BigInteger> memoryAllocation,
        Optional<BigInteger> freezingThreshold,
        Optional<BigInteger> reservedCyclesLimit,
        Optional<BigInteger> wasmMemoryLimit,
        Optional<LogVisibility> logVisibility) {

    public CanisterSettings {
        controllers = controllers.map(List::copyOf);
    }

    public static CanisterSettings none() {
        return new CanisterSettings(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    public CanisterSettings withControllers(Principal... newControllers) {
        return withControllers(List.of(newControllers));
    }

    public CanisterSettings withControllers(List<Principal> newControllers) {
        if (newControllers.size() > 10) {
            throw new IllegalArgumentException("a canister has at most 10 controllers, not " + newControllers.size());
        }
        return new CanisterSettings(
                Optional.of(newControllers),
                computeAllocation,
                memoryAllocation,
                freezingThreshold,
                reservedCyclesLimit,
                wasmMemoryLimit,
                logVisibility);
    }

    /** Percent of an execution core reserved for the canister, 0 to 100. */
    public CanisterSettings withComputeAllocation(long percent) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("compute allocation is 0 to 100 (percent), not " + percent);
        }
        return new CanisterSettings(
                controllers,
                Optional.of(BigInteger.valueOf(percent)),
                memoryAllocation,
                freezingThreshold,
                reservedCyclesLimit,
                wasmMemoryLimit,
                logVisibility);
    }

    public CanisterSettings withMemoryAllocation(long bytes) {
        return new CanisterSettings(
                controllers,
                computeAllocation,
                Optional.of(nonNegative(bytes, "memory allocation")),
                freezingThreshold,
                reservedCyclesLimit,
                wasmMemoryLimit,
                logVisibility);
    }

    /** Seconds of idle cycle consumption the canister must keep in reserve before it is frozen. */
    public CanisterSettings withFreezingThreshold(long seconds) {
        return new CanisterSettings(
                controllers,
                computeAllocation,
                memoryAllocation,
                Optional.of(nonNegative(seconds, "freezing threshold")),
                reservedCyclesLimit,
                wasmMemoryLimit,
                logVisibility);
    }

    public CanisterSettings withReservedCyclesLimit(BigInteger cycles) {
        return new CanisterSettings(
                controllers,
                computeAllocation,
                memoryAllocation,
                freezingThreshold,
                Optional.of(nonNegative(cycles, "reserved cycles limit")),
                wasmMemoryLimit,
                logVisibility);
    }

    public CanisterSettings withWasmMemoryLimit(long bytes) {
        return new CanisterSettings(
                controllers,
                computeAllocation,
                memoryAllocation,
                freezingThreshold,
                reservedCyclesLimit,
                Optional.of(nonNegative(bytes, "wasm memory limit")),
                logVisibility);
    }

    /** Who may read the canister's logs ({@link PocketIc#fetchCanisterLogs}); controllers always may. */
    public CanisterSettings withLogVisibility(LogVisibility visibility) {
        return new CanisterSettings(
                controllers,
                computeAllocation,
                memoryAllocation,
                freezingThreshold,
                reservedCyclesLimit,
                wasmMemoryLimit,
                Optional.of(visibility));
    }

    /** Logs anyone may read. */
    public CanisterSettings withPublicLogs() {
        return withLogVisibility(LogVisibility.everyone());
    }

    private static BigInteger nonNegative(long value, String what) {
        return nonNegative(BigInteger.valueOf(value), what);
    }

    private static BigInteger nonNegative(BigInteger value, String what) {
        if (value.signum() < 0) {
            throw new IllegalArgumentException(what + " cannot be negative: " + value);
        }
        return value;
    }
}
