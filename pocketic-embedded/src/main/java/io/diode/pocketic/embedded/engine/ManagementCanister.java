package io.diode.pocketic.embedded.engine;

import io.diode.pocketic.embedded.api.CallResult;
import io.diode.pocketic.embedded.api.HttpOutcallRequest;
import io.diode.pocketic.embedded.api.HttpOutcallResponse;
import io.diode.pocketic.embedded.api.IcInstance;
import io.diode.pocketic.embedded.api.RejectCode;
import io.diode.pocketic.embedded.management.CanisterChange;
import io.diode.pocketic.embedded.management.CanisterInfoArgs;
import io.diode.pocketic.embedded.management.CanisterInstallMode;
import io.diode.pocketic.embedded.management.CanisterSettings;
import io.diode.pocketic.embedded.management.CanisterStatus;
import io.diode.pocketic.embedded.management.CanisterStatusResult;
import io.diode.pocketic.embedded.management.CreateCanisterArgs;
import io.diode.pocketic.embedded.management.EnvironmentVariable;
import io.diode.pocketic.embedded.management.HttpRequestArgs;
import io.diode.pocketic.embedded.management.HttpRequestResult;
import io.diode.pocketic.embedded.management.InstallChunkedCodeArgs;
import io.diode.pocketic.embedded.management.InstallCodeArgs;
import io.diode.pocketic.embedded.management.InvalidManagementArgumentException;
import io.diode.pocketic.embedded.management.LogVisibility;
import io.diode.pocketic.embedded.management.ManagementArgumentDecoder;
import io.diode.pocketic.embedded.management.ManagementResultEncoder;
import io.diode.pocketic.embedded.management.MemoryMetrics;
import io.diode.pocketic.embedded.management.ProvisionalCreateCanisterArgs;
import io.diode.pocketic.embedded.management.ProvisionalTopUpCanisterArgs;
import io.diode.pocketic.embedded.management.QueryStats;
import io.diode.pocketic.embedded.management.UninstallCodeArgs;
import io.diode.pocketic.embedded.management.UpdateSettingsArgs;
import io.diode.pocketic.embedded.management.UploadChunkArgs;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.ic4j.types.Principal;

/**
 * The management canister {@code aaaaa-aa}: canister lifecycle, code installation, settings, cycles, chunk
 * store, randomness and HTTP outcalls, with the IC's controller checks.
 */
final class ManagementCanister {

    /** Cycles a provisional canister gets when the call names no amount (the replica's default). */
    static final BigInteger DEFAULT_PROVISIONAL_CYCLES = new BigInteger("100000000000000");
    static final int MAX_CHUNK_BYTES = 1024 * 1024;
    static final int MAX_CHUNKS = 100;
    static final int MAX_CONTROLLERS = 10;
    static final long MAX_HTTP_RESPONSE_BYTES = 2_000_000L;

    private final Subnet subnet;
    private final CanisterSnapshotMethods snapshots;
    private final Map<Long, PendingOutcall> pendingOutcalls = new LinkedHashMap<>();
    private long nextOutcallId;
    private final SplittableRandom randomness = new SplittableRandom(0x1C_0000_0001L);

    private record PendingOutcall(HttpOutcallRequest request, HttpRequestArgs args, CallOrigin origin,
                                  BigInteger refund) {
    }

    ManagementCanister(Subnet subnet) {
        this.subnet = subnet;
        this.snapshots = new CanisterSnapshotMethods(subnet, this);
    }

    /** Methods only canisters may call: a user's ingress message to them is refused. */
    static boolean isCanisterOnly(String method) {
        return switch (method) {
            case "create_canister", "raw_rand", "http_request", "deposit_cycles", "canister_info", "sign_with_ecdsa",
                 "ecdsa_public_key", "sign_with_schnorr", "schnorr_public_key" -> true;
            default -> false;
        };
    }

