package io.diode.pocketic.embedded.management;

import io.diode.candid.CandidDecoder;
import io.diode.candid.CandidException;
import io.diode.candid.FuncRef;
import io.diode.candid.IdlType;
import io.diode.candid.VariantValue;
import io.diode.ic.management.ManagementCandidTypes;
import io.diode.pocketic.embedded.api.HttpHeader;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.ic4j.types.Principal;

/**
 * Decodes the Candid arguments of management-canister methods into typed records, with the one Candid codec
 * ({@code ic-candid}) against {@code ic.did}'s types ({@link ManagementCandidTypes}). Tolerant where Candid's
 * subtyping is (missing {@code opt} fields are absent, ill-typed {@code opt} values read as absent, unknown fields
 * and extra arguments are ignored, fields match by name hash), strict otherwise: anything else throws
 * {@link InvalidManagementArgumentException} naming the method and the field that does not fit.
 */
public final class ManagementArgumentDecoder {

    private ManagementArgumentDecoder() {}

    public static CreateCanisterArgs createCanister(byte[] candid) {
        return decode(
                "create_canister",
                candid,
                ManagementCandidTypes.CREATE_CANISTER_ARGS,
                argument -> new CreateCanisterArgs(settingsOrNone(argument), senderCanisterVersion(argument)));
    }

    public static ProvisionalCreateCanisterArgs provisionalCreateCanisterWithCycles(byte[] candid) {
        return decode(
                "provisional_create_canister_with_cycles",
                candid,
                ManagementCandidTypes.PROVISIONAL_CREATE_CANISTER_WITH_CYCLES_ARGS,
                argument -> new ProvisionalCreateCanisterArgs(
                        optional(argument, "amount", BigInteger.class::cast),
                        settingsOrNone(argument),
                        optional(argument, "specified_id", ManagementArgumentDecoder::principal),
                        senderCanisterVersion(argument)));
    }

    public static ProvisionalTopUpCanisterArgs provisionalTopUpCanister(byte[] candid) {
        return decode(
                "provisional_top_up_canister",
                candid,
                ManagementCandidTypes.PROVISIONAL_TOP_UP_CANISTER_ARGS,
                argument -> new ProvisionalTopUpCanisterArgs(
                        principal(argument.get("canister_id")), (BigInteger) argument.get("amount")));
    }

    public static UpdateSettingsArgs updateSettings(byte[] candid) {
        return decode(
                "update_settings",
                candid,
                ManagementCandidTypes.UPDATE_SETTINGS_ARGS,
                argument -> new UpdateSettingsArgs(
                        principal(argument.get("canister_id")),
                        settings(record(argument.get("settings"))),
                        senderCanisterVersion(argument)));
    }

    public static InstallCodeArgs installCode(byte[] candid) {
        return decode(
                "install_code",
                candid,
                ManagementCandidTypes.INSTALL_CODE_ARGS,
                argument -> new InstallCodeArgs(
                        installMode((VariantValue) argument.get("mode")),
                        principal(argument.get("canister_id")),
                        (byte[]) argument.get("wasm_module"),
                        (byte[]) argument.get("arg"),
                        senderCanisterVersion(argument)));
    }

    public static InstallChunkedCodeArgs installChunkedCode(byte[] candid) {
        return decode(
                "install_chunked_code",
                candid,
                ManagementCandidTypes.INSTALL_CHUNKED_CODE_ARGS,
                argument -> new InstallChunkedCodeArgs(
                        installMode((VariantValue) argument.get("mode")),
                        principal(argument.get("target_canister")),
                        optional(argument, "store_canister", ManagementArgumentDecoder::principal),
                        list(argument.get("chunk_hashes_list"), chunk ->
                                (byte[]) record(chunk).get("hash")),
                        (byte[]) argument.get("wasm_module_hash"),
                        (byte[]) argument.get("arg"),
                        senderCanisterVersion(argument)));
    }

    public static UploadChunkArgs uploadChunk(byte[] candid) {
        return decode(
                "upload_chunk",
                candid,
                ManagementCandidTypes.UPLOAD_CHUNK_ARGS,
                argument ->
                        new UploadChunkArgs(principal(argument.get("canister_id")), (byte[]) argument.get("chunk")));
    }

