package io.diode.pocketic.embedded.management;

import io.diode.pocketic.embedded.api.HttpHeader;
import io.diode.pocketic.embedded.management.candid.CandidDecodingException;
import io.diode.pocketic.embedded.management.candid.CandidReader;
import io.diode.pocketic.embedded.management.candid.CandidValue;
import java.util.List;
import java.util.function.Function;
import org.ic4j.types.Func;

/**
 * Decodes the Candid arguments of management-canister methods into typed records. Tolerant where Candid's
 * subtyping is (missing {@code opt} fields are null, unknown fields and extra arguments are ignored, fields
 * match by name hash), strict otherwise: anything else throws {@link InvalidManagementArgumentException}
 * naming the method and the offending value.
 */
public final class ManagementArgumentDecoder {

    private ManagementArgumentDecoder() {
    }

    public static CreateCanisterArgs createCanister(byte[] candid) {
        return decode("create_canister", candid, argument -> new CreateCanisterArgs(
                argument.optionalField("settings", ManagementArgumentDecoder::settings).orElse(CanisterSettings.NONE),
                senderCanisterVersion(argument)));
    }

    public static ProvisionalCreateCanisterArgs provisionalCreateCanisterWithCycles(byte[] candid) {
        return decode("provisional_create_canister_with_cycles", candid, argument ->
                new ProvisionalCreateCanisterArgs(
                        argument.optionalField("amount", CandidValue::nat).orElse(null),
                        argument.optionalField("settings", ManagementArgumentDecoder::settings)
                                .orElse(CanisterSettings.NONE),
                        argument.optionalField("specified_id", CandidValue::principal).orElse(null),
                        senderCanisterVersion(argument)));
    }

    public static ProvisionalTopUpCanisterArgs provisionalTopUpCanister(byte[] candid) {
        return decode("provisional_top_up_canister", candid, argument -> new ProvisionalTopUpCanisterArgs(
                argument.field("canister_id").principal(), argument.field("amount").nat()));
    }

    public static UpdateSettingsArgs updateSettings(byte[] candid) {
        return decode("update_settings", candid, argument -> new UpdateSettingsArgs(
                argument.field("canister_id").principal(), settings(argument.field("settings")),
                senderCanisterVersion(argument)));
    }

    public static InstallCodeArgs installCode(byte[] candid) {
        return decode("install_code", candid, argument -> new InstallCodeArgs(
                installMode(argument.field("mode")),
                argument.field("canister_id").principal(),
                argument.field("wasm_module").blob(),
                argument.field("arg").blob(),
                senderCanisterVersion(argument)));
    }

    public static InstallChunkedCodeArgs installChunkedCode(byte[] candid) {
        return decode("install_chunked_code", candid, argument -> new InstallChunkedCodeArgs(
                installMode(argument.field("mode")),
                argument.field("target_canister").principal(),
                argument.optionalField("store_canister", CandidValue::principal).orElse(null),
                argument.field("chunk_hashes_list").vec(chunk -> chunk.field("hash").blob()),
                argument.field("wasm_module_hash").blob(),
                argument.field("arg").blob(),
                senderCanisterVersion(argument)));
    }

    public static UploadChunkArgs uploadChunk(byte[] candid) {
        return decode("upload_chunk", candid, argument -> new UploadChunkArgs(
                argument.field("canister_id").principal(), argument.field("chunk").blob()));
    }

    public static UninstallCodeArgs uninstallCode(byte[] candid) {
        return decode("uninstall_code", candid, argument -> new UninstallCodeArgs(
                argument.field("canister_id").principal(), senderCanisterVersion(argument)));
    }

    /**
     * The {@code record { canister_id : principal }} argument of {@code method}: canister_status,
     * start_canister, stop_canister, delete_canister, deposit_cycles, stored_chunks, clear_chunk_store.
     */
    public static CanisterIdArgs canisterId(String method, byte[] candid) {
        return decode(method, candid, argument -> new CanisterIdArgs(argument.field("canister_id").principal()));
    }

    public static CanisterInfoArgs canisterInfo(byte[] candid) {
        return decode("canister_info", candid, argument -> new CanisterInfoArgs(
                argument.field("canister_id").principal(),
                argument.optionalField("num_requested_changes", CandidValue::nat64).orElse(null)));
    }

    public static CanisterSnapshotArgs takeCanisterSnapshot(byte[] candid) {
        return decode("take_canister_snapshot", candid, argument -> new CanisterSnapshotArgs(
                argument.field("canister_id").principal(),
                argument.optionalField("replace_snapshot", CandidValue::blob).orElse(null),
                argument.optionalField("uninstall_code", CandidValue::bool).orElse(null),
                senderCanisterVersion(argument)));
    }

    public static CanisterSnapshotArgs loadCanisterSnapshot(byte[] candid) {
        return decode("load_canister_snapshot", candid, argument -> new CanisterSnapshotArgs(
                argument.field("canister_id").principal(), argument.field("snapshot_id").blob(), null,
                senderCanisterVersion(argument)));
    }

    public static CanisterSnapshotArgs listCanisterSnapshots(byte[] candid) {
        return decode("list_canister_snapshots", candid, argument -> new CanisterSnapshotArgs(
                argument.field("canister_id").principal(), null, null, null));
    }

