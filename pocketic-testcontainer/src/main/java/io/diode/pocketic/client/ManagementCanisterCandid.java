package io.diode.pocketic.client;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.ic4j.candid.parser.IDLArgs;
import org.ic4j.candid.parser.IDLType;
import org.ic4j.candid.parser.IDLValue;
import org.ic4j.candid.types.Label;
import org.ic4j.candid.types.Type;
import org.ic4j.types.Principal;

/**
 * Candid arguments and results of the management canister ({@code aaaaa-aa}) methods the client calls, after the
 * IC interface specification's {@code ic.did}. Encoding goes through ic4j-candid.
 */
final class ManagementCanisterCandid {

    /** How {@code install_code} treats the canister's existing state. */
    enum InstallMode {
        INSTALL, REINSTALL, UPGRADE
    }

    private ManagementCanisterCandid() {
    }

    static byte[] createCanisterWithCycles(CanisterSettings settings, Optional<BigInteger> cycles,
                                           Optional<Principal> specifiedId) {
        CandidRecord settingsRecord = settings(settings);
        CandidRecord argument = new CandidRecord()
                .field("settings", Optional.of(settingsRecord.values()), CandidRecord.opt(settingsRecord.recordType()))
                .field("amount", cycles, CandidRecord.opt(CandidRecord.nat()))
                .field("specified_id", specifiedId, CandidRecord.opt(CandidRecord.principal()));
        return encode(argument.toRecord());
    }

    static byte[] updateSettings(Principal canisterId, CanisterSettings settings) {
        CandidRecord settingsRecord = settings(settings);
        return encode(new CandidRecord()
                .field("canister_id", canisterId, CandidRecord.principal())
                .field("settings", settingsRecord.values(), settingsRecord.recordType())
                .toRecord());
    }

    static byte[] canisterIdOnly(Principal canisterId) {
        return encode(new CandidRecord().field("canister_id", canisterId, CandidRecord.principal()).toRecord());
    }

    static byte[] installCode(Principal canisterId, InstallMode mode, UpgradeOptions upgrade, byte[] wasm, byte[] arg) {
        return encode(new CandidRecord()
                .field("mode", modeValue(mode, upgrade), modeType(mode, upgrade))
                .field("canister_id", canisterId, CandidRecord.principal())
                .field("wasm_module", wasm, CandidRecord.blob())
                .field("arg", arg, CandidRecord.blob())
                .toRecord());
    }

    static byte[] uploadChunk(Principal canisterId, byte[] chunk) {
        return encode(new CandidRecord()
                .field("canister_id", canisterId, CandidRecord.principal())
                .field("chunk", chunk, CandidRecord.blob())
                .toRecord());
    }

    static byte[] installChunkedCode(Principal canisterId, InstallMode mode, UpgradeOptions upgrade, List<byte[]> chunkHashes,
                                     byte[] wasmModuleHash, byte[] arg) {
        CandidRecord hashType = new CandidRecord().field("hash", new byte[0], CandidRecord.blob());
        List<Map<Label, Object>> hashes = new ArrayList<>();
        for (byte[] hash : chunkHashes) {
            hashes.add(new CandidRecord().field("hash", hash, CandidRecord.blob()).values());
        }
        return encode(new CandidRecord()
                .field("mode", modeValue(mode, upgrade), modeType(mode, upgrade))
                .field("target_canister", canisterId, CandidRecord.principal())
                .field("store_canister", Optional.empty(), CandidRecord.opt(CandidRecord.principal()))
                .field("chunk_hashes_list", hashes.toArray(), CandidRecord.vec(hashType.recordType()))
                .field("wasm_module_hash", wasmModuleHash, CandidRecord.blob())
                .field("arg", arg, CandidRecord.blob())
                .field("sender_canister_version", Optional.empty(), CandidRecord.opt(CandidRecord.nat64()))
                .toRecord());
    }

