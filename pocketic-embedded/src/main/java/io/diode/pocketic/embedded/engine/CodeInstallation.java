package io.diode.pocketic.embedded.engine;

import static io.diode.pocketic.embedded.engine.ControllerCheck.withControlled;

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
import java.math.BigInteger;
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
        return recordDeployment(
                request,
                args.senderCanisterVersion(),
                args.mode(),
                args.canisterId(),
                install(request, args.mode(), args.canisterId(), args.wasmModule(), args.arg()));
    }

    CallResult installChunkedCode(Message.Request request) {
        InstallChunkedCodeArgs args = ManagementArgumentDecoder.installChunkedCode(request.argument());
        return withControlled(subnet, args.effectiveStoreCanister(), request, "install_chunked_code", store -> {
            byte[] module;
            try {
                module = store.chunkStore().assemble(args.chunkHashes(), args.wasmModuleHash());
            } catch (WasmChunkStore.ChunkStoreException refused) {
                return IcRejects.wasmChunkStore(refused.getMessage());
            }
            return recordDeployment(
                    request,
                    args.senderCanisterVersion(),
                    args.mode(),
                    args.targetCanister(),
                    install(request, args.mode(), args.targetCanister(), module, args.arg()));
        });
    }

    private CallResult recordDeployment(
            Message.Request request,
            Long senderCanisterVersion,
            CanisterInstallMode mode,
            Principal id,
            CallResult result) {
        Canister canister = subnet.canister(id);
        if (result instanceof CallResult.Reply && canister != null && canister.code() != null) {
            CanisterChange.DeploymentMode deployment = switch (mode) {
                case CanisterInstallMode.Install install -> CanisterChange.DeploymentMode.INSTALL;
                case CanisterInstallMode.Reinstall reinstall -> CanisterChange.DeploymentMode.REINSTALL;
                case CanisterInstallMode.Upgrade upgrade -> CanisterChange.DeploymentMode.UPGRADE;
            };
            lifecycle.recordChange(
                    canister,
                    request,
                    senderCanisterVersion,
                    new CanisterChange.CodeDeployment(
                            deployment, canister.code().hash()));
        }
        return result;
    }

    private CallResult install(
            Message.Request request, CanisterInstallMode mode, Principal id, byte[] wasm, byte[] argument) {
        return withControlled(
                subnet,
                id,
                request,
                "install_code",
                canister -> install(canister, request.sender(), mode, wasm, argument));
    }

    private CallResult install(
            Canister canister, Principal sender, CanisterInstallMode mode, byte[] wasm, byte[] argument) {
        Principal id = canister.id;
        CanisterCode code;
        try {
            code = subnet.codeLoader().load(wasm);
        } catch (InvalidCanisterCodeException invalid) {
            return IcRejects.invalidWasm(id, invalid.getMessage());
        }
        // as the replica, reserve the cost of the whole install limit first (refunding what is not used)
        InstructionBudget budget =
                new InstructionBudget(subnet.instructionLimits().install());
        BigInteger prepayment = subnet.fees().execution(budget.limit, code.wasm64());
        if (subnet.missingCycles(canister, prepayment).signum() > 0) {
            return IcRejects.installOutOfCycles(id, prepayment, canister.cycles(), subnet.freezingThreshold(canister));
        }
        return switch (mode) {
            case CanisterInstallMode.Install install ->
                canister.isEmpty() ? installFresh(canister, code, sender, argument, budget) : IcRejects.notEmpty(id);
            case CanisterInstallMode.Reinstall reinstall -> installFresh(canister, code, sender, argument, budget);
            case CanisterInstallMode.Upgrade upgrade ->
                canister.isEmpty()
                        ? new CallResult.Reject(
                                RejectCode.DESTINATION_INVALID,
                                "Error from Canister " + id
                                        + ": Attempted to upgrade a canister that has no Wasm module; install it first.",
                                "IC0537")
                        : upgrade(canister, code, sender, argument, upgrade, budget);
        };
    }

    /** install and reinstall: a new instance, empty stable memory, then {@code canister_init}. */
    private CallResult installFresh(
            Canister canister, CanisterCode code, Principal sender, byte[] argument, InstructionBudget budget) {
        long firstNewLogRecord = canister.log().nextIndex();
        Canister.MessageCheckpoint before = canister.checkpoint();
        ExecutionState old = canister.execution();
        try {
            canister.replaceExecution(
                    ExecutionState.instantiate(subnet, canister, code, new StableMemory(), new byte[0]));
            runStart(canister, budget);
            subnet.executor.executeHook(canister, EntryPoint.INIT, "canister_init", sender, argument, budget);
        } catch (CanisterTrap | InvalidCanisterCodeException failure) {
            return rollBack(canister, old, before, failure, code, budget);
        }
        // the log is purged, but what canister_init printed stays; a failed install keeps the old records too
        canister.log().purgeBefore(firstNewLogRecord);
        finishInstall(canister, old, true, budget);
        return new CallResult.Reply(ManagementResultEncoder.empty());
    }

    /**
     * upgrade: pre_upgrade on the old instance, the new instance (keeping main memory if asked) with the same stable
     * memory and certified data, post_upgrade.
     */
    private CallResult upgrade(
            Canister canister,
            CanisterCode code,
            Principal sender,
            byte[] argument,
            CanisterInstallMode.Upgrade options,
            InstructionBudget budget) {
        boolean keep = options.keepsWasmMemory();
        // an enhanced-orthogonal-persistence module must say what happens to its main memory: keep, or replace
        // (start afresh, e.g. after Motoko's graph-copy stabilization saved the state to stable memory)
        if (canister.code().usesEnhancedOrthogonalPersistence() && options.wasmMemoryPersistence() == null) {
            return new CallResult.Reject(
                    RejectCode.CANISTER_ERROR,
                    "Error from Canister " + canister.id
                            + ": Missing upgrade option: Enhanced orthogonal persistence requires the"
                            + " `wasm_memory_persistence` upgrade option.",
                    "IC0504");
        }
        if (keep && !code.usesEnhancedOrthogonalPersistence()) {
            return new CallResult.Reject(
                    RejectCode.CANISTER_ERROR,
                    "Error from Canister " + canister.id
                            + ": Invalid upgrade option: The `wasm_memory_persistence: opt Keep` upgrade option requires"
                            + " that the new canister module supports enhanced orthogonal persistence.",
                    "IC0504");
        }
        Canister.MessageCheckpoint before = canister.checkpoint();
        ExecutionState old = canister.execution();
        try {
            if (!options.skipsPreUpgrade()) {
                subnet.executor.executeHook(
                        canister, EntryPoint.PRE_UPGRADE, "canister_pre_upgrade", sender, new byte[0], budget);
            }
            // the timer is off after an upgrade: the new execution state starts without one
            canister.replaceExecution(
                    keep
                            ? ExecutionState.instantiateKeepingMemory(subnet, canister, code, old)
                            : ExecutionState.instantiate(
                                    subnet, canister, code, old.stableMemory(), old.certifiedData()));
            runStart(canister, budget);
            subnet.executor.executeHook(
                    canister, EntryPoint.POST_UPGRADE, "canister_post_upgrade", sender, argument, budget);
        } catch (CanisterTrap | InvalidCanisterCodeException failure) {
            return rollBack(canister, old, before, failure, code, budget);
        }
        finishInstall(canister, old, false, budget);
        return new CallResult.Reply(ManagementResultEncoder.empty());
    }

    /**
     * A failed install, reinstall or upgrade leaves the canister as it was: its old execution state back in place (the
     * new instance, if any, is released) and rolled back to before the install, cycles included. As on the IC, the
     * instructions the install executed are charged all the same (all of its limit when it ran out).
     */
    private CallResult rollBack(
            Canister canister,
            ExecutionState old,
            Canister.MessageCheckpoint before,
            RuntimeException failure,
            CanisterCode code,
            InstructionBudget budget) {
        ExecutionState failed = canister.replaceExecution(old);
        if (failed != old) {
            failed.close();
        }
        canister.rollBackTo(before);
        long used = Math.min(budget.usedNow(), budget.limit);
        ExecutionLog.executed(canister, "install_code (failed)", used);
        canister.chargeFee(subnet.fees().execution(used, code.wasm64()));
        return failureReject(canister, failure);
    }

    /** Runs the new instance's start function: after the kept memory (if any) is in place. */
    private static void runStart(Canister canister, InstructionBudget budget) {
        Execution start =
                Execution.of(EntryPoint.START, canister, IcInstance.MANAGEMENT_CANISTER, new byte[0], "", null);
        start.budget = budget;
        canister.systemApi().begin(start);
        try {
            canister.sandbox().start();
            budget.checkWithinLimit();
        } finally {
            canister.systemApi().end();
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
    private void finishInstall(Canister canister, ExecutionState old, boolean replacesState, InstructionBudget budget) {
        if (old != canister.execution()) {
            old.close();
        }
        canister.bumpVersion();
        long used = budget.usedNow();
        ExecutionLog.executed(canister, "install_code", used);
        canister.chargeFee(subnet.fees().execution(used, canister.code().wasm64()));
        if (replacesState) {
            rejectOpenCalls(canister, "Canister " + canister.id + " has been reinstalled.");
        }
    }

    CallResult uninstallCode(Message.Request request) {
        UninstallCodeArgs args = ManagementArgumentDecoder.uninstallCode(request.argument());
        return withControlled(subnet, args.canisterId(), request, "uninstall_code", canister -> {
            uninstall(canister);
            lifecycle.recordChange(canister, request, args.senderCanisterVersion(), new CanisterChange.CodeUninstall());
            return new CallResult.Reply(ManagementResultEncoder.empty());
        });
    }

    /** Removes code and memory; calls awaiting this canister's callbacks get a reject, as on the IC. */
    void uninstall(Canister canister) {
        canister.replaceExecution(ExecutionState.empty()).close();
        canister.log().purge();
        canister.bumpVersion();
        rejectOpenCalls(canister, "Canister has been uninstalled.");
    }

    /** The callbacks of replaced code can never run: the calls they belong to are answered with a reject. */
    private void rejectOpenCalls(Canister canister, String message) {
        for (Callback callback : canister.dropCallbacks()) {
            CallContext context = callback.callContext();
            context.outstandingCallbacks = 0;
            if (!context.responded) {
                context.responded = true;
                subnet.deliver(
                        context.origin,
                        new CallResult.Reject(RejectCode.CANISTER_REJECT, message, "IC0537"),
                        context.cyclesAvailable);
                context.cyclesAvailable = BigInteger.ZERO;
            }
            if (!context.closed && context.origin != null) {
                context.closed = true;
                canister.closeCallContext();
            }
        }
        lifecycle.completeStopIfIdle(canister);
    }
}
