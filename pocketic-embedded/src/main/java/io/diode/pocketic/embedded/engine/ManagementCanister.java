package io.diode.pocketic.embedded.engine;

import io.diode.pocketic.embedded.api.CallResult;
import io.diode.pocketic.embedded.api.HttpOutcallRequest;
import io.diode.pocketic.embedded.api.HttpOutcallResponse;
import io.diode.pocketic.embedded.api.RejectCode;
import io.diode.pocketic.embedded.management.InvalidManagementArgumentException;
import io.diode.pocketic.embedded.management.LogVisibility;
import io.diode.pocketic.embedded.management.ManagementArgumentDecoder;
import io.diode.pocketic.embedded.management.ManagementResultEncoder;
import java.math.BigInteger;
import java.util.List;
import java.util.SplittableRandom;
import org.ic4j.types.Principal;

/**
 * The management canister {@code aaaaa-aa}: dispatches each method to the class that implements it, as the replica's
 * execution environment does ({@link CanisterLifecycle}, {@link CodeInstallation}, {@link ChunkStoreMethods},
 * {@link CanisterSnapshotMethods}, {@link HttpOutcalls}), answers {@code raw_rand} and {@code fetch_canister_logs}, and
 * delivers the answers.
 */
final class ManagementCanister {

    private final Subnet subnet;
    private final CanisterLifecycle lifecycle;
    private final CodeInstallation installation;
    private final ChunkStoreMethods chunkStore;
    private final HttpOutcalls httpOutcalls;
    private final CanisterSnapshotMethods snapshots;
    private final SplittableRandom randomness = new SplittableRandom(0x1C_0000_0001L);

    ManagementCanister(Subnet subnet) {
        this.subnet = subnet;
        this.lifecycle = new CanisterLifecycle(subnet);
        this.installation = new CodeInstallation(subnet, lifecycle);
        this.chunkStore = new ChunkStoreMethods(subnet);
        this.httpOutcalls = new HttpOutcalls(subnet);
        this.snapshots = new CanisterSnapshotMethods(subnet, installation, lifecycle);
    }

    /** Methods only canisters may call: a user's ingress message to them is refused. */
    static boolean isCanisterOnly(String method) {
        return switch (method) {
            case "create_canister",
                    "raw_rand",
                    "http_request",
                    "deposit_cycles",
                    "canister_info",
                    "sign_with_ecdsa",
                    "ecdsa_public_key",
                    "sign_with_schnorr",
                    "schnorr_public_key" -> true;
            default -> false;
        };
    }

    /** The canister an ingress message to the management canister is about, when its argument names one. */
    static Principal targetCanister(String method, byte[] argument) {
        try {
            return switch (method) {
                case "install_code" ->
                    ManagementArgumentDecoder.installCode(argument).canisterId();
                case "install_chunked_code" ->
                    ManagementArgumentDecoder.installChunkedCode(argument).targetCanister();
                case "update_settings" ->
                    ManagementArgumentDecoder.updateSettings(argument).canisterId();
                case "upload_chunk" ->
                    ManagementArgumentDecoder.uploadChunk(argument).canisterId();
                case "uninstall_code" ->
                    ManagementArgumentDecoder.uninstallCode(argument).canisterId();
                case "provisional_top_up_canister" ->
                    ManagementArgumentDecoder.provisionalTopUpCanister(argument).canisterId();
                case "canister_status",
                        "start_canister",
                        "stop_canister",
                        "delete_canister",
                        "stored_chunks",
                        "clear_chunk_store",
                        "fetch_canister_logs" ->
                    ManagementArgumentDecoder.canisterId(method, argument).canisterId();
                default ->
                    CanisterSnapshotMethods.handles(method)
                            ? CanisterSnapshotMethods.targetCanister(method, argument)
                            : null;
            };
        } catch (InvalidManagementArgumentException invalid) {
            return null;
        }
    }