    static byte[] takeCanisterSnapshot(Principal canisterId, Optional<byte[]> replaceSnapshot) {
        return encode(new CandidRecord()
                .field("canister_id", canisterId, CandidRecord.principal())
                .field("replace_snapshot", replaceSnapshot, CandidRecord.opt(CandidRecord.blob()))
                .toRecord());
    }

    /** {@code load_canister_snapshot_args} and {@code delete_canister_snapshot_args}. */
    static byte[] canisterSnapshot(Principal canisterId, byte[] snapshotId) {
        return encode(new CandidRecord()
                .field("canister_id", canisterId, CandidRecord.principal())
                .field("snapshot_id", snapshotId, CandidRecord.blob())
                .toRecord());
    }

    static CanisterSnapshot decodeSnapshot(byte[] reply) {
        return snapshot(firstRecord(reply, "take_canister_snapshot"), "take_canister_snapshot");
    }

    static List<CanisterSnapshot> decodeSnapshots(byte[] reply) {
        String what = "list_canister_snapshots";
        List<CanisterSnapshot> snapshots = new ArrayList<>();
        for (Object entry : vector(firstValue(reply, what), what)) {
            snapshots.add(snapshot(asRecord(entry, what), what));
        }
        return snapshots;
    }

    private static CanisterSnapshot snapshot(Map<Label, Object> record, String what) {
        return new CanisterSnapshot(bytes(record.get(label("id")), what, "id"),
                instant(nat64(record, "taken_at_timestamp", what)), nat64(record, "total_size", what));
    }

    static List<CanisterLogRecord> decodeCanisterLogs(byte[] reply) {
        String what = "fetch_canister_logs";
        List<CanisterLogRecord> records = new ArrayList<>();
        for (Object entry : vector(firstRecord(reply, what).get(label("canister_log_records")), what)) {
            Map<Label, Object> record = asRecord(entry, what);
            records.add(new CanisterLogRecord(nat64(record, "idx", what),
                    instant(nat64(record, "timestamp_nanos", what)), bytes(record.get(label("content")), what,
                    "content")));
        }
        return records;
    }

    private static Instant instant(long nanosSinceEpoch) {
        return Instant.ofEpochSecond(Long.divideUnsigned(nanosSinceEpoch, 1_000_000_000L),
                Long.remainderUnsigned(nanosSinceEpoch, 1_000_000_000L));
    }

    private static long nat64(Map<Label, Object> record, String name, String what) {
        if (record.get(label(name)) instanceof Number number) {
            return number.longValue();
        }
        throw malformed(what, "field " + name + " is not a nat64");
    }

    private static Object[] vector(Object value, String what) {
        if (value instanceof Object[] array) {
            return array;
        }
        throw malformed(what, "expected a vector, got " + (value == null ? "nothing" : value.getClass().getSimpleName()));
    }

    static Principal decodeCreateCanister(byte[] reply) {
        Map<Label, Object> record = firstRecord(reply, "create_canister");
        return field(record, "canister_id", Principal.class, "create_canister");
    }

    static byte[] decodeChunkHash(byte[] reply) {
        return bytes(firstRecord(reply, "upload_chunk").get(label("hash")), "upload_chunk", "hash");
    }