    public static CanisterSnapshotArgs deleteCanisterSnapshot(byte[] candid) {
        return decode("delete_canister_snapshot", candid, argument -> new CanisterSnapshotArgs(
                argument.field("canister_id").principal(), argument.field("snapshot_id").blob(), null, null));
    }

    /** {@code raw_rand} takes {@code ()}; only a well-formed Candid message is required (extra arguments are fine). */
    public static void rawRand(byte[] candid) {
        try {
            CandidReader.arguments(candid);
        } catch (CandidDecodingException malformed) {
            throw new InvalidManagementArgumentException("raw_rand", malformed.getMessage(), malformed);
        }
    }

    public static HttpRequestArgs httpRequest(byte[] candid) {
        return decode("http_request", candid, argument -> new HttpRequestArgs(
                argument.field("url").text(),
                argument.optionalField("max_response_bytes", CandidValue::nat64).orElse(null),
                httpMethod(argument.field("method")),
                argument.field("headers").vec(ManagementArgumentDecoder::httpHeader),
                argument.optionalField("body", CandidValue::blob).orElse(null),
                argument.optionalField("transform", ManagementArgumentDecoder::transform).orElse(null),
                argument.optionalField("is_replicated", CandidValue::bool).orElse(null),
                argument.optionalField("pricing_version", CandidValue::nat32).orElse(null)));
    }

    /** The result of an HTTP outcall's transform query, {@code http_request_result}. */
    public static HttpRequestResult transformResult(byte[] candid) {
        return decode("http_request (transform result)", candid, ManagementArgumentDecoder::httpRequestResult);
    }

    // ---- shared parts -------------------------------------------------------------------------------------

    private static <T> T decode(String method, byte[] candid, Function<CandidValue, T> reader) {
        try {
            return reader.apply(CandidReader.firstArgument(candid));
        } catch (CandidDecodingException invalid) {
            throw new InvalidManagementArgumentException(method, invalid.getMessage(), invalid);
        }
    }

    private static Long senderCanisterVersion(CandidValue argument) {
        return argument.optionalField("sender_canister_version", CandidValue::nat64).orElse(null);
    }

    static CanisterSettings settings(CandidValue settings) {
        return new CanisterSettings(
                settings.optionalField("controllers", value -> value.vec(CandidValue::principal)).orElse(null),
                settings.optionalField("compute_allocation", CandidValue::nat).orElse(null),
                settings.optionalField("memory_allocation", CandidValue::nat).orElse(null),
                settings.optionalField("freezing_threshold", CandidValue::nat).orElse(null),
                settings.optionalField("reserved_cycles_limit", CandidValue::nat).orElse(null),
                settings.optionalField("log_visibility", ManagementArgumentDecoder::logVisibility).orElse(null),
                settings.optionalField("wasm_memory_limit", CandidValue::nat).orElse(null),
                settings.optionalField("wasm_memory_threshold", CandidValue::nat).orElse(null),
                settings.optionalField("environment_variables", value -> value.vec(variable ->
                        new EnvironmentVariable(variable.field("name").text(), variable.field("value").text())))
                        .orElse(null));
    }

    private static LogVisibility logVisibility(CandidValue value) {
        CandidValue.VariantCase chosen = value.variant(List.of("controllers", "public", "allowed_viewers"));
        return switch (chosen.name()) {
            case "controllers" -> LogVisibility.CONTROLLERS;
            case "public" -> LogVisibility.PUBLIC;
            default -> new LogVisibility.AllowedViewers(chosen.payload().vec(CandidValue::principal));
        };
    }

    private static CanisterInstallMode installMode(CandidValue mode) {
        CandidValue.VariantCase chosen = mode.variant(List.of("install", "reinstall", "upgrade"));
        return switch (chosen.name()) {
            case "install" -> CanisterInstallMode.INSTALL;
            case "reinstall" -> CanisterInstallMode.REINSTALL;
            default -> chosen.payload().asOptional(options -> new CanisterInstallMode.Upgrade(
                            options.optionalField("skip_pre_upgrade", CandidValue::bool).orElse(null),
                            options.optionalField("wasm_memory_persistence", persistence ->
                                    persistence.variant(List.of("keep", "replace")).name().equals("keep")
                                            ? WasmMemoryPersistence.KEEP : WasmMemoryPersistence.REPLACE)
                                    .orElse(null)))
                    .orElse(CanisterInstallMode.Upgrade.DEFAULT);
        };
    }

    private static HttpMethod httpMethod(CandidValue method) {
        return switch (method.variant(List.of("get", "head", "post")).name()) {
            case "get" -> HttpMethod.GET;
            case "head" -> HttpMethod.HEAD;
            default -> HttpMethod.POST;
        };
    }

    private static HttpHeader httpHeader(CandidValue header) {
        return new HttpHeader(header.field("name").text(), header.field("value").text());
    }

    private static HttpTransform transform(CandidValue transform) {
        Func function = transform.field("function").func();
        return new HttpTransform(function.getPrincipal(), function.getMethod(), transform.field("context").blob());
    }

    private static HttpRequestResult httpRequestResult(CandidValue result) {
        return new HttpRequestResult(result.field("status").nat(),
                result.field("headers").vec(ManagementArgumentDecoder::httpHeader), result.field("body").blob());
    }
}
