package io.diode.ic.management;

import io.diode.candid.CandidDecoder;
import io.diode.candid.CandidEncoder;
import io.diode.candid.CandidException;
import io.diode.candid.CandidName;
import io.diode.candid.IdlType;
import io.diode.candid.JavaMapping;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.List;

/**
 * A management-canister method with its argument and result types from {@code ic.did}: encodes an argument record
 * and decodes a reply with the one Candid codec, so no caller writes Candid for {@code aaaaa-aa} by hand.
 *
 * @param resultType null for methods that reply {@code ()}
 */
public record ManagementMethod<A, R>(String name, IdlType argumentType, IdlType resultType, Type resultJavaType) {

    public static final ManagementMethod<ProvisionalCreateCanisterArgs, CanisterIdRecord>
            PROVISIONAL_CREATE_CANISTER_WITH_CYCLES = new ManagementMethod<>(
                    "provisional_create_canister_with_cycles",
                    ManagementCandidTypes.PROVISIONAL_CREATE_CANISTER_WITH_CYCLES_ARGS,
                    ManagementCandidTypes.CREATE_CANISTER_RESULT,
                    CanisterIdRecord.class);
    public static final ManagementMethod<UpdateSettingsArgs, Void> UPDATE_SETTINGS =
            unit("update_settings", ManagementCandidTypes.UPDATE_SETTINGS_ARGS);
    public static final ManagementMethod<InstallCodeArgs, Void> INSTALL_CODE =
            unit("install_code", ManagementCandidTypes.INSTALL_CODE_ARGS);
    public static final ManagementMethod<UploadChunkArgs, ChunkHash> UPLOAD_CHUNK = new ManagementMethod<>(
            "upload_chunk", ManagementCandidTypes.UPLOAD_CHUNK_ARGS, ManagementCandidTypes.CHUNK_HASH, ChunkHash.class);
    public static final ManagementMethod<InstallChunkedCodeArgs, Void> INSTALL_CHUNKED_CODE =
            unit("install_chunked_code", ManagementCandidTypes.INSTALL_CHUNKED_CODE_ARGS);
    public static final ManagementMethod<CanisterIdRecord, Void> CLEAR_CHUNK_STORE =
            canisterIdUnit("clear_chunk_store");
    public static final ManagementMethod<CanisterIdRecord, CanisterStatusResult> CANISTER_STATUS =
            new ManagementMethod<>(
                    "canister_status",
                    ManagementCandidTypes.CANISTER_ID_RECORD,
                    ManagementCandidTypes.CANISTER_STATUS_RESULT,
                    CanisterStatusResult.class);
    public static final ManagementMethod<CanisterIdRecord, Void> START_CANISTER = canisterIdUnit("start_canister");
    public static final ManagementMethod<CanisterIdRecord, Void> STOP_CANISTER = canisterIdUnit("stop_canister");
    public static final ManagementMethod<CanisterIdRecord, Void> DELETE_CANISTER = canisterIdUnit("delete_canister");
    public static final ManagementMethod<CanisterIdRecord, Void> UNINSTALL_CODE =
            unit("uninstall_code", ManagementCandidTypes.UNINSTALL_CODE_ARGS);
    public static final ManagementMethod<TakeCanisterSnapshotArgs, Snapshot> TAKE_CANISTER_SNAPSHOT =
            new ManagementMethod<>(
                    "take_canister_snapshot",
                    ManagementCandidTypes.TAKE_CANISTER_SNAPSHOT_ARGS,
                    ManagementCandidTypes.SNAPSHOT,
                    Snapshot.class);
    public static final ManagementMethod<LoadCanisterSnapshotArgs, Void> LOAD_CANISTER_SNAPSHOT =
            unit("load_canister_snapshot", ManagementCandidTypes.LOAD_CANISTER_SNAPSHOT_ARGS);
    public static final ManagementMethod<CanisterIdRecord, List<Snapshot>> LIST_CANISTER_SNAPSHOTS =
            new ManagementMethod<>(
                    "list_canister_snapshots",
                    ManagementCandidTypes.CANISTER_ID_RECORD,
                    ManagementCandidTypes.LIST_CANISTER_SNAPSHOTS_RESULT,
                    listOf(Snapshot.class));
    public static final ManagementMethod<DeleteCanisterSnapshotArgs, Void> DELETE_CANISTER_SNAPSHOT =
            unit("delete_canister_snapshot", ManagementCandidTypes.DELETE_CANISTER_SNAPSHOT_ARGS);
    public static final ManagementMethod<CanisterIdRecord, FetchCanisterLogsResult> FETCH_CANISTER_LOGS =
            new ManagementMethod<>(
                    "fetch_canister_logs",
                    ManagementCandidTypes.CANISTER_ID_RECORD,
                    ManagementCandidTypes.FETCH_CANISTER_LOGS_RESULT,
                    FetchCanisterLogsResult.class);