    public static UninstallCodeArgs uninstallCode(byte[] candid) {
        return decode(
                "uninstall_code",
                candid,
                ManagementCandidTypes.UNINSTALL_CODE_ARGS,
                argument ->
                        new UninstallCodeArgs(principal(argument.get("canister_id")), senderCanisterVersion(argument)));
    }

    /**
     * The {@code record { canister_id : principal }} argument of {@code method}: canister_status,
     * start_canister, stop_canister, delete_canister, deposit_cycles, stored_chunks, clear_chunk_store.
     */
    public static CanisterIdArgs canisterId(String method, byte[] candid) {
        return decode(
                method,
                candid,
                ManagementCandidTypes.CANISTER_ID_RECORD,
                argument -> new CanisterIdArgs(principal(argument.get("canister_id"))));
    }

    public static CanisterInfoArgs canisterInfo(byte[] candid) {
        return decode(
                "canister_info",
                candid,
                ManagementCandidTypes.CANISTER_INFO_ARGS,
                argument -> new CanisterInfoArgs(
                        principal(argument.get("canister_id")),
                        optional(argument, "num_requested_changes", Long.class::cast)));
    }

    public static CanisterSnapshotArgs takeCanisterSnapshot(byte[] candid) {
        return decode(
                "take_canister_snapshot",
                candid,
                ManagementCandidTypes.TAKE_CANISTER_SNAPSHOT_ARGS,
                argument -> new CanisterSnapshotArgs(
                        principal(argument.get("canister_id")),
                        optional(argument, "replace_snapshot", byte[].class::cast),
                        optional(argument, "uninstall_code", Boolean.class::cast),
                        senderCanisterVersion(argument)));
    }

    public static CanisterSnapshotArgs loadCanisterSnapshot(byte[] candid) {
        return decode(
                "load_canister_snapshot",
                candid,
                ManagementCandidTypes.LOAD_CANISTER_SNAPSHOT_ARGS,
                argument -> new CanisterSnapshotArgs(
                        principal(argument.get("canister_id")),
                        (byte[]) argument.get("snapshot_id"),
                        null,
                        senderCanisterVersion(argument)));
    }

    public static CanisterSnapshotArgs listCanisterSnapshots(byte[] candid) {
        return decode(
                "list_canister_snapshots",
                candid,
                ManagementCandidTypes.CANISTER_ID_RECORD,
                argument -> new CanisterSnapshotArgs(principal(argument.get("canister_id")), null, null, null));
    }

    public static CanisterSnapshotArgs deleteCanisterSnapshot(byte[] candid) {
        return decode(
                "delete_canister_snapshot",
                candid,
                ManagementCandidTypes.DELETE_CANISTER_SNAPSHOT_ARGS,
                argument -> new CanisterSnapshotArgs(
                        principal(argument.get("canister_id")), (byte[]) argument.get("snapshot_id"), null, null));
    }

    /** {@code raw_rand} takes {@code ()}; only a well-formed Candid message is required (extra arguments are fine). */
    public static void rawRand(byte[] candid) {
        try {
            CandidDecoder.decode(candid, List.of());
        } catch (CandidException malformed) {
            throw new InvalidManagementArgumentException("raw_rand", malformed.getMessage(), malformed);
        }
    }

    public static HttpRequestArgs httpRequest(byte[] candid) {
        return decode(
                "http_request",
                candid,
                ManagementCandidTypes.HTTP_REQUEST_ARGS,
                argument -> new HttpRequestArgs(
                        (String) argument.get("url"),
                        optional(argument, "max_response_bytes", Long.class::cast),
                        httpMethod((VariantValue) argument.get("method")),
                        list(argument.get("headers"), ManagementArgumentDecoder::httpHeader),
                        optional(argument, "body", byte[].class::cast),
                        optional(argument, "transform", ManagementArgumentDecoder::transform),
                        optional(argument, "is_replicated", Boolean.class::cast),
                        optional(argument, "pricing_version", Integer.class::cast)));
    }

    /** The result of an HTTP outcall's transform query, {@code http_request_result}. */
    public static HttpRequestResult transformResult(byte[] candid) {
        return decode(
                "http_request (transform result)",
                candid,
                ManagementCandidTypes.HTTP_REQUEST_RESULT,
                ManagementArgumentDecoder::httpRequestResult);
    }

    // ---- shared parts -------------------------------------------------------------------------------------

