package io.diode.pocketic.embedded.engine;

import io.diode.pocketic.embedded.api.CallResult;
import io.diode.pocketic.embedded.api.IcInstance;
import io.diode.pocketic.embedded.api.RejectCode;
import io.diode.pocketic.embedded.management.CanisterChange;
import io.diode.pocketic.embedded.management.CanisterInstallMode;
import io.diode.pocketic.embedded.management.InstallChunkedCodeArgs;
import io.diode.pocketic.embedded.management.InstallCodeArgs;
import io.diode.pocketic.embedded.management.ManagementArgumentDecoder;
import io.diode.pocketic.embedded.management.ManagementResultEncoder;
import io.diode.pocketic.embedded.management.UninstallCodeArgs;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ic4j.types.Principal;

/**
 * The management canister's code methods: {@code install_code} (install, reinstall, upgrade),
 * {@code install_chunked_code} and {@code uninstall_code}.
 */
final class CodeInstallation {

    private final Subnet subnet;
    private final CanisterLifecycle lifecycle;

    CodeInstallation(Subnet subnet, CanisterLifecycle lifecycle) {
        this.subnet = subnet;
        this.lifecycle = lifecycle;
    }

    CallResult installCode(Message.Request request) {
        InstallCodeArgs args = ManagementArgumentDecoder.installCode(request.argument());
        return recordDeployment(request, args.senderCanisterVersion(), args.mode(), args.canisterId(),
                install(request.sender(), args.mode(), args.canisterId(), args.wasmModule(), args.arg()));
    }

    CallResult installChunkedCode(Message.Request request) {
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
        if (!Arrays.equals(ManagementCanister.sha256(module), args.wasmModuleHash())) {
            return new CallResult.Reject(RejectCode.CANISTER_REJECT, "Error from Wasm chunk store: the hash of"
                    + " the assembled module, " + hex(ManagementCanister.sha256(module)) + ", does not match the expected "
                    + hex(args.wasmModuleHash()), "IC0406");
        }
        return recordDeployment(request, args.senderCanisterVersion(), args.mode(), args.targetCanister(),
                install(request.sender(), args.mode(), args.targetCanister(), module, args.arg()));
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
            lifecycle.recordChange(canister, request, senderCanisterVersion,
                    new CanisterChange.CodeDeployment(deployment, canister.code.hash()));
        }
        return result;
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

    CallResult uninstallCode(Message.Request request) {
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
        lifecycle.recordChange(canister, request, args.senderCanisterVersion(), new CanisterChange.CodeUninstall());
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
        lifecycle.completeStopIfIdle(canister);
    }

    private static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes);
    }
}
