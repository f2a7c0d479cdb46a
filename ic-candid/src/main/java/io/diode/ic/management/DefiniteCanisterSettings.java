package io.diode.ic.management;

import io.diode.candid.CandidName;
import io.diode.candid.Principal;
import java.math.BigInteger;
import java.util.List;

/** {@code definite_canister_settings}: a canister's settings as {@code canister_status} reports them. */
public record DefiniteCanisterSettings(
        List<Principal> controllers,
        @CandidName("compute_allocation") BigInteger computeAllocation,
        @CandidName("memory_allocation") BigInteger memoryAllocation,
        @CandidName("freezing_threshold") BigInteger freezingThreshold,
        @CandidName("reserved_cycles_limit") BigInteger reservedCyclesLimit,
        @CandidName("log_visibility") LogVisibility logVisibility,
        @CandidName("wasm_memory_limit") BigInteger wasmMemoryLimit,
        @CandidName("wasm_memory_threshold") BigInteger wasmMemoryThreshold,
        @CandidName("environment_variables") List<CanisterSettings.EnvironmentVariable> environmentVariables) {
}
