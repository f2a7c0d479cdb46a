package io.diode.ic.management;

import io.diode.candid.CandidName;
import java.math.BigInteger;
import java.util.Optional;

/** {@code canister_status_result}. */
public record CanisterStatusResult(
        Status status,
        @CandidName("ready_for_migration") boolean readyForMigration,
        long version,
        DefiniteCanisterSettings settings,
        @CandidName("module_hash") Optional<byte[]> moduleHash,
        @CandidName("memory_size") BigInteger memorySize,
        @CandidName("memory_metrics") MemoryMetrics memoryMetrics,
        BigInteger cycles,
        @CandidName("reserved_cycles") BigInteger reservedCycles,
        @CandidName("idle_cycles_burned_per_day") BigInteger idleCyclesBurnedPerDay,
        @CandidName("query_stats") QueryStats queryStats) {

    /** {@code variant { running; stopping; stopped }}. */
    public enum Status {
        @CandidName("running") RUNNING,
        @CandidName("stopping") STOPPING,
        @CandidName("stopped") STOPPED
    }

    /** {@code memory_metrics}, bytes. */
    public record MemoryMetrics(@CandidName("wasm_memory_size") BigInteger wasmMemorySize,
                                @CandidName("stable_memory_size") BigInteger stableMemorySize,
                                @CandidName("global_memory_size") BigInteger globalMemorySize,
                                @CandidName("wasm_binary_size") BigInteger wasmBinarySize,
                                @CandidName("custom_sections_size") BigInteger customSectionsSize,
                                @CandidName("canister_history_size") BigInteger canisterHistorySize,
                                @CandidName("wasm_chunk_store_size") BigInteger wasmChunkStoreSize,
                                @CandidName("snapshots_size") BigInteger snapshotsSize) {
    }

    /** {@code query_stats}. */
    public record QueryStats(@CandidName("num_calls_total") BigInteger numCallsTotal,
                             @CandidName("num_instructions_total") BigInteger numInstructionsTotal,
                             @CandidName("request_payload_bytes_total") BigInteger requestPayloadBytesTotal,
                             @CandidName("response_payload_bytes_total") BigInteger responsePayloadBytesTotal) {
    }
}
