package io.diode.pocketic.embedded.management;

import java.math.BigInteger;
import java.util.List;

/**
 * {@code canister_settings}: the settings a caller asks for. Every field is optional; {@code null} means
 * "not given" (keep the current value, or use the default when creating).
 *
 * @param controllers          {@code opt vec principal}
 * @param computeAllocation    {@code opt nat}, percent (0..100)
 * @param memoryAllocation     {@code opt nat}, bytes
 * @param freezingThreshold    {@code opt nat}, seconds
 * @param reservedCyclesLimit  {@code opt nat}, cycles
 * @param logVisibility        {@code opt log_visibility}
 * @param wasmMemoryLimit      {@code opt nat}, bytes
 * @param wasmMemoryThreshold  {@code opt nat}, bytes
 * @param environmentVariables {@code opt vec environment_variable}
 */
public record CanisterSettings(
        List<org.ic4j.types.Principal> controllers,
        BigInteger computeAllocation,
        BigInteger memoryAllocation,
        BigInteger freezingThreshold,
        BigInteger reservedCyclesLimit,
        LogVisibility logVisibility,
        BigInteger wasmMemoryLimit,
        BigInteger wasmMemoryThreshold,
        List<EnvironmentVariable> environmentVariables) {

    /** No setting given. */
    public static final CanisterSettings NONE =
            new CanisterSettings(null, null, null, null, null, null, null, null, null);

    public CanisterSettings {
        controllers = controllers == null ? null : List.copyOf(controllers);
        environmentVariables = environmentVariables == null ? null : List.copyOf(environmentVariables);
    }
}