    static CanisterStatus decodeCanisterStatus(byte[] reply) {
        String what = "canister_status";
        Map<Label, Object> record = firstRecord(reply, what);
        Map<Label, Object> status = asRecord(record.get(label("status")), what + ".status");
        CanisterStatus.RunningState state;
        if (status.containsKey(label("running"))) {
            state = CanisterStatus.RunningState.RUNNING;
        } else if (status.containsKey(label("stopping"))) {
            state = CanisterStatus.RunningState.STOPPING;
        } else if (status.containsKey(label("stopped"))) {
            state = CanisterStatus.RunningState.STOPPED;
        } else {
            throw malformed(what, "status is none of running, stopping, stopped: " + status.keySet());
        }
        Map<Label, Object> settings = asRecord(record.get(label("settings")), what + ".settings");
        List<Principal> controllers = new ArrayList<>();
        Object controllerValues = settings.get(label("controllers"));
        if (!(controllerValues instanceof Object[] array)) {
            throw malformed(what, "settings.controllers is not a vector");
        }
        for (Object controller : array) {
            if (!(controller instanceof Principal principal)) {
                throw malformed(what, "a controller is not a principal");
            }
            controllers.add(principal);
        }
        Object hash = record.get(label("module_hash"));
        Optional<byte[]> moduleHash = hash instanceof Optional<?> optional && optional.isPresent()
                ? Optional.of(bytes(optional.get(), what, "module_hash")) : Optional.empty();
        return new CanisterStatus(state, controllers,
                field(settings, "freezing_threshold", BigInteger.class, what),
                moduleHash,
                field(record, "memory_size", BigInteger.class, what),
                field(record, "cycles", BigInteger.class, what),
                field(record, "idle_cycles_burned_per_day", BigInteger.class, what));
    }

    private static CandidRecord settings(CanisterSettings settings) {
        return new CandidRecord()
                .field("controllers", settings.controllers().map(list -> list.toArray(new Principal[0])),
                        CandidRecord.opt(CandidRecord.vec(CandidRecord.principal())))
                .field("compute_allocation", settings.computeAllocation(), CandidRecord.opt(CandidRecord.nat()))
                .field("memory_allocation", settings.memoryAllocation(), CandidRecord.opt(CandidRecord.nat()))
                .field("freezing_threshold", settings.freezingThreshold(), CandidRecord.opt(CandidRecord.nat()))
                .field("reserved_cycles_limit", settings.reservedCyclesLimit(), CandidRecord.opt(CandidRecord.nat()))
                .field("wasm_memory_limit", settings.wasmMemoryLimit(), CandidRecord.opt(CandidRecord.nat()))
                .field("log_visibility", settings.logVisibility().map(ManagementCanisterCandid::logVisibilityValue),
                        CandidRecord.opt(logVisibilityType(settings.logVisibility())));
    }

    private static Map<Label, Object> logVisibilityValue(LogVisibility visibility) {
        Map<Label, Object> variant = new TreeMap<>();
        switch (visibility) {
            case LogVisibility.Controllers controllers -> variant.put(label("controllers"), null);
            case LogVisibility.Public everyone -> variant.put(label("public"), null);
            case LogVisibility.AllowedViewers allowed -> variant.put(label("allowed_viewers"),
                    allowed.viewers().toArray(new Principal[0]));
        }
        return variant;
    }

    /** A one-case variant type for the chosen case (see {@link #modeType}: ic4j-candid writes variant index 0). */
    private static IDLType logVisibilityType(Optional<LogVisibility> visibility) {
        Map<Label, IDLType> cases = new TreeMap<>();
        switch (visibility.orElse(LogVisibility.controllers())) {
            case LogVisibility.Controllers controllers -> cases.put(label("controllers"), IDLType.createType(Type.NULL));
            case LogVisibility.Public everyone -> cases.put(label("public"), IDLType.createType(Type.NULL));
            case LogVisibility.AllowedViewers allowed -> cases.put(label("allowed_viewers"),
                    CandidRecord.vec(CandidRecord.principal()));
        }
        return IDLType.createType(Type.VARIANT, cases);
    }

    private static Map<Label, Object> modeValue(InstallMode mode, UpgradeOptions upgrade) {
        Map<Label, Object> variant = new TreeMap<>();
        switch (mode) {
            case INSTALL -> variant.put(label("install"), null);
            case REINSTALL -> variant.put(label("reinstall"), null);
            case UPGRADE -> {
                Map<Label, Object> options = new TreeMap<>();
                options.put(label("skip_pre_upgrade"), upgrade.skipPreUpgrade());
                options.put(label("wasm_memory_persistence"), upgrade.wasmMemoryPersistence().map(persistence -> {
                    Map<Label, Object> choice = new TreeMap<>();
                    choice.put(label(persistenceCase(persistence)), null);
                    return choice;
                }));
                variant.put(label("upgrade"), Optional.of(options));
            }
        }
        return variant;
    }

