package io.diode.ic.management;

import static io.diode.candid.IdlType.Primitive.BOOL;
import static io.diode.candid.IdlType.Primitive.NAT;
import static io.diode.candid.IdlType.Primitive.NAT32;
import static io.diode.candid.IdlType.Primitive.NAT64;
import static io.diode.candid.IdlType.Primitive.NULL;
import static io.diode.candid.IdlType.Primitive.PRINCIPAL;
import static io.diode.candid.IdlType.Primitive.RESERVED;
import static io.diode.candid.IdlType.Primitive.TEXT;
import static io.diode.candid.IdlType.blob;
import static io.diode.candid.IdlType.field;
import static io.diode.candid.IdlType.opt;
import static io.diode.candid.IdlType.record;
import static io.diode.candid.IdlType.variant;
import static io.diode.candid.IdlType.vec;

import io.diode.candid.IdlType;
import java.util.List;

/**
 * The management canister's Candid types, transcribed from the IC interface specification's {@code ic.did}
 * (dfinity/portal, {@code docs/references/_attachments/ic.did}), once for every caller: the engine decodes arguments
 * and encodes results with them, the client and the plugin encode arguments and decode results with them.
 */
public final class ManagementCandidTypes {

    public static final IdlType LOG_VISIBILITY =
            variant(field("controllers", NULL), field("public", NULL), field("allowed_viewers", vec(PRINCIPAL)));

    public static final IdlType ENVIRONMENT_VARIABLE = record(field("name", TEXT), field("value", TEXT));

    public static final IdlType CANISTER_SETTINGS = record(
            field("controllers", opt(vec(PRINCIPAL))),
            field("compute_allocation", opt(NAT)),
            field("memory_allocation", opt(NAT)),
            field("freezing_threshold", opt(NAT)),
            field("reserved_cycles_limit", opt(NAT)),
            field("log_visibility", opt(LOG_VISIBILITY)),
            field("wasm_memory_limit", opt(NAT)),
            field("wasm_memory_threshold", opt(NAT)),
            field("environment_variables", opt(vec(ENVIRONMENT_VARIABLE))));

    public static final IdlType DEFINITE_CANISTER_SETTINGS = record(
            field("controllers", vec(PRINCIPAL)),
            field("compute_allocation", NAT),
            field("memory_allocation", NAT),
            field("freezing_threshold", NAT),
            field("reserved_cycles_limit", NAT),
            field("log_visibility", LOG_VISIBILITY),
            field("wasm_memory_limit", NAT),
            field("wasm_memory_threshold", NAT),
            field("environment_variables", vec(ENVIRONMENT_VARIABLE)));

    public static final IdlType CANISTER_INSTALL_MODE = variant(
            field("install", NULL),
            field("reinstall", NULL),
            field(
                    "upgrade",
                    opt(record(
                            field("skip_pre_upgrade", opt(BOOL)),
                            field(
                                    "wasm_memory_persistence",
                                    opt(variant(field("keep", NULL), field("replace", NULL))))))));

    public static final IdlType CANISTER_ID_RECORD = record(field("canister_id", PRINCIPAL));

    public static final IdlType CREATE_CANISTER_ARGS =
            record(field("settings", opt(CANISTER_SETTINGS)), field("sender_canister_version", opt(NAT64)));

    public static final IdlType PROVISIONAL_CREATE_CANISTER_WITH_CYCLES_ARGS = record(
            field("amount", opt(NAT)),
            field("settings", opt(CANISTER_SETTINGS)),
            field("specified_id", opt(PRINCIPAL)),
            field("sender_canister_version", opt(NAT64)));

    public static final IdlType PROVISIONAL_TOP_UP_CANISTER_ARGS =
            record(field("canister_id", PRINCIPAL), field("amount", NAT));

    public static final IdlType UPDATE_SETTINGS_ARGS = record(
            field("canister_id", PRINCIPAL),
            field("settings", CANISTER_SETTINGS),
            field("sender_canister_version", opt(NAT64)));

    public static final IdlType INSTALL_CODE_ARGS = record(
            field("mode", CANISTER_INSTALL_MODE),
            field("canister_id", PRINCIPAL),
            field("wasm_module", blob()),
            field("arg", blob()),
            field("sender_canister_version", opt(NAT64)));

    public static final IdlType CHUNK_HASH = record(field("hash", blob()));

    public static final IdlType INSTALL_CHUNKED_CODE_ARGS = record(
            field("mode", CANISTER_INSTALL_MODE),
            field("target_canister", PRINCIPAL),
            field("store_canister", opt(PRINCIPAL)),
            field("chunk_hashes_list", vec(CHUNK_HASH)),
            field("wasm_module_hash", blob()),
            field("arg", blob()),
            field("sender_canister_version", opt(NAT64)));

    public static final IdlType UPLOAD_CHUNK_ARGS = record(field("canister_id", PRINCIPAL), field("chunk", blob()));

    public static final IdlType UNINSTALL_CODE_ARGS =
            record(field("canister_id", PRINCIPAL), field("sender_canister_version", opt(NAT64)));

    public static final IdlType CANISTER_INFO_ARGS =
            record(field("canister_id", PRINCIPAL), field("num_requested_changes", opt(NAT64)));