    private static <T> T decode(String method, byte[] candid, IdlType type, Function<Map<String, Object>, T> reader) {
        Object argument;
        try {
            argument = CandidDecoder.decode(candid, List.of(type)).getFirst();
        } catch (CandidException invalid) {
            throw new InvalidManagementArgumentException(method, invalid.getMessage(), invalid);
        }
        return reader.apply(record(argument));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> record(Object value) {
        return (Map<String, Object>) value;
    }

    /** An {@code opt} field read with {@code reader}, or null when absent. */
    private static <T> T optional(Map<String, Object> record, String field, Function<Object, T> reader) {
        return ((Optional<?>) record.get(field)).map(reader).orElse(null);
    }

    private static <T> List<T> list(Object value, Function<Object, T> reader) {
        return ((List<?>) value).stream().map(reader).toList();
    }

    private static Principal principal(Object value) {
        return Principal.from(((io.diode.candid.Principal) value).bytes());
    }

    private static Long senderCanisterVersion(Map<String, Object> argument) {
        return optional(argument, "sender_canister_version", Long.class::cast);
    }

    private static CanisterSettings settingsOrNone(Map<String, Object> argument) {
        CanisterSettings settings = optional(argument, "settings", value -> settings(record(value)));
        return settings != null ? settings : CanisterSettings.NONE;
    }

    static CanisterSettings settings(Map<String, Object> settings) {
        return new CanisterSettings(
                optional(settings, "controllers", value -> list(value, ManagementArgumentDecoder::principal)),
                optional(settings, "compute_allocation", BigInteger.class::cast),
                optional(settings, "memory_allocation", BigInteger.class::cast),
                optional(settings, "freezing_threshold", BigInteger.class::cast),
                optional(settings, "reserved_cycles_limit", BigInteger.class::cast),
                optional(settings, "log_visibility", value -> logVisibility((VariantValue) value)),
                optional(settings, "wasm_memory_limit", BigInteger.class::cast),
                optional(settings, "wasm_memory_threshold", BigInteger.class::cast),
                optional(
                        settings,
                        "environment_variables",
                        value -> list(
                                value,
                                variable -> new EnvironmentVariable(
                                        (String) record(variable).get("name"),
                                        (String) record(variable).get("value")))));
    }

    private static LogVisibility logVisibility(VariantValue chosen) {
        return switch (chosen.label()) {
            case "controllers" -> LogVisibility.CONTROLLERS;
            case "public" -> LogVisibility.PUBLIC;
            default -> new LogVisibility.AllowedViewers(list(chosen.value(), ManagementArgumentDecoder::principal));
        };
    }

    private static CanisterInstallMode installMode(VariantValue mode) {
        return switch (mode.label()) {
            case "install" -> CanisterInstallMode.INSTALL;
            case "reinstall" -> CanisterInstallMode.REINSTALL;
            default -> {
                CanisterInstallMode.Upgrade upgrade = ((Optional<?>) mode.value())
                        .map(value -> {
                            Map<String, Object> options = record(value);
                            return new CanisterInstallMode.Upgrade(
                                    optional(options, "skip_pre_upgrade", Boolean.class::cast),
                                    optional(
                                            options,
                                            "wasm_memory_persistence",
                                            persistence -> ((VariantValue) persistence)
                                                            .label()
                                                            .equals("keep")
                                                    ? WasmMemoryPersistence.KEEP
                                                    : WasmMemoryPersistence.REPLACE));
                        })
                        .orElse(null);
                yield upgrade != null ? upgrade : CanisterInstallMode.Upgrade.DEFAULT;
            }
        };
    }

    private static HttpMethod httpMethod(VariantValue method) {
        return switch (method.label()) {
            case "get" -> HttpMethod.GET;
            case "head" -> HttpMethod.HEAD;
            default -> HttpMethod.POST;
        };
    }

    private static HttpHeader httpHeader(Object header) {
        return new HttpHeader(
                (String) record(header).get("name"), (String) record(header).get("value"));
    }

    private static HttpTransform transform(Object value) {
        Map<String, Object> transform = record(value);
        FuncRef function = (FuncRef) transform.get("function");
        return new HttpTransform(principal(function.service()), function.method(), (byte[]) transform.get("context"));
    }

    private static HttpRequestResult httpRequestResult(Map<String, Object> result) {
        return new HttpRequestResult(
                (BigInteger) result.get("status"),
                list(result.get("headers"), ManagementArgumentDecoder::httpHeader),
                (byte[]) result.get("body"));
    }
}