    /**
     * The type of the mode variant with only the chosen case (and likewise for {@code wasm_memory_persistence}).
     * ic4j-candid 0.7.2 always writes variant index 0, which picks the wrong case of a multi-case variant; a
     * one-case variant is a Candid subtype of {@code canister_install_mode}, so every receiver decodes it as the
     * intended case.
     */
    private static IDLType modeType(InstallMode mode, UpgradeOptions upgrade) {
        Map<Label, IDLType> modes = new TreeMap<>();
        switch (mode) {
            case INSTALL -> modes.put(label("install"), IDLType.createType(Type.NULL));
            case REINSTALL -> modes.put(label("reinstall"), IDLType.createType(Type.NULL));
            case UPGRADE -> {
                Map<Label, IDLType> persistence = new TreeMap<>();
                persistence.put(label(persistenceCase(upgrade.wasmMemoryPersistence()
                        .orElse(UpgradeOptions.WasmMemoryPersistence.KEEP))), IDLType.createType(Type.NULL));
                Map<Label, IDLType> upgradeOptions = new TreeMap<>();
                upgradeOptions.put(label("skip_pre_upgrade"), CandidRecord.opt(IDLType.createType(Type.BOOL)));
                upgradeOptions.put(label("wasm_memory_persistence"),
                        CandidRecord.opt(IDLType.createType(Type.VARIANT, persistence)));
                modes.put(label("upgrade"), CandidRecord.opt(IDLType.createType(Type.RECORD, upgradeOptions)));
            }
        }
        return IDLType.createType(Type.VARIANT, modes);
    }

    private static String persistenceCase(UpgradeOptions.WasmMemoryPersistence persistence) {
        return persistence == UpgradeOptions.WasmMemoryPersistence.KEEP ? "keep" : "replace";
    }

    private static byte[] encode(IDLValue value) {
        return IDLArgs.create(List.of(value)).toBytes();
    }

    private static Map<Label, Object> firstRecord(byte[] reply, String what) {
        return asRecord(firstValue(reply, what), what);
    }

    private static Object firstValue(byte[] reply, String what) {
        List<IDLValue> values;
        try {
            values = IDLArgs.fromBytes(reply).getArgs();
        } catch (RuntimeException e) {
            throw malformed(what, "not Candid: " + e.getMessage());
        }
        if (values.isEmpty()) {
            throw malformed(what, "no value in the reply");
        }
        return values.getFirst().getValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<Label, Object> asRecord(Object value, String what) {
        if (value instanceof Map<?, ?> map) {
            return (Map<Label, Object>) map;
        }
        throw malformed(what, "expected a record, got " + (value == null ? "null" : value.getClass().getSimpleName()));
    }

    private static <T> T field(Map<Label, Object> record, String name, Class<T> type, String what) {
        Object value = record.get(label(name));
        if (type == BigInteger.class && value instanceof Number number && !(value instanceof BigInteger)) {
            value = BigInteger.valueOf(number.longValue());
        }
        if (!type.isInstance(value)) {
            throw malformed(what, "field " + name + " is " + (value == null ? "missing" : "a "
                    + value.getClass().getSimpleName()) + ", expected " + type.getSimpleName());
        }
        return type.cast(value);
    }

    private static byte[] bytes(Object value, String what, String field) {
        if (value instanceof byte[] raw) {
            return raw.clone();
        }
        if (value instanceof Byte[] boxed) {
            byte[] raw = new byte[boxed.length];
            for (int i = 0; i < boxed.length; i++) {
                raw[i] = boxed[i];
            }
            return raw;
        }
        throw malformed(what, "field " + field + " is not a blob");
    }

    private static Label label(String name) {
        return Label.createNamedLabel(name);
    }

    private static PocketIcException malformed(String what, String detail) {
        return new PocketIcException("malformed " + what + " reply from the management canister: " + detail);
    }
}