    private static <A> ManagementMethod<A, Void> unit(String name, IdlType argumentType) {
        return new ManagementMethod<>(name, argumentType, null, Void.class);
    }

    private static ManagementMethod<CanisterIdRecord, Void> canisterIdUnit(String name) {
        return unit(name, ManagementCandidTypes.CANISTER_ID_RECORD);
    }

    /** The Candid message carrying {@code argument}. */
    public byte[] encodeArgument(A argument) {
        return CandidEncoder.encode(argumentType, JavaMapping.toCandid(argumentType, argument));
    }

    /**
     * The reply read as this method's result: with ic.did's result type narrowed to the Java record's components
     * (Candid subtyping: fields the reader does not declare are skipped, whichever IC version sent them).
     *
     * @throws CandidException when the reply is not Candid or does not fit the result type, naming the method
     */
    @SuppressWarnings("unchecked")
    public R decodeResult(byte[] reply) {
        try {
            if (resultType == null) {
                CandidDecoder.decode(reply, List.of());
                return null;
            }
            IdlType reader = narrowed(resultType, resultJavaType);
            Object value = CandidDecoder.decode(reply, List.of(reader)).getFirst();
            return (R) JavaMapping.fromCandid(reader, value, resultJavaType);
        } catch (CandidException malformed) {
            throw new CandidException(
                    "the reply of management method " + name + " does not fit ic.did's result type: "
                            + malformed.getMessage(),
                    malformed);
        }
    }

    /** {@code type} with its records reduced to the fields {@code javaType}'s records have. */
    static IdlType narrowed(IdlType type, Type javaType) {
        IdlType resolved = type.resolve();
        Class<?> raw = javaType instanceof ParameterizedType p
                ? (Class<?>) p.getRawType()
                : javaType instanceof Class<?> c ? c : Object.class;
        Type inner = javaType instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class;
        return switch (resolved) {
            case IdlType.Opt opt when raw == java.util.Optional.class -> IdlType.opt(narrowed(opt.inner(), inner));
            case IdlType.Vec vec when raw == List.class -> IdlType.vec(narrowed(vec.element(), inner));
            case IdlType.Record record
            when raw.isRecord() -> {
                List<IdlType.Field> fields = new java.util.ArrayList<>();
                for (RecordComponent component : raw.getRecordComponents()) {
                    CandidName name = component.getAnnotation(CandidName.class);
                    String label = name != null ? name.value() : component.getName();
                    record.fields().stream()
                            .filter(field -> field.label().text().equals(label))
                            .findFirst()
                            .ifPresent(field -> fields.add(new IdlType.Field(
                                    field.label(), narrowed(field.type(), component.getGenericType()))));
                }
                yield new IdlType.Record(fields);
            }
            default -> type;
        };
    }

    private static Type listOf(Class<?> element) {
        return new ParameterizedType() {
            @Override
            public Type[] getActualTypeArguments() {
                return new Type[] {element};
            }

            @Override
            public Type getRawType() {
                return List.class;
            }

            @Override
            public Type getOwnerType() {
                return null;
            }
        };
    }
}
