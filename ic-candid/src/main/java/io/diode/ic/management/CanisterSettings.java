package io.diode.ic.management;

import io.diode.candid.CandidName;
import io.diode.candid.Principal;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/** {@code canister_settings}: what a caller asks to set; an empty field keeps the current value (or the default). */
public record CanisterSettings(
        Optional<List<Principal>> controllers,
        @CandidName("compute_allocation") Optional<BigInteger> computeAllocation,
        @CandidName("memory_allocation") Optional<BigInteger> memoryAllocation,
        @CandidName("freezing_threshold") Optional<BigInteger> freezingThreshold,
        @CandidName("reserved_cycles_limit") Optional<BigInteger> reservedCyclesLimit,
        @CandidName("log_visibility") Optional<LogVisibility> logVisibility,
        @CandidName("wasm_memory_limit") Optional<BigInteger> wasmMemoryLimit,
        @CandidName("wasm_memory_threshold") Optional<BigInteger> wasmMemoryThreshold,
        @CandidName("environment_variables") Optional<List<EnvironmentVariable>> environmentVariables) {

    public static final CanisterSettings NONE = new CanisterSettings(
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());

    /** {@code environment_variable}. */
    public record EnvironmentVariable(String name, String value) {}
}
