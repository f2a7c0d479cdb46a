package io.diode.pocketic.embedded.engine;

import static io.diode.pocketic.embedded.engine.ControllerCheck.withControlled;

import io.diode.pocketic.embedded.api.CallResult;
import io.diode.pocketic.embedded.api.RejectCode;
import io.diode.pocketic.embedded.management.CanisterChange;
import io.diode.pocketic.embedded.management.CanisterSnapshotArgs;
import io.diode.pocketic.embedded.management.ManagementArgumentDecoder;
import io.diode.pocketic.embedded.management.ManagementResultEncoder;
import java.math.BigInteger;
import java.util.HexFormat;
import org.ic4j.types.Principal;

/**
 * The management canister's snapshot methods: {@code take_canister_snapshot}, {@code load_canister_snapshot},
 * {@code list_canister_snapshots}, {@code delete_canister_snapshot}, with the replica's rules (controllers only, at
 * most {@value #MAX_SNAPSHOTS_PER_CANISTER} snapshots a canister, snapshots count towards the canister's memory, each
 * take and load is charged {@value #BASELINE_INSTRUCTIONS} instructions plus one per byte) and reject codes and texts
 * ({@code rs/execution_environment/src/canister_manager/types.rs}). As on the IC, the canister need not be stopped;
 * stopping it first is the caller's business (callbacks of calls in flight would otherwise meet another state).
 */
final class CanisterSnapshotMethods {

    /** The replica's {@code MAX_NUMBER_OF_SNAPSHOTS_PER_CANISTER}. */
    static final int MAX_SNAPSHOTS_PER_CANISTER = 10;
    /** The replica's {@code DEFAULT_CANISTERS_SNAPSHOT_BASELINE_INSTRUCTIONS} (application subnets). */
    static final long BASELINE_INSTRUCTIONS = 2_000_000_000L;

    private final Subnet subnet;
    private final CodeInstallation installation;
    private final CanisterLifecycle lifecycle;

    CanisterSnapshotMethods(Subnet subnet, CodeInstallation installation, CanisterLifecycle lifecycle) {
        this.subnet = subnet;
        this.installation = installation;
        this.lifecycle = lifecycle;
    }

    static boolean handles(String method) {
        return switch (method) {
            case "take_canister_snapshot",
                    "load_canister_snapshot",
                    "list_canister_snapshots",
                    "delete_canister_snapshot" -> true;
            default -> false;
        };
    }

    /** The canister the method's argument names (the ingress message's effective canister id must match it). */
    static Principal targetCanister(String method, byte[] argument) {
        return decode(method, argument).canisterId();
    }

    private static CanisterSnapshotArgs decode(String method, byte[] argument) {
        return switch (method) {
            case "take_canister_snapshot" -> ManagementArgumentDecoder.takeCanisterSnapshot(argument);
            case "load_canister_snapshot" -> ManagementArgumentDecoder.loadCanisterSnapshot(argument);
            case "list_canister_snapshots" -> ManagementArgumentDecoder.listCanisterSnapshots(argument);
            case "delete_canister_snapshot" -> ManagementArgumentDecoder.deleteCanisterSnapshot(argument);
            default -> throw new IllegalArgumentException("not a snapshot method: " + method);
        };
    }

    CallResult execute(Message.Request request) {
        CanisterSnapshotArgs args = decode(request.method(), request.argument());
        return withControlled(
                subnet, args.canisterId(), request, request.method(), canister -> switch (request.method()) {
                    case "take_canister_snapshot" -> take(canister, args, request);
                    case "load_canister_snapshot" -> load(canister, args, request);
                    case "list_canister_snapshots" ->
                        new CallResult.Reply(ManagementResultEncoder.snapshots(canister.snapshots().stream()
                                .map(CanisterSnapshot::info)
                                .toList()));
                    default -> delete(canister, args);
                });
    }

    private CallResult take(Canister canister, CanisterSnapshotArgs args, Message.Request request) {
        CanisterSnapshot replaced = null;
        if (args.snapshotId() != null) {
            replaced = find(canister, args.snapshotId());
            if (replaced == null) {
                return missing(canister, args.snapshotId());
            }
        } else if (canister.snapshots().size() >= MAX_SNAPSHOTS_PER_CANISTER) {
            return new CallResult.Reject(
                    RejectCode.CANISTER_REJECT,
                    "Canister " + canister.id + " has reached the maximum number of snapshots allowed: "
                            + MAX_SNAPSHOTS_PER_CANISTER + ".",
                    "IC0406");
        }
        if (canister.isEmpty()) {
            return new CallResult.Reject(
                    RejectCode.CANISTER_REJECT,
                    "Failed to create snapshot for empty canister " + canister.id + ":",
                    "IC0406");
        }
        long size = canister.snapshotSizeNow();
        long replacedSize = replaced == null ? 0 : replaced.totalSize();
        long newUsage = canister.memoryBytes() + size - replacedSize;
        BigInteger threshold =
                subnet.fees().freezingThreshold(newUsage, canister.settings().freezingThreshold());
        BigInteger cost = cost(size);
        if (canister.cycles().compareTo(threshold.add(cost)) < 0) {
            return new CallResult.Reject(
                    RejectCode.CANISTER_ERROR,
                    "Canister cannot grow memory by "
                            + Math.max(0, size - replacedSize) + " bytes due to insufficient cycles. At least "
                            + threshold.add(cost).subtract(canister.cycles()) + " additional cycles are required.",
                    "IC0532");
        }
        canister.withdrawCycles(cost);
        CanisterSnapshot snapshot = CanisterSnapshot.of(
                canister, CanisterSnapshot.id(canister.id, canister.nextSnapshotNumber()), subnet.timeNanos());
        if (replaced != null) {
            canister.deleteSnapshot(replaced);
        }
        canister.addSnapshot(snapshot);
        if (Boolean.TRUE.equals(args.uninstallCode())) {
            installation.uninstall(canister);
            lifecycle.recordChange(canister, request, args.senderCanisterVersion(), new CanisterChange.CodeUninstall());
        }
        return new CallResult.Reply(ManagementResultEncoder.snapshot(snapshot.info()));
    }

