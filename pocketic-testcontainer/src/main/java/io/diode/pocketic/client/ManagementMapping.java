package io.diode.pocketic.client;

import io.diode.candid.CandidException;
import io.diode.ic.IcTime;
import io.diode.ic.management.CanisterIdRecord;
import io.diode.ic.management.CanisterInstallMode;
import io.diode.ic.management.CanisterStatusResult;
import io.diode.ic.management.ChunkHash;
import io.diode.ic.management.DeleteCanisterSnapshotArgs;
import io.diode.ic.management.InstallChunkedCodeArgs;
import io.diode.ic.management.InstallCodeArgs;
import io.diode.ic.management.LoadCanisterSnapshotArgs;
import io.diode.ic.management.ManagementMethod;
import io.diode.ic.management.ProvisionalCreateCanisterArgs;
import io.diode.ic.management.Snapshot;
import io.diode.ic.management.TakeCanisterSnapshotArgs;
import io.diode.ic.management.UpdateSettingsArgs;
import io.diode.ic.management.UploadChunkArgs;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.ic4j.types.Principal;

/**
 * The client's types (ic4j principals, {@link CanisterSettings}, {@link UpgradeOptions}, …) to and from the shared
 * management-canister records of {@code io.diode.ic.management}, which {@link ManagementMethod} writes and reads as
 * Candid: the client has no Candid code of its own for {@code aaaaa-aa}.
 */
final class ManagementMapping {

    /** How {@code install_code} treats the canister's existing state. */
    enum InstallMode {
        INSTALL,
        REINSTALL,
        UPGRADE
    }

    private ManagementMapping() {}

    static byte[] createCanisterWithCycles(
            CanisterSettings settings, Optional<BigInteger> cycles, Optional<Principal> specifiedId) {
        return ManagementMethod.PROVISIONAL_CREATE_CANISTER_WITH_CYCLES.encodeArgument(
                new ProvisionalCreateCanisterArgs(
                        cycles,
                        Optional.of(settings(settings)),
                        specifiedId.map(ManagementMapping::candid),
                        Optional.empty()));
    }

    static Principal decodeCreateCanister(byte[] reply) {
        return ic4j(decode(
                        () -> ManagementMethod.PROVISIONAL_CREATE_CANISTER_WITH_CYCLES.decodeResult(reply),
                        "create_canister")
                .canisterId());
    }

    static byte[] updateSettings(Principal canisterId, CanisterSettings settings) {
        return ManagementMethod.UPDATE_SETTINGS.encodeArgument(
                new UpdateSettingsArgs(candid(canisterId), settings(settings), Optional.empty()));
    }

    /** {@code record { canister_id }}: the argument of canister_status, start/stop/delete, clear_chunk_store, … */
    static byte[] canisterIdOnly(Principal canisterId) {
        return ManagementMethod.CANISTER_STATUS.encodeArgument(new CanisterIdRecord(candid(canisterId)));
    }

    static byte[] installCode(Principal canisterId, InstallMode mode, UpgradeOptions upgrade, byte[] wasm, byte[] arg) {
        return ManagementMethod.INSTALL_CODE.encodeArgument(
                new InstallCodeArgs(installMode(mode, upgrade), candid(canisterId), wasm, arg, Optional.empty()));
    }

    static byte[] uploadChunk(Principal canisterId, byte[] chunk) {
        return ManagementMethod.UPLOAD_CHUNK.encodeArgument(new UploadChunkArgs(candid(canisterId), chunk));
    }

    static byte[] decodeChunkHash(byte[] reply) {
        return decode(() -> ManagementMethod.UPLOAD_CHUNK.decodeResult(reply), "upload_chunk")
                .hash();
    }

    static byte[] installChunkedCode(
            Principal canisterId,
            InstallMode mode,
            UpgradeOptions upgrade,
            List<byte[]> chunkHashes,
            byte[] wasmModuleHash,
            byte[] arg) {
        return ManagementMethod.INSTALL_CHUNKED_CODE.encodeArgument(new InstallChunkedCodeArgs(
                installMode(mode, upgrade),
                candid(canisterId),
                Optional.empty(),
                chunkHashes.stream().map(ChunkHash::new).toList(),
                wasmModuleHash,
                arg,
                Optional.empty()));
    }

    static byte[] takeCanisterSnapshot(Principal canisterId, Optional<byte[]> replaceSnapshot) {
        return ManagementMethod.TAKE_CANISTER_SNAPSHOT.encodeArgument(
                new TakeCanisterSnapshotArgs(candid(canisterId), replaceSnapshot, Optional.empty(), Optional.empty()));
    }

    static byte[] loadCanisterSnapshot(Principal canisterId, byte[] snapshotId) {
        return ManagementMethod.LOAD_CANISTER_SNAPSHOT.encodeArgument(
                new LoadCanisterSnapshotArgs(candid(canisterId), snapshotId, Optional.empty()));
    }

