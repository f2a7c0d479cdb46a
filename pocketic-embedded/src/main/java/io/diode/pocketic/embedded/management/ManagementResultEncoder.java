package io.diode.pocketic.embedded.management;

import io.diode.candid.CandidEncoder;
import io.diode.candid.IdlType;
import io.diode.candid.VariantValue;
import io.diode.ic.management.ManagementCandidTypes;
import io.diode.pocketic.embedded.api.HttpHeader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ic4j.types.Principal;

/** Encodes the management canister's results (the reply payloads) as Candid, with ic.did's types ({@link ManagementCandidTypes}). */
public final class ManagementResultEncoder {

    private ManagementResultEncoder() {}

    /** {@code ()}: the reply of update_settings, install_code, start/stop/delete_canister, deposit_cycles, … */
    public static byte[] empty() {
        return CandidEncoder.empty();
    }

    /** {@code create_canister_result} / {@code provisional_create_canister_with_cycles_result}. */
    public static byte[] createCanister(Principal canisterId) {
        return CandidEncoder.encode(
                ManagementCandidTypes.CREATE_CANISTER_RESULT, Map.of("canister_id", candid(canisterId)));
    }

    /** {@code upload_chunk_result}: the chunk's SHA-256. */
    public static byte[] uploadChunk(byte[] chunkHash) {
        return CandidEncoder.encode(ManagementCandidTypes.CHUNK_HASH, Map.of("hash", chunkHash));
    }

    /** {@code stored_chunks_result}: the hashes of the stored chunks. */
    public static byte[] storedChunks(List<byte[]> chunkHashes) {
        return CandidEncoder.encode(
                ManagementCandidTypes.STORED_CHUNKS_RESULT,
                chunkHashes.stream().map(hash -> Map.of("hash", hash)).toList());
    }

    /** {@code raw_rand_result}: 32 random bytes. */
    public static byte[] rawRand(byte[] randomBytes) {
        return CandidEncoder.encode(IdlType.blob(), randomBytes);
    }

