package io.diode.ic.management;

import io.diode.candid.CandidName;
import java.math.BigInteger;
import java.util.Optional;

/**
 * The fields of {@code canister_status_result} the toolkit reads. A reader may declare a subset of a record's fields
 * (Candid subtyping; {@link ManagementMethod#decodeResult} reads with ic.did's type narrowed to these components), so
 * the replies of older and newer ICs read alike; the engine writes the whole record.
 */
public record CanisterStatusResult(
        Status status,
        DefiniteCanisterSettings settings,
        @CandidName("module_hash") Optional<byte[]> moduleHash,
        @CandidName("memory_size") BigInteger memorySize,
        BigInteger cycles,
        @CandidName("idle_cycles_burned_per_day") BigInteger idleCyclesBurnedPerDay) {

    /** {@code variant { running; stopping; stopped }}. */
    public enum Status {
        @CandidName("running")
        RUNNING,
        @CandidName("stopping")
        STOPPING,
        @CandidName("stopped")
        STOPPED
    }
}