    public static final IdlType CANISTER_STATUS_RESULT = record(
            field("status", variant(field("running", NULL), field("stopping", NULL), field("stopped", NULL))),
            field("ready_for_migration", BOOL),
            field("version", NAT64),
            field("settings", DEFINITE_CANISTER_SETTINGS),
            field("module_hash", opt(blob())),
            field("memory_size", NAT),
            field(
                    "memory_metrics",
                    record(
                            field("wasm_memory_size", NAT),
                            field("stable_memory_size", NAT),
                            field("global_memory_size", NAT),
                            field("wasm_binary_size", NAT),
                            field("custom_sections_size", NAT),
                            field("canister_history_size", NAT),
                            field("wasm_chunk_store_size", NAT),
                            field("snapshots_size", NAT))),
            field("cycles", NAT),
            field("reserved_cycles", NAT),
            field("idle_cycles_burned_per_day", NAT),
            field(
                    "query_stats",
                    record(
                            field("num_calls_total", NAT),
                            field("num_instructions_total", NAT),
                            field("request_payload_bytes_total", NAT),
                            field("response_payload_bytes_total", NAT))));

    public static final IdlType HTTP_HEADER = record(field("name", TEXT), field("value", TEXT));

    public static final IdlType HTTP_REQUEST_RESULT =
            record(field("status", NAT), field("headers", vec(HTTP_HEADER)), field("body", blob()));

    /** The argument of an HTTP outcall's transform query. */
    public static final IdlType TRANSFORM_ARGS =
            record(field("response", HTTP_REQUEST_RESULT), field("context", blob()));

    public static final IdlType HTTP_REQUEST_ARGS = record(
            field("url", TEXT),
            field("max_response_bytes", opt(NAT64)),
            field("method", variant(field("get", NULL), field("head", NULL), field("post", NULL))),
            field("headers", vec(HTTP_HEADER)),
            field("body", opt(blob())),
            field(
                    "transform",
                    opt(record(
                            field(
                                    "function",
                                    new IdlType.Func(
                                            List.of(TRANSFORM_ARGS), List.of(HTTP_REQUEST_RESULT), List.of("query"))),
                            field("context", blob())))),
            field("is_replicated", opt(BOOL)),
            field("pricing_version", opt(NAT32)));

    public static final IdlType CHANGE = record(
            field("timestamp_nanos", NAT64),
            field("canister_version", NAT64),
            field(
                    "origin",
                    variant(
                            field("from_user", record(field("user_id", PRINCIPAL))),
                            field(
                                    "from_canister",
                                    record(field("canister_id", PRINCIPAL), field("canister_version", opt(NAT64)))))),
            field(
                    "details",
                    variant(
                            field(
                                    "creation",
                                    record(
                                            field("controllers", vec(PRINCIPAL)),
                                            field("environment_variables_hash", opt(blob())))),
                            field("code_uninstall", NULL),
                            field(
                                    "code_deployment",
                                    record(
                                            field(
                                                    "mode",
                                                    variant(
                                                            field("install", NULL),
                                                            field("reinstall", NULL),
                                                            field("upgrade", NULL))),
                                            field("module_hash", blob()))),
                            field(
                                    "load_snapshot",
                                    record(
                                            field("canister_version", NAT64),
                                            field("snapshot_id", blob()),
                                            field("taken_at_timestamp", NAT64),
                                            field(
                                                    "source",
                                                    variant(
                                                            field("taken_from_canister", RESERVED),
                                                            field("metadata_upload", RESERVED))))),
                            field("controllers_change", record(field("controllers", vec(PRINCIPAL)))))));

    public static final IdlType CANISTER_INFO_RESULT = record(
            field("total_num_changes", NAT64),
            field("recent_changes", vec(CHANGE)),
            field("module_hash", opt(blob())),
            field("controllers", vec(PRINCIPAL)));

    public static final IdlType SNAPSHOT =
            record(field("id", blob()), field("taken_at_timestamp", NAT64), field("total_size", NAT64));

    public static final IdlType TAKE_CANISTER_SNAPSHOT_ARGS = record(
            field("canister_id", PRINCIPAL),
            field("replace_snapshot", opt(blob())),
            field("uninstall_code", opt(BOOL)),
            field("sender_canister_version", opt(NAT64)));

    public static final IdlType LOAD_CANISTER_SNAPSHOT_ARGS = record(
            field("canister_id", PRINCIPAL),
            field("snapshot_id", blob()),
            field("sender_canister_version", opt(NAT64)));

    public static final IdlType DELETE_CANISTER_SNAPSHOT_ARGS =
            record(field("canister_id", PRINCIPAL), field("snapshot_id", blob()));

    public static final IdlType LIST_CANISTER_SNAPSHOTS_RESULT = vec(SNAPSHOT);

    public static final IdlType CANISTER_LOG_RECORD =
            record(field("idx", NAT64), field("timestamp_nanos", NAT64), field("content", blob()));

    public static final IdlType FETCH_CANISTER_LOGS_RESULT =
            record(field("canister_log_records", vec(CANISTER_LOG_RECORD)));

    /** {@code create_canister_result} and {@code provisional_create_canister_with_cycles_result}. */
    public static final IdlType CREATE_CANISTER_RESULT = CANISTER_ID_RECORD;

    public static final IdlType STORED_CHUNKS_RESULT = vec(CHUNK_HASH);

    private ManagementCandidTypes() {}
}