    public static byte[] canisterStatus(CanisterStatusResult status) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("status", VariantValue.of(status.status().candidName()));
        value.put("ready_for_migration", status.readyForMigration());
        value.put("version", status.version());
        value.put("settings", definiteSettings(status.settings()));
        value.put("module_hash", Optional.ofNullable(status.moduleHash()));
        value.put("memory_size", status.memorySize());
        MemoryMetrics metrics = status.memoryMetrics();
        value.put(
                "memory_metrics",
                Map.of(
                        "wasm_memory_size", metrics.wasmMemorySize(),
                        "stable_memory_size", metrics.stableMemorySize(),
                        "global_memory_size", metrics.globalMemorySize(),
                        "wasm_binary_size", metrics.wasmBinarySize(),
                        "custom_sections_size", metrics.customSectionsSize(),
                        "canister_history_size", metrics.canisterHistorySize(),
                        "wasm_chunk_store_size", metrics.wasmChunkStoreSize(),
                        "snapshots_size", metrics.snapshotsSize()));
        value.put("cycles", status.cycles());
        value.put("reserved_cycles", status.reservedCycles());
        value.put("idle_cycles_burned_per_day", status.idleCyclesBurnedPerDay());
        QueryStats stats = status.queryStats();
        value.put(
                "query_stats",
                Map.of(
                        "num_calls_total", stats.numCallsTotal(),
                        "num_instructions_total", stats.numInstructionsTotal(),
                        "request_payload_bytes_total", stats.requestPayloadBytesTotal(),
                        "response_payload_bytes_total", stats.responsePayloadBytesTotal()));
        return CandidEncoder.encode(ManagementCandidTypes.CANISTER_STATUS_RESULT, value);
    }

    public static byte[] canisterInfo(CanisterInfoResult info) {
        return CandidEncoder.encode(
                ManagementCandidTypes.CANISTER_INFO_RESULT,
                Map.of(
                        "total_num_changes", info.totalNumChanges(),
                        "recent_changes",
                                info.recentChanges().stream()
                                        .map(ManagementResultEncoder::change)
                                        .toList(),
                        "module_hash", Optional.ofNullable(info.moduleHash()),
                        "controllers", candid(info.controllers())));
    }

    private static Map<String, Object> change(CanisterChange change) {
        VariantValue origin = switch (change.origin()) {
            case CanisterChange.FromUser user ->
                new VariantValue("from_user", Map.of("user_id", candid(user.userId())));
            case CanisterChange.FromCanister canister ->
                new VariantValue(
                        "from_canister",
                        Map.of(
                                "canister_id", candid(canister.canisterId()),
                                "canister_version", Optional.ofNullable(canister.canisterVersion())));
        };
        VariantValue details = switch (change.details()) {
            case CanisterChange.Creation creation ->
                new VariantValue(
                        "creation",
                        Map.of(
                                "controllers", candid(creation.controllers()),
                                "environment_variables_hash",
                                        Optional.ofNullable(creation.environmentVariablesHash())));
            case CanisterChange.CodeUninstall uninstall -> VariantValue.of("code_uninstall");
            case CanisterChange.CodeDeployment deployment ->
                new VariantValue(
                        "code_deployment",
                        Map.of(
                                "mode", VariantValue.of(deployment.mode().name().toLowerCase(java.util.Locale.ROOT)),
                                "module_hash", deployment.moduleHash()));
            case CanisterChange.LoadSnapshot load ->
                new VariantValue(
                        "load_snapshot",
                        Map.of(
                                "canister_version", load.canisterVersion(),
                                "snapshot_id", load.snapshotId(),
                                "taken_at_timestamp", load.takenAtTimestamp(),
                                "source", VariantValue.of("taken_from_canister")));
            case CanisterChange.ControllersChange controllers ->
                new VariantValue("controllers_change", Map.of("controllers", candid(controllers.controllers())));
        };
        return Map.of(
                "timestamp_nanos",
                change.timestampNanos(),
                "canister_version",
                change.canisterVersion(),
                "origin",
                origin,
                "details",
                details);
    }

    /** {@code fetch_canister_logs_result}. */
    public static byte[] canisterLogs(List<CanisterLogRecord> records) {
        return CandidEncoder.encode(
                ManagementCandidTypes.FETCH_CANISTER_LOGS_RESULT,
                Map.of(
                        "canister_log_records",
                        records.stream()
                                .map(record -> Map.of(
                                        "idx",
                                        record.idx(),
                                        "timestamp_nanos",
                                        record.timestampNanos(),
                                        "content",
                                        record.content()))
                                .toList()));
    }

    /** {@code take_canister_snapshot_result}: the new snapshot. */
    public static byte[] snapshot(CanisterSnapshotInfo snapshot) {
        return CandidEncoder.encode(ManagementCandidTypes.SNAPSHOT, snapshotValue(snapshot));
    }

    /** {@code list_canister_snapshots_result}. */
    public static byte[] snapshots(List<CanisterSnapshotInfo> snapshots) {
        return CandidEncoder.encode(
                ManagementCandidTypes.LIST_CANISTER_SNAPSHOTS_RESULT,
                snapshots.stream().map(ManagementResultEncoder::snapshotValue).toList());
    }

    private static Map<String, Object> snapshotValue(CanisterSnapshotInfo snapshot) {
        return Map.of(
                "id",
                snapshot.id(),
                "taken_at_timestamp",
                snapshot.takenAtTimestampNanos(),
                "total_size",
                snapshot.totalSize());
    }

    /** {@code http_request_result}: the reply of http_request (after the transform, if any). */
    public static byte[] httpRequestResult(HttpRequestResult result) {
        return CandidEncoder.encode(ManagementCandidTypes.HTTP_REQUEST_RESULT, httpResult(result));
    }

    /** The argument of an HTTP outcall's transform query: {@code record { response; context }}. */
    public static byte[] transformArgs(HttpRequestResult response, byte[] context) {
        return CandidEncoder.encode(
                ManagementCandidTypes.TRANSFORM_ARGS, Map.of("response", httpResult(response), "context", context));
    }

    private static Map<String, Object> httpResult(HttpRequestResult result) {
        return Map.of(
                "status",
                result.status(),
                "headers",
                result.headers().stream().map(ManagementResultEncoder::header).toList(),
                "body",
                result.body());
    }

    private static Map<String, Object> header(HttpHeader header) {
        return Map.of("name", header.name(), "value", header.value());
    }

    static Map<String, Object> definiteSettings(DefiniteCanisterSettings settings) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("controllers", candid(settings.controllers()));
        value.put("compute_allocation", settings.computeAllocation());
        value.put("memory_allocation", settings.memoryAllocation());
        value.put("freezing_threshold", settings.freezingThreshold());
        value.put("reserved_cycles_limit", settings.reservedCyclesLimit());
        value.put("log_visibility", logVisibility(settings.logVisibility()));
        value.put("wasm_memory_limit", settings.wasmMemoryLimit());
        value.put("wasm_memory_threshold", settings.wasmMemoryThreshold());
        value.put(
                "environment_variables",
                settings.environmentVariables().stream()
                        .map(variable -> Map.of("name", variable.name(), "value", variable.value()))
                        .toList());
        return value;
    }

    static VariantValue logVisibility(LogVisibility visibility) {
        return switch (visibility) {
            case LogVisibility.Controllers controllers -> VariantValue.of("controllers");
            case LogVisibility.Public everyone -> VariantValue.of("public");
            case LogVisibility.AllowedViewers allowed -> new VariantValue("allowed_viewers", candid(allowed.viewers()));
        };
    }

    private static io.diode.candid.Principal candid(Principal principal) {
        return io.diode.candid.Principal.fromBytes(principal.getValue());
    }

    private static List<io.diode.candid.Principal> candid(List<Principal> principals) {
        return principals.stream().map(ManagementResultEncoder::candid).toList();
    }
}