    static byte[] deleteCanisterSnapshot(Principal canisterId, byte[] snapshotId) {
        return ManagementMethod.DELETE_CANISTER_SNAPSHOT.encodeArgument(
                new DeleteCanisterSnapshotArgs(candid(canisterId), snapshotId));
    }

    static CanisterSnapshot decodeSnapshot(byte[] reply) {
        return snapshot(
                decode(() -> ManagementMethod.TAKE_CANISTER_SNAPSHOT.decodeResult(reply), "take_canister_snapshot"));
    }

    static List<CanisterSnapshot> decodeSnapshots(byte[] reply) {
        return decode(() -> ManagementMethod.LIST_CANISTER_SNAPSHOTS.decodeResult(reply), "list_canister_snapshots")
                .stream()
                .map(ManagementMapping::snapshot)
                .toList();
    }

    static List<CanisterLogRecord> decodeCanisterLogs(byte[] reply) {
        return decode(() -> ManagementMethod.FETCH_CANISTER_LOGS.decodeResult(reply), "fetch_canister_logs")
                .canisterLogRecords()
                .stream()
                .map(record -> new CanisterLogRecord(
                        record.idx(), IcTime.fromNanos(record.timestampNanos()), record.content()))
                .toList();
    }

    static CanisterStatus decodeCanisterStatus(byte[] reply) {
        CanisterStatusResult status =
                decode(() -> ManagementMethod.CANISTER_STATUS.decodeResult(reply), "canister_status");
        return new CanisterStatus(
                switch (status.status()) {
                    case RUNNING -> CanisterStatus.RunningState.RUNNING;
                    case STOPPING -> CanisterStatus.RunningState.STOPPING;
                    case STOPPED -> CanisterStatus.RunningState.STOPPED;
                },
                status.settings().controllers().stream()
                        .map(ManagementMapping::ic4j)
                        .toList(),
                status.settings().freezingThreshold(),
                status.moduleHash(),
                status.memorySize(),
                status.cycles(),
                status.idleCyclesBurnedPerDay());
    }

    private static CanisterSnapshot snapshot(Snapshot snapshot) {
        return new CanisterSnapshot(snapshot.id(), IcTime.fromNanos(snapshot.takenAtTimestamp()), snapshot.totalSize());
    }

    private static io.diode.ic.management.CanisterSettings settings(CanisterSettings settings) {
        return new io.diode.ic.management.CanisterSettings(
                settings.controllers()
                        .map(list ->
                                list.stream().map(ManagementMapping::candid).toList()),
                settings.computeAllocation(),
                settings.memoryAllocation(),
                settings.freezingThreshold(),
                settings.reservedCyclesLimit(),
                settings.logVisibility().map(ManagementMapping::logVisibility),
                settings.wasmMemoryLimit(),
                Optional.empty(),
                Optional.empty());
    }

    private static io.diode.ic.management.LogVisibility logVisibility(LogVisibility visibility) {
        return switch (visibility) {
            case LogVisibility.Controllers controllers -> new io.diode.ic.management.LogVisibility.Controllers();
            case LogVisibility.Public everyone -> new io.diode.ic.management.LogVisibility.Public();
            case LogVisibility.AllowedViewers allowed ->
                new io.diode.ic.management.LogVisibility.AllowedViewers(allowed.viewers().stream()
                        .map(ManagementMapping::candid)
                        .toList());
        };
    }

    private static CanisterInstallMode installMode(InstallMode mode, UpgradeOptions upgrade) {
        return switch (mode) {
            case INSTALL -> CanisterInstallMode.INSTALL;
            case REINSTALL -> CanisterInstallMode.REINSTALL;
            case UPGRADE ->
                new CanisterInstallMode.Upgrade(Optional.of(new CanisterInstallMode.UpgradeFlags(
                        upgrade.skipPreUpgrade(),
                        upgrade.wasmMemoryPersistence()
                                .map(persistence -> persistence == UpgradeOptions.WasmMemoryPersistence.KEEP
                                        ? CanisterInstallMode.WasmMemoryPersistence.KEEP
                                        : CanisterInstallMode.WasmMemoryPersistence.REPLACE))));
        };
    }

    private static io.diode.candid.Principal candid(Principal principal) {
        return Principals.toCandid(principal);
    }

    private static Principal ic4j(io.diode.candid.Principal principal) {
        return Principals.toIc4j(principal);
    }

    private static <T> T decode(Supplier<T> decoding, String method) {
        try {
            return decoding.get();
        } catch (CandidException malformed) {
            throw new PocketIcException(
                    "malformed " + method + " reply from the management canister: " + malformed.getMessage(),
                    malformed);
        }
    }
}