    /** The canister an ingress message to the management canister is about, when its argument names one. */
    static Principal targetCanister(String method, byte[] argument) {
        try {
            return switch (method) {
                case "install_code" -> ManagementArgumentDecoder.installCode(argument).canisterId();
                case "install_chunked_code" -> ManagementArgumentDecoder.installChunkedCode(argument)
                        .targetCanister();
                case "update_settings" -> ManagementArgumentDecoder.updateSettings(argument).canisterId();
                case "upload_chunk" -> ManagementArgumentDecoder.uploadChunk(argument).canisterId();
                case "uninstall_code" -> ManagementArgumentDecoder.uninstallCode(argument).canisterId();
                case "provisional_top_up_canister" -> ManagementArgumentDecoder.provisionalTopUpCanister(argument)
                        .canisterId();
                case "canister_status", "start_canister", "stop_canister", "delete_canister", "stored_chunks",
                     "clear_chunk_store", "fetch_canister_logs" -> ManagementArgumentDecoder.canisterId(method, argument)
                        .canisterId();
                default -> CanisterSnapshotMethods.handles(method)
                        ? CanisterSnapshotMethods.targetCanister(method, argument) : null;
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
                case "provisional_create_canister_with_cycles" -> result = provisionalCreate(request);
                case "create_canister" -> {
                    result = create(request);
                    refund = result instanceof CallResult.Reply ? BigInteger.ZERO : request.cycles();
                }
                case "provisional_top_up_canister" -> result = topUp(request);
                case "deposit_cycles" -> {
                    result = deposit(request);
                    refund = result instanceof CallResult.Reply ? BigInteger.ZERO : request.cycles();
                }
                case "install_code" -> result = installCode(request);
                case "install_chunked_code" -> result = installChunkedCode(request);
                case "uninstall_code" -> result = uninstallCode(request);
                case "upload_chunk" -> result = uploadChunk(request);
                case "stored_chunks" -> result = storedChunks(request);
                case "clear_chunk_store" -> result = clearChunkStore(request);
                case "canister_status" -> result = canisterStatus(request);
                case "update_settings" -> result = updateSettings(request);
                case "start_canister" -> result = start(request);
                case "stop_canister" -> {
                    result = stop(request);
                    if (result == null) {
                        return; // answered when the canister has stopped
                    }
                }
                case "delete_canister" -> result = delete(request);
                case "take_canister_snapshot", "load_canister_snapshot", "list_canister_snapshots",
                     "delete_canister_snapshot" -> result = snapshots.execute(request);
                case "canister_info" -> result = canisterInfo(request);
                case "fetch_canister_logs" -> result = new CallResult.Reject(RejectCode.CANISTER_REJECT,
                        "fetch_canister_logs API is only accessible in non-replicated mode", "IC0406");
                case "raw_rand" -> result = rawRand(request);
                case "http_request" -> {
                    result = httpRequest(request);
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

    // ---- creation and cycles --------------------------------------------------------------------

    private CallResult provisionalCreate(Message.Request request) {
        ProvisionalCreateCanisterArgs args = ManagementArgumentDecoder.provisionalCreateCanisterWithCycles(
                request.argument());
        Principal id;
        if (args.specifiedId() != null) {
            id = args.specifiedId();
            CallResult.Reject elsewhere = subnet.specifiedIdRejection(id);
            if (elsewhere != null) {
                return elsewhere;
            }
            if (subnet.canister(id) != null) {
                return new CallResult.Reject(RejectCode.CANISTER_ERROR, "Canister " + id
                        + " is already installed.", "IC0205");
            }
        } else {
            id = subnet.idAllocator().allocate();
        }
        BigInteger cycles = args.amount() != null ? args.amount() : DEFAULT_PROVISIONAL_CYCLES;
        CallResult.Reject invalid = validateSettings(args.settings());
        if (invalid != null) {
            return invalid;
        }
        Canister canister = subnet.createCanister(id, List.of(request.sender()), cycles);
        canister.settings = canister.settings.with(args.settings());
        recordCreation(canister, request, args.senderCanisterVersion());
        return new CallResult.Reply(ManagementResultEncoder.createCanister(id));
    }

    private CallResult create(Message.Request request) {
        CreateCanisterArgs args = ManagementArgumentDecoder.createCanister(request.argument());
        BigInteger fee = subnet.fees().canisterCreation();
        if (request.cycles().compareTo(fee) < 0) {
            return IcRejects.insufficientCyclesForCreate(request.cycles(), fee);
        }
        CallResult.Reject invalid = validateSettings(args.settings());
        if (invalid != null) {
            return invalid;
        }
        Principal id = subnet.idAllocator().allocate();
        Canister canister = subnet.createCanister(id, List.of(request.sender()), request.cycles().subtract(fee));
        canister.settings = canister.settings.with(args.settings());
        recordCreation(canister, request, args.senderCanisterVersion());
        return new CallResult.Reply(ManagementResultEncoder.createCanister(id));
    }

    private static CallResult.Reject validateSettings(CanisterSettings settings) {
        if (settings.controllers() != null && settings.controllers().size() > MAX_CONTROLLERS) {
            return new CallResult.Reject(RejectCode.CANISTER_REJECT, "Invalid settings: at most " + MAX_CONTROLLERS
                    + " controllers are allowed, got " + settings.controllers().size(), "IC0406");
        }
        if (settings.computeAllocation() != null
                && settings.computeAllocation().compareTo(BigInteger.valueOf(100)) > 0) {
            return new CallResult.Reject(RejectCode.CANISTER_REJECT, "Invalid settings: compute_allocation must"
                    + " be a percentage between 0 and 100, got " + settings.computeAllocation(), "IC0406");
        }
        return null;
    }

    private CallResult topUp(Message.Request request) {
        ProvisionalTopUpCanisterArgs args = ManagementArgumentDecoder.provisionalTopUpCanister(request.argument());
        Canister canister = subnet.canister(args.canisterId());
        if (canister == null) {
            return IcRejects.canisterNotFound(args.canisterId());
        }
        canister.cycles = canister.cycles.add(args.amount());
        return new CallResult.Reply(ManagementResultEncoder.empty());
    }

    private CallResult deposit(Message.Request request) {
        Principal id = ManagementArgumentDecoder.canisterId("deposit_cycles", request.argument()).canisterId();
        Canister canister = subnet.canister(id);
        if (canister == null) {
            return IcRejects.canisterNotFound(id);
        }
        canister.cycles = canister.cycles.add(request.cycles());
        return new CallResult.Reply(ManagementResultEncoder.empty());
    }

    // ---- code -----------------------------------------------------------------------------------

    private CallResult installCode(Message.Request request) {
        InstallCodeArgs args = ManagementArgumentDecoder.installCode(request.argument());
        return recordDeployment(request, args.senderCanisterVersion(), args.mode(), args.canisterId(),
                install(request.sender(), args.mode(), args.canisterId(), args.wasmModule(), args.arg()));
    }

    private CallResult installChunkedCode(Message.Request request) {
        InstallChunkedCodeArgs args = ManagementArgumentDecoder.installChunkedCode(request.argument());
        Principal storeId = args.effectiveStoreCanister();
        Canister store = subnet.canister(storeId);
        if (store == null) {
            return IcRejects.canisterNotFound(storeId);
        }
        if (!store.isController(request.sender())) {
            return IcRejects.notController(storeId, request.sender(), "install_chunked_code");
        }
        ByteArrayOutputStream wasm = new ByteArrayOutputStream();
        for (byte[] hash : args.chunkHashes()) {
            byte[] chunk = store.chunkStore.get(store.chunkKey(hash));
            if (chunk == null) {
                return new CallResult.Reject(RejectCode.CANISTER_REJECT, "Error from Wasm chunk store: chunk "
                        + store.chunkKey(hash) + " is not in the chunk store of canister " + storeId, "IC0406");
            }
            wasm.writeBytes(chunk);
        }
        byte[] module = wasm.toByteArray();
        if (!Arrays.equals(sha256(module), args.wasmModuleHash())) {
            return new CallResult.Reject(RejectCode.CANISTER_REJECT, "Error from Wasm chunk store: the hash of"
                    + " the assembled module, " + hex(sha256(module)) + ", does not match the expected "
                    + hex(args.wasmModuleHash()), "IC0406");
        }
        return recordDeployment(request, args.senderCanisterVersion(), args.mode(), args.targetCanister(),
                install(request.sender(), args.mode(), args.targetCanister(), module, args.arg()));
    }

    CallResult install(Principal sender, CanisterInstallMode mode, Principal id, byte[] wasm, byte[] argument) {
        Canister canister = subnet.canister(id);
        if (canister == null) {
            return IcRejects.canisterNotFound(id);
        }
        if (!canister.isController(sender)) {
            return IcRejects.notController(id, sender, "install_code");
        }
        CanisterCode code;
        try {
            code = subnet.codeLoader().load(wasm);
        } catch (InvalidCanisterCodeException invalid) {
            return IcRejects.invalidWasm(id, invalid.getMessage());
        }
        // as the replica, reserve the cost of the whole install limit first (refunding what is not used)
        InstructionBudget budget = new InstructionBudget(subnet.instructionLimits().install());
        BigInteger prepayment = subnet.fees().execution(budget.limit, code.wasm64());
        if (subnet.missingCycles(canister, prepayment).signum() > 0) {
            return IcRejects.installOutOfCycles(id, prepayment, canister.cycles, subnet.freezingThreshold(canister));
        }
        return switch (mode) {
            case CanisterInstallMode.Install install -> canister.isEmpty()
                    ? installFresh(canister, code, sender, argument, budget)
                    : IcRejects.notEmpty(id);
            case CanisterInstallMode.Reinstall reinstall -> installFresh(canister, code, sender, argument, budget);
            case CanisterInstallMode.Upgrade upgrade -> canister.isEmpty()
                    ? new CallResult.Reject(RejectCode.DESTINATION_INVALID, "Error from Canister " + id
                            + ": Attempted to upgrade a canister that has no Wasm module; install it first.",
                            "IC0537")
                    : upgrade(canister, code, sender, argument, upgrade, budget);
        };
    }

    /** install and reinstall: a new instance, empty stable memory, then {@code canister_init}. */
    private CallResult installFresh(Canister canister, CanisterCode code, Principal sender, byte[] argument,
                                    InstructionBudget budget) {
        CanisterCode oldCode = canister.code;
        CanisterSandbox oldSandbox = canister.sandbox;
        SystemApi oldApi = canister.systemApi;
        StableMemory oldStable = canister.stableMemory;
        long firstNewLogRecord = canister.log.nextIndex();
        Canister.Snapshot oldState = canister.snapshot();
        try {
            canister.stableMemory = new StableMemory();
            canister.certifiedData = new byte[0];
            canister.globalTimer = 0;
            instantiate(canister, code);
            runStart(canister, budget);
            subnet.executor.executeHook(canister, EntryPoint.INIT, "canister_init", sender, argument, budget);
        } catch (CanisterTrap | InvalidCanisterCodeException failure) {
            if (canister.sandbox != null && canister.sandbox != oldSandbox) {
                canister.sandbox.close();
            }
            canister.code = oldCode;
            canister.sandbox = oldSandbox;
            canister.systemApi = oldApi;
            canister.stableMemory = oldStable;
            canister.restore(oldState);
            return failureReject(canister, failure);
        }
        // the log is purged, but what canister_init printed stays; a failed install keeps the old records too
        canister.log.purgeBefore(firstNewLogRecord);
        finishInstall(canister, oldSandbox, true, budget);
        return new CallResult.Reply(ManagementResultEncoder.empty());
    }

    /** upgrade: pre_upgrade on the old instance, the new instance (keeping main memory if asked), post_upgrade. */
    private CallResult upgrade(Canister canister, CanisterCode code, Principal sender, byte[] argument,
                               CanisterInstallMode.Upgrade options, InstructionBudget budget) {
        boolean keep = options.keepsWasmMemory();
        // an enhanced-orthogonal-persistence module must say what happens to its main memory: keep, or replace
        // (start afresh, e.g. after Motoko's graph-copy stabilization saved the state to stable memory)
        if (canister.code.usesEnhancedOrthogonalPersistence() && options.wasmMemoryPersistence() == null) {
            return new CallResult.Reject(RejectCode.CANISTER_ERROR, "Error from Canister " + canister.id
                    + ": Missing upgrade option: Enhanced orthogonal persistence requires the"
                    + " `wasm_memory_persistence` upgrade option.", "IC0504");
        }
        if (keep && !code.usesEnhancedOrthogonalPersistence()) {
            return new CallResult.Reject(RejectCode.CANISTER_ERROR, "Error from Canister " + canister.id
                    + ": Invalid upgrade option: The `wasm_memory_persistence: opt Keep` upgrade option requires"
                    + " that the new canister module supports enhanced orthogonal persistence.", "IC0504");
        }
        CanisterCode oldCode = canister.code;
        CanisterSandbox oldSandbox = canister.sandbox;
        SystemApi oldApi = canister.systemApi;
        Canister.Snapshot oldState = canister.snapshot();
        try {
            if (!options.skipsPreUpgrade()) {
                subnet.executor.executeHook(canister, EntryPoint.PRE_UPGRADE, "canister_pre_upgrade", sender,
                        new byte[0], budget);
            }
            byte[] mainMemory = null;
            if (keep) {
                mainMemory = new byte[Math.toIntExact(oldSandbox.memorySize())];
                oldSandbox.read(0, mainMemory, 0, mainMemory.length);
            }
            instantiate(canister, code);
            if (mainMemory != null) {
                canister.sandbox.growMemoryTo(mainMemory.length);
                canister.sandbox.write(0, mainMemory, 0, mainMemory.length);
            }
            runStart(canister, budget);
            canister.globalTimer = 0;
            subnet.executor.executeHook(canister, EntryPoint.POST_UPGRADE, "canister_post_upgrade", sender,
                    argument, budget);
        } catch (CanisterTrap | InvalidCanisterCodeException failure) {
            if (canister.sandbox != oldSandbox) {
                canister.sandbox.close();
            }
            canister.code = oldCode;
            canister.sandbox = oldSandbox;
            canister.systemApi = oldApi;
            canister.restore(oldState);
            return failureReject(canister, failure);
        }
        finishInstall(canister, oldSandbox, false, budget);
        return new CallResult.Reply(ManagementResultEncoder.empty());
    }

    private void instantiate(Canister canister, CanisterCode code) {
        SystemApi api = new SystemApi(subnet, canister);
        canister.code = code;
        canister.sandbox = code.instantiate(api.imports());
        canister.systemApi = api;
    }

    /** Runs the new instance's start function: after the kept memory (if any) is in place. */
    private static void runStart(Canister canister, InstructionBudget budget) {
        Execution start = Execution.of(EntryPoint.START, canister, IcInstance.MANAGEMENT_CANISTER, new byte[0], "",
                null);
        start.budget = budget;
        canister.systemApi.begin(start);
        try {
            canister.sandbox.start();
            budget.checkWithinLimit();
        } finally {
            canister.systemApi.end();
        }
    }

    private static CallResult failureReject(Canister canister, RuntimeException failure) {
        if (failure instanceof CanisterTrap trap) {
            return trap.toReject(canister.id.toString());
        }
        return IcRejects.invalidWasm(canister.id, failure.getMessage());
    }

    /**
     * @param replacesState install/reinstall: the old module's callbacks can never run, so their calls are
     *                      rejected; an upgrade keeps them, and responses run the new module's table entries, as
     *                      on the IC (which is why canisters are stopped before upgrades)
     */
    private void finishInstall(Canister canister, CanisterSandbox oldSandbox, boolean replacesState,
                               InstructionBudget budget) {
        if (oldSandbox != null && oldSandbox != canister.sandbox) {
            oldSandbox.close();
        }
        canister.version++;
        canister.cycles = canister.cycles.subtract(subnet.fees().execution(budget.usedNow(), canister.code.wasm64()))
                .max(BigInteger.ZERO);
        if (replacesState) {
            rejectOpenCalls(canister, "Canister " + canister.id + " has been reinstalled.");
        }
    }

    private CallResult uninstallCode(Message.Request request) {
        UninstallCodeArgs args = ManagementArgumentDecoder.uninstallCode(request.argument());
        Principal id = args.canisterId();
        Canister canister = subnet.canister(id);
        if (canister == null) {
            return IcRejects.canisterNotFound(id);
        }
        if (!canister.isController(request.sender())) {
            return IcRejects.notController(id, request.sender(), "uninstall_code");
        }
        uninstall(canister);
        recordChange(canister, request, args.senderCanisterVersion(), new CanisterChange.CodeUninstall());
        return new CallResult.Reply(ManagementResultEncoder.empty());
    }

    /** Removes code and memory; calls awaiting this canister's callbacks get a reject, as on the IC. */
    void uninstall(Canister canister) {
        if (canister.sandbox != null) {
            canister.sandbox.close();
        }
        canister.sandbox = null;
        canister.code = null;
        canister.systemApi = null;
        canister.stableMemory = new StableMemory();
        canister.certifiedData = new byte[0];
        canister.globalTimer = 0;
        canister.log.purge();
        canister.version++;
        rejectOpenCalls(canister, "Canister has been uninstalled.");
    }

    /** The callbacks of replaced code can never run: the calls they belong to are answered with a reject. */
    private void rejectOpenCalls(Canister canister, String message) {
        List<Callback> callbacks = new ArrayList<>(canister.callbacks.values());
        canister.callbacks.clear();
        for (Callback callback : callbacks) {
            CallContext context = callback.callContext();
            context.outstandingCallbacks = 0;
            if (!context.responded) {
                context.responded = true;
                subnet.deliver(context.origin, new CallResult.Reject(RejectCode.CANISTER_REJECT, message, "IC0537"),
                        context.cyclesAvailable);
                context.cyclesAvailable = BigInteger.ZERO;
            }
            if (!context.closed && context.origin != null) {
                context.closed = true;
                canister.openCallContexts--;
            }
        }
        completeStopIfIdle(canister);
    }

    // ---- chunk store ----------------------------------------------------------------------------

    private CallResult uploadChunk(Message.Request request) {
        UploadChunkArgs args = ManagementArgumentDecoder.uploadChunk(request.argument());
        return withControlled(args.canisterId(), request.sender(), "upload_chunk", canister -> {
            if (args.chunk().length > MAX_CHUNK_BYTES) {
                return new CallResult.Reject(RejectCode.CANISTER_REJECT, "Error from Wasm chunk store: a chunk has at"
                        + " most " + MAX_CHUNK_BYTES + " bytes, got " + args.chunk().length, "IC0406");
            }
            if (canister.chunkStore.size() >= MAX_CHUNKS) {
                return new CallResult.Reject(RejectCode.CANISTER_REJECT, "Error from Wasm chunk store: the store is"
                        + " full (" + MAX_CHUNKS + " chunks); call clear_chunk_store first", "IC0406");
            }
            byte[] hash = sha256(args.chunk());
            canister.chunkStore.put(canister.chunkKey(hash), args.chunk().clone());
            return new CallResult.Reply(ManagementResultEncoder.uploadChunk(hash));
        });
    }

    private CallResult storedChunks(Message.Request request) {
        return withControlled(ManagementArgumentDecoder.canisterId("stored_chunks", request.argument())
                .canisterId(), request.sender(), "stored_chunks", canister -> {
            List<byte[]> hashes = canister.chunkStore.values().stream().map(ManagementCanister::sha256).toList();
            return new CallResult.Reply(ManagementResultEncoder.storedChunks(hashes));
        });
    }

    private CallResult clearChunkStore(Message.Request request) {
        return withControlled(ManagementArgumentDecoder.canisterId("clear_chunk_store",
                request.argument()).canisterId(), request.sender(), "clear_chunk_store", canister -> {
            canister.chunkStore.clear();
            return new CallResult.Reply(ManagementResultEncoder.empty());
        });
    }

    // ---- status and settings --------------------------------------------------------------------

    /** The spec lets the controllers and the canister itself read its status. */
    private CallResult canisterStatus(Message.Request request) {
        Principal id = ManagementArgumentDecoder.canisterId("canister_status", request.argument()).canisterId();
        Canister self = subnet.canister(id);
        if (self != null && request.sender().equals(id)) {
            return new CallResult.Reply(ManagementResultEncoder.canisterStatus(status(self)));
        }
        return withControlled(id, request.sender(), "canister_status",
                canister -> new CallResult.Reply(ManagementResultEncoder.canisterStatus(status(canister))));
    }

    CanisterStatusResult status(Canister canister) {
        long wasmMemory = canister.sandbox == null ? 0 : canister.sandbox.memorySize();
        long chunks = canister.chunkStore.values().stream().mapToLong(chunk -> chunk.length).sum();
        MemoryMetrics metrics = new MemoryMetrics(BigInteger.valueOf(wasmMemory),
                BigInteger.valueOf(canister.stableMemory.sizeInBytes()), BigInteger.ZERO,
                BigInteger.valueOf(canister.code == null ? 0 : canister.code.size()), BigInteger.ZERO,
                BigInteger.ZERO, BigInteger.valueOf(chunks), BigInteger.valueOf(canister.snapshotsBytes()));
        return new CanisterStatusResult(canister.status, false, canister.version, canister.settings,
                canister.code == null ? null : canister.code.hash(), metrics.total(), metrics, canister.cycles,
                BigInteger.ZERO, subnet.fees().idleCyclesBurnedPerDay(canister.memoryBytes()), QueryStats.NONE);
    }

    private CallResult updateSettings(Message.Request request) {
        UpdateSettingsArgs args = ManagementArgumentDecoder.updateSettings(request.argument());
        return withControlled(args.canisterId(), request.sender(), "update_settings", canister -> {
            CallResult.Reject invalid = validateSettings(args.settings());
            if (invalid != null) {
                return invalid;
            }
            canister.settings = canister.settings.with(args.settings());
            canister.version++;
            if (args.settings().controllers() != null) {
                recordChange(canister, request, args.senderCanisterVersion(),
                        new CanisterChange.ControllersChange(args.settings().controllers()));
            }
            return new CallResult.Reply(ManagementResultEncoder.empty());
        });
    }

    // ---- logs -----------------------------------------------------------------------------------

    /**
     * {@code fetch_canister_logs}, a query only users make: the canister's log if its {@code log_visibility} lets
     * {@code sender} read it (controllers always may).
     */
    CallResult fetchCanisterLogs(Principal sender, byte[] argument) {
        Principal id;
        try {
            id = ManagementArgumentDecoder.canisterId("fetch_canister_logs", argument).canisterId();
        } catch (InvalidManagementArgumentException invalid) {
            return IcRejects.invalidManagementPayload(invalid.getMessage());
        }
        Canister canister = subnet.canister(id);
        if (canister == null) {
            return IcRejects.canisterNotFound(id);
        }
        boolean allowed = canister.isController(sender) || switch (canister.settings.logVisibility()) {
            case LogVisibility.Public everyone -> true;
            case LogVisibility.Controllers controllers -> false;
            case LogVisibility.AllowedViewers viewers -> viewers.viewers().contains(sender);
        };
        if (!allowed) {
            return new CallResult.Reject(RejectCode.CANISTER_REJECT, "Caller " + sender
                    + " is not allowed to query ic00 method fetch_canister_logs", "IC0406");
        }
        return new CallResult.Reply(ManagementResultEncoder.canisterLogs(canister.log.records()));
    }

    // ---- history --------------------------------------------------------------------------------

    /** Adds a change to the canister's history, stamped with the current time and the canister's version. */
    void recordChange(Canister canister, Message.Request request, Long senderCanisterVersion,
                      CanisterChange.Details details) {
        canister.history.add(new CanisterChange(subnet.timeNanos(), canister.version,
                CanisterHistory.origin(request, senderCanisterVersion), details));
    }

    private void recordCreation(Canister canister, Message.Request request, Long senderCanisterVersion) {
        List<EnvironmentVariable> variables = canister.settings.environmentVariables();
        recordChange(canister, request, senderCanisterVersion, new CanisterChange.Creation(
                canister.settings.controllers(), variables.isEmpty() ? null : environmentVariablesHash(variables)));
    }

    /**
     * A hash of the environment variables: SHA-256 over the sorted SHA-256(name) || SHA-256(value) pairs. Not checked
     * against the replica's bytes; it changes exactly when the variables do.
     */
    private static byte[] environmentVariablesHash(List<EnvironmentVariable> variables) {
        List<byte[]> entries = new ArrayList<>();
        for (EnvironmentVariable variable : variables) {
            ByteArrayOutputStream entry = new ByteArrayOutputStream();
            entry.writeBytes(sha256(variable.name().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            entry.writeBytes(sha256(variable.value().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            entries.add(entry.toByteArray());
        }
        entries.sort(Arrays::compareUnsigned);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        entries.forEach(all::writeBytes);
        return sha256(all.toByteArray());
    }

    private CallResult recordDeployment(Message.Request request, Long senderCanisterVersion, CanisterInstallMode mode,
                                        Principal id, CallResult result) {
        Canister canister = subnet.canister(id);
        if (result instanceof CallResult.Reply && canister != null && canister.code != null) {
            CanisterChange.DeploymentMode deployment = switch (mode) {
                case CanisterInstallMode.Install install -> CanisterChange.DeploymentMode.INSTALL;
                case CanisterInstallMode.Reinstall reinstall -> CanisterChange.DeploymentMode.REINSTALL;
                case CanisterInstallMode.Upgrade upgrade -> CanisterChange.DeploymentMode.UPGRADE;
            };
            recordChange(canister, request, senderCanisterVersion,
                    new CanisterChange.CodeDeployment(deployment, canister.code.hash()));
        }
        return result;
    }

    /** {@code canister_info}: only canisters may call it (refused for ingress); no controller check, as on the IC. */
    private CallResult canisterInfo(Message.Request request) {
        CanisterInfoArgs args = ManagementArgumentDecoder.canisterInfo(request.argument());
        Canister canister = subnet.canister(args.canisterId());
        if (canister == null) {
            return IcRejects.canisterNotFound(args.canisterId());
        }
        return new CallResult.Reply(ManagementResultEncoder.canisterInfo(canister.history.info(
                args.numRequestedChanges(), canister.code == null ? null : canister.code.hash(),
                canister.settings.controllers())));
    }

    // ---- running, stopping, deleting ------------------------------------------------------------

    private CallResult start(Message.Request request) {
        return withControlled(ManagementArgumentDecoder.canisterId("start_canister", request.argument())
                .canisterId(), request.sender(), "start_canister", canister -> {
            if (canister.status == CanisterStatus.STOPPING) {
                for (CallOrigin waiter : canister.stopWaiters) {
                    subnet.deliverFromCanisterCode(waiter, new CallResult.Reject(RejectCode.CANISTER_ERROR,
                            "Canister " + canister.id + " was started before it stopped: stop_canister was cancelled.",
                            "IC0511"), BigInteger.ZERO);
                }
                canister.stopWaiters.clear();
            }
            canister.status = CanisterStatus.RUNNING;
            return new CallResult.Reply(ManagementResultEncoder.empty());
        });
    }

    /** Returns null when the reply must wait for the canister's open calls to finish. */
    private CallResult stop(Message.Request request) {
        return withControlled(ManagementArgumentDecoder.canisterId("stop_canister", request.argument())
                .canisterId(), request.sender(), "stop_canister", canister -> {
            if (canister.status == CanisterStatus.STOPPED) {
                return new CallResult.Reply(ManagementResultEncoder.empty());
            }
            canister.status = CanisterStatus.STOPPING;
            canister.stopWaiters.add(request.origin());
            completeStopIfIdle(canister);
            return null;
        });
    }

    /** A stopping canister stops once no call context is open; the stop_canister calls then get their reply. */
    void completeStopIfIdle(Canister canister) {
        if (canister.status == CanisterStatus.STOPPING && canister.openCallContexts <= 0) {
            canister.status = CanisterStatus.STOPPED;
            for (CallOrigin waiter : canister.stopWaiters) {
                subnet.deliverFromCanisterCode(waiter, new CallResult.Reply(ManagementResultEncoder.empty()),
                        BigInteger.ZERO);
            }
            canister.stopWaiters.clear();
        }
    }

    private CallResult delete(Message.Request request) {
        return withControlled(ManagementArgumentDecoder.canisterId("delete_canister", request.argument())
                .canisterId(), request.sender(), "delete_canister", canister -> {
            if (canister.status != CanisterStatus.STOPPED) {
                return IcRejects.notStopped(canister.id);
            }
            if (canister.id.equals(request.sender())) {
                return new CallResult.Reject(RejectCode.CANISTER_ERROR, "Canister " + canister.id
                        + " cannot delete itself.", "IC0504");
            }
            subnet.removeCanister(canister.id);
            return new CallResult.Reply(ManagementResultEncoder.empty());
        });
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

    /** Queues the outcall; returns null (answer later) or a reject. */
    private CallResult httpRequest(Message.Request request) {
        HttpRequestArgs args = ManagementArgumentDecoder.httpRequest(request.argument());
        long maxResponse = args.maxResponseBytes() != null ? args.maxResponseBytes() : MAX_HTTP_RESPONSE_BYTES;
        if (maxResponse > MAX_HTTP_RESPONSE_BYTES) {
            return new CallResult.Reject(RejectCode.CANISTER_REJECT, "max_response_bytes cannot exceed "
                    + MAX_HTTP_RESPONSE_BYTES + " bytes, got " + maxResponse, "IC0406");
        }
        if (!args.url().startsWith("https://") && !args.url().startsWith("http://")) {
            return new CallResult.Reject(RejectCode.CANISTER_REJECT, "Invalid URL " + args.url()
                    + ": an HTTP outcall needs an https:// URL", "IC0406");
        }
        long requestBytes = io.diode.pocketic.embedded.cycles.HttpOutcallRequestSize.of(args);
        BigInteger fee = subnet.fees().httpOutcall(requestBytes, maxResponse);
        if (request.cycles().compareTo(fee) < 0) {
            return new CallResult.Reject(RejectCode.CANISTER_REJECT, "http_request request sent with "
                    + request.cycles() + " cycles, but " + fee + " cycles are required.", "IC0406");
        }
        long requestId = nextOutcallId++;
        HttpOutcallRequest outcall = new HttpOutcallRequest(requestId, subnet.subnetId(), request.sender(),
                args.method().name().toLowerCase(java.util.Locale.ROOT), args.url(), args.headers(),
                args.body() == null ? new byte[0] : args.body(),
                args.maxResponseBytes() == null ? OptionalLong.empty() : OptionalLong.of(args.maxResponseBytes()));
        pendingOutcalls.put(requestId, new PendingOutcall(outcall, args, request.origin(),
                request.cycles().subtract(fee)));
        return null;
    }

    List<HttpOutcallRequest> pendingHttpOutcalls() {
        return pendingOutcalls.values().stream().map(PendingOutcall::request).toList();
    }

    void mockHttpOutcall(long requestId, HttpOutcallResponse response) {
        PendingOutcall pending = pendingOutcalls.get(requestId);
        if (pending == null) {
            throw new IllegalArgumentException("no HTTP outcall " + requestId + " is pending; pending ones: "
                    + pendingOutcalls.keySet());
        }
        pendingOutcalls.remove(requestId);
        CallResult result = switch (response) {
            case HttpOutcallResponse.Reject reject -> new CallResult.Reject(reject.code(), reject.message(),
                    "IC0406");
            case HttpOutcallResponse.Reply reply -> transformed(pending, new HttpRequestResult(
                    BigInteger.valueOf(reply.status()), reply.headers(), reply.body()));
        };
        subnet.deliverFromCanisterCode(pending.origin(), result, pending.refund());
    }

    private CallResult transformed(PendingOutcall pending, HttpRequestResult response) {
        long limit = pending.request().maxResponseBytes().orElse(MAX_HTTP_RESPONSE_BYTES);
        long size = response.body().length + response.headers().stream()
                .mapToLong(h -> h.name().length() + h.value().length()).sum();
        if (size > limit) {
            return new CallResult.Reject(RejectCode.SYS_FATAL, "Http body exceeds size limit of " + limit
                    + " bytes.", "IC0406");
        }
        if (pending.args().transform() == null) {
            return new CallResult.Reply(ManagementResultEncoder.httpRequestResult(response));
        }
        Principal transformCanister = pending.args().transform().canister();
        Canister canister = subnet.canister(transformCanister);
        if (canister == null || canister.isEmpty()) {
            return IcRejects.canisterNotFound(transformCanister);
        }
        String method = pending.args().transform().method();
        if (!canister.exports("canister_query " + method)) {
            return IcRejects.methodNotFound(transformCanister, "query", method);
        }
        CallResult transformResult = subnet.executor.executeQuery(canister, IcInstance.MANAGEMENT_CANISTER, method,
                ManagementResultEncoder.transformArgs(response, pending.args().transform().context()));
        if (transformResult instanceof CallResult.Reply reply) {
            try {
                HttpRequestResult transformed = ManagementArgumentDecoder.transformResult(reply.data());
                return new CallResult.Reply(ManagementResultEncoder.httpRequestResult(transformed));
            } catch (InvalidManagementArgumentException invalid) {
                return new CallResult.Reject(RejectCode.SYS_FATAL, "The transform function returned an invalid"
                        + " http_request_result: " + invalid.getMessage(), "IC0406");
            }
        }
        CallResult.Reject reject = (CallResult.Reject) transformResult;
        return new CallResult.Reject(RejectCode.SYS_FATAL, "Transform function failed: " + reject.message(),
                reject.errorCode());
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** Runs {@code action} if the canister exists and {@code sender} controls it; otherwise the IC's reject. */
    private CallResult withControlled(Principal id, Principal sender, String method,
                                      Function<Canister, CallResult> action) {
        Canister canister = subnet.canister(id);
        if (canister == null) {
            return IcRejects.canisterNotFound(id);
        }
        if (!canister.isController(sender)) {
            return IcRejects.notController(id, sender, method);
        }
        return action.apply(canister);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JDK has SHA-256", impossible);
        }
    }

    private static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes);
    }
}