    private CallResult load(Canister canister, CanisterSnapshotArgs args, Message.Request request) {
        Principal ownerId = CanisterSnapshot.owner(args.snapshotId());
        Canister owner = ownerId == null ? null : subnet.canister(ownerId);
        CanisterSnapshot snapshot = owner == null ? null : find(owner, args.snapshotId());
        if (snapshot == null) {
            return notFound(canister.id, args.snapshotId());
        }
        if (owner != canister && !owner.isController(request.sender())) {
            return new CallResult.Reject(
                    RejectCode.CANISTER_REJECT,
                    "Only a controller of the canister that snapshot "
                            + hex(args.snapshotId()) + " belongs to can load it on canister " + canister.id
                            + ". Sender: "
                            + request.sender() + ".",
                    "IC0406");
        }
        BigInteger cost = cost(snapshot.totalSize());
        BigInteger missing = subnet.missingCycles(canister, cost);
        if (missing.signum() > 0) {
            return new CallResult.Reject(
                    RejectCode.SYS_TRANSIENT,
                    "Canister snapshotting failed with: `Canister "
                            + canister.id + " is out of cycles: please top up the canister with at least " + missing
                            + " additional cycles`",
                    "IC0207");
        }
        ExecutionState.Saved saved = snapshot.execution();
        if (saved.sandbox() == canister.sandbox() && saved.code() == canister.code()) {
            canister.execution().restore(saved); // the same instance: the WASM layer restores only what changed
        } else {
            ExecutionState loaded;
            try {
                loaded = ExecutionState.instantiate(subnet, canister, saved.code(), new StableMemory(), new byte[0]);
            } catch (CanisterTrap | InvalidCanisterCodeException failure) {
                return IcRejects.invalidWasm(canister.id, failure.getMessage());
            }
            loaded.restore(saved);
            canister.replaceExecution(loaded).close();
        }
        canister.chunkStore().replaceWith(snapshot.chunkStore());
        canister.withdrawCycles(cost);
        canister.bumpVersion();
        lifecycle.recordChange(
                canister,
                request,
                args.senderCanisterVersion(),
                new CanisterChange.LoadSnapshot(snapshot.canisterVersion(), snapshot.id(), snapshot.takenAtNanos()));
        return new CallResult.Reply(ManagementResultEncoder.empty());
    }

    private CallResult delete(Canister canister, CanisterSnapshotArgs args) {
        CanisterSnapshot snapshot = find(canister, args.snapshotId());
        if (snapshot == null) {
            return missing(canister, args.snapshotId());
        }
        canister.deleteSnapshot(snapshot);
        return new CallResult.Reply(ManagementResultEncoder.empty());
    }

    private BigInteger cost(long snapshotBytes) {
        return subnet.fees().managementExecution(BASELINE_INSTRUCTIONS + snapshotBytes);
    }

    private static CanisterSnapshot find(Canister canister, byte[] snapshotId) {
        return canister.snapshots().stream()
                .filter(snapshot -> snapshot.hasId(snapshotId))
                .findFirst()
                .orElse(null);
    }

    /** A snapshot id {@code canister} does not have: another canister's (IC0406), or none at all (IC0305). */
    private CallResult.Reject missing(Canister canister, byte[] snapshotId) {
        Principal ownerId = CanisterSnapshot.owner(snapshotId);
        Canister owner = ownerId == null ? null : subnet.canister(ownerId);
        if (owner != null && owner != canister && find(owner, snapshotId) != null) {
            return new CallResult.Reject(
                    RejectCode.CANISTER_REJECT,
                    "The snapshot " + hex(snapshotId) + " does not belong to canister " + canister.id + ".",
                    "IC0406");
        }
        return notFound(canister.id, snapshotId);
    }

    private static CallResult.Reject notFound(Principal canister, byte[] snapshotId) {
        return new CallResult.Reject(
                RejectCode.DESTINATION_INVALID,
                "Could not find the snapshot ID " + hex(snapshotId) + " for canister " + canister + ".",
                "IC0305");
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