    void execute(Message.Request request) {
        CallResult result;
        BigInteger refund = request.cycles();
        try {
            switch (request.method()) {
                case "provisional_create_canister_with_cycles" -> result = lifecycle.provisionalCreate(request);
                case "create_canister" -> {
                    result = lifecycle.create(request);
                    refund = result instanceof CallResult.Reply ? BigInteger.ZERO : request.cycles();
                }
                case "provisional_top_up_canister" -> result = lifecycle.topUp(request);
                case "deposit_cycles" -> {
                    result = lifecycle.deposit(request);
                    refund = result instanceof CallResult.Reply ? BigInteger.ZERO : request.cycles();
                }
                case "install_code" -> result = installation.installCode(request);
                case "install_chunked_code" -> result = installation.installChunkedCode(request);
                case "uninstall_code" -> result = installation.uninstallCode(request);
                case "upload_chunk" -> result = chunkStore.uploadChunk(request);
                case "stored_chunks" -> result = chunkStore.storedChunks(request);
                case "clear_chunk_store" -> result = chunkStore.clearChunkStore(request);
                case "canister_status" -> result = lifecycle.canisterStatus(request);
                case "update_settings" -> result = lifecycle.updateSettings(request);
                case "start_canister" -> result = lifecycle.start(request);
                case "stop_canister" -> {
                    result = lifecycle.stop(request);
                    if (result == null) {
                        return; // answered when the canister has stopped
                    }
                }
                case "delete_canister" -> result = lifecycle.delete(request);
                case "take_canister_snapshot",
                        "load_canister_snapshot",
                        "list_canister_snapshots",
                        "delete_canister_snapshot" -> result = snapshots.execute(request);
                case "canister_info" -> result = lifecycle.canisterInfo(request);
                case "fetch_canister_logs" ->
                    result = new CallResult.Reject(
                            RejectCode.CANISTER_REJECT,
                            "fetch_canister_logs API is only accessible in non-replicated mode",
                            "IC0406");
                case "raw_rand" -> result = rawRand(request);
                case "http_request" -> {
                    result = httpOutcalls.httpRequest(request);
                    if (result == null) {
                        return; // answered when a test mocks the response
                    }
                    refund = request.cycles();
                }
                default -> result = IcRejects.unknownManagementMethod(request.method());
            }
        } catch (InvalidManagementArgumentException invalid) {
            result = IcRejects.invalidManagementPayload(invalid.getMessage());
        }
        if (request.method().equals("raw_rand") && result instanceof CallResult.Reply) {
            // the replica answers raw_rand from the next round's random tape: a round later, not in this one
            subnet.deliverNextRound(request.origin(), result, refund);
            return;
        }
        // the management canister's rejects reach a calling canister without the error code in front (Motoko's
        // try-finally-trap-stop: a child's failed upgrade is seen as "Error from Canister …")
        subnet.deliverFromCanisterCode(request.origin(), result, refund);
    }

    // ---- logs -----------------------------------------------------------------------------------

    /**
     * {@code fetch_canister_logs}, a query only users make: the canister's log if its {@code log_visibility} lets
     * {@code sender} read it (controllers always may).
     */
    CallResult fetchCanisterLogs(Principal sender, byte[] argument) {
        Principal id;
        try {
            id = ManagementArgumentDecoder.canisterId("fetch_canister_logs", argument)
                    .canisterId();
        } catch (InvalidManagementArgumentException invalid) {
            return IcRejects.invalidManagementPayload(invalid.getMessage());
        }
        Canister canister = subnet.canister(id);
        if (canister == null) {
            return IcRejects.canisterNotFound(id);
        }
        boolean allowed = canister.isController(sender)
                || switch (canister.settings().logVisibility()) {
                    case LogVisibility.Public everyone -> true;
                    case LogVisibility.Controllers controllers -> false;
                    case LogVisibility.AllowedViewers viewers ->
                        viewers.viewers().contains(sender);
                };
        if (!allowed) {
            return new CallResult.Reject(
                    RejectCode.CANISTER_REJECT,
                    "Caller " + sender + " is not allowed to query ic00 method fetch_canister_logs",
                    "IC0406");
        }
        return new CallResult.Reply(
                ManagementResultEncoder.canisterLogs(canister.log().records()));
    }

    // ---- randomness and HTTP outcalls ------------------------------------------------------------

    private CallResult rawRand(Message.Request request) {
        ManagementArgumentDecoder.rawRand(request.argument());
        byte[] bytes = new byte[32];
        for (int i = 0; i < bytes.length; i += 8) {
            long value = randomness.nextLong();
            for (int j = 0; j < 8; j++) {
                bytes[i + j] = (byte) (value >>> (8 * j));
            }
        }
        return new CallResult.Reply(ManagementResultEncoder.rawRand(bytes));
    }

    // ---- what the rest of the subnet asks of the management canister -------------------------------

    /** Removes code and memory; calls awaiting this canister's callbacks get a reject, as on the IC. */
    void uninstall(Canister canister) {
        installation.uninstall(canister);
    }

    /** A stopping canister stops once no call context is open; the stop_canister calls then get their reply. */
    void completeStopIfIdle(Canister canister) {
        lifecycle.completeStopIfIdle(canister);
    }

    List<HttpOutcallRequest> pendingHttpOutcalls() {
        return httpOutcalls.pendingHttpOutcalls();
    }

    void mockHttpOutcall(long requestId, HttpOutcallResponse response) {
        httpOutcalls.mockHttpOutcall(requestId, response);
    }
}
