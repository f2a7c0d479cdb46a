package io.diode.pocketic.embedded.engine;

import io.diode.pocketic.embedded.api.CallResult;
import io.diode.pocketic.embedded.api.IcInstance;
import java.math.BigInteger;
import java.util.function.Consumer;
import org.ic4j.types.Principal;

/**
 * Runs canister code for messages: updates, queries, callbacks, timers and heartbeats. A trapping execution
 * leaves the canister exactly as before (memory, globals, stable memory, cycles, timer, certified data, and
 * the calls it tried to make); what it did commit becomes responses and new messages on the subnet.
 */
final class CanisterExecutor {

    private final Subnet subnet;

    CanisterExecutor(Subnet subnet) {
        this.subnet = subnet;
    }

    /** Runs {@code body} against the canister's sandbox for {@code execution}, undoing everything on a trap. */
    void run(Execution execution, Consumer<CanisterSandbox> body) {
        run(execution, body, false);
    }

    /**
     * Runs {@code body}, undoing everything on a trap, and also on success when {@code discardChanges} (queries).
     */
    private void run(Execution execution, Consumer<CanisterSandbox> body, boolean discardChanges) {
        Canister canister = execution.canister;
        Canister.MessageCheckpoint checkpoint = canister.checkpoint();
        CallContext.Saved saved = execution.callContext == null ? null : execution.callContext.save();
        canister.systemApi().begin(execution);
        boolean trapped = true;
        try {
            body.accept(canister.sandbox());
            // system API charges are checked against the limit once the code has stopped, unless large
            execution.budget.checkWithinLimit();
            WasmMemoryLimit.check(canister, execution.entryPoint);
            trapped = false;
        } finally {
            canister.systemApi().end();
            if (trapped || discardChanges) {
                canister.rollBackTo(checkpoint);
                if (saved != null && trapped) {
                    execution.callContext.restore(saved);
                }
            }
            chargeInstructions(execution);
        }
    }

    /**
     * As the replica before an update, a timer or a heartbeat: reserves the cost of the execution's whole instruction
     * limit (base fee included) from the balance above the freezing threshold; {@link #chargeInstructions} refunds
     * the instructions not used. The code meanwhile sees the balance without the reservation.
     *
     * @param revealTopUp whether the reject may say how many cycles are missing (the replica tells controllers only)
     * @return null once reserved, else the replica's reject (IC0501), with nothing charged
     */
    private CallResult.Reject prepay(Execution execution, boolean revealTopUp) {
        Canister canister = execution.canister;
        BigInteger cost = prepayment(execution.entryPoint, canister);
        BigInteger missing = subnet.missingCycles(canister, cost);
        if (missing.signum() > 0) {
            return IcRejects.executionOutOfCycles(canister.id, revealTopUp ? missing : null);
        }
        canister.withdrawCycles(cost);
        execution.prepaidExecution = true;
        return null;
    }

    /**
     * The replica reserves a response callback's execution (its whole limit, base fee included) when the call is
     * made and refunds the unused instructions after the callback; the engine reserves it when the callback starts,
     * so the code sees the balance it would see on the IC. A callback always runs (its reservation was taken at
     * call time on the IC): if the balance cannot cover it, it is charged its instructions afterwards instead.
     */
    private void reserveForCallback(Execution execution) {
        Canister canister = execution.canister;
        BigInteger cost = prepayment(execution.entryPoint, canister);
        if (canister.cycles().compareTo(cost) >= 0) {
            canister.withdrawCycles(cost);
            execution.prepaidExecution = true;
        }
    }

    /** What {@link #prepay} reserves: the base fee and the instructions of the entry point's whole limit. */
    private BigInteger prepayment(EntryPoint entryPoint, Canister canister) {
        return subnet.fees()
                .execution(subnet.instructionLimit(entryPoint), canister.code().wasm64());
    }

    /**
     * Adds what the execution used to its call context and, for the executions the IC charges (not queries, not
     * inspect_message), takes the instructions' fee from the canister, or refunds the instructions it did not use
     * from what {@link #prepay} reserved: after any rollback, because the IC charges a trapping execution too. An
     * execution that ran out pays for its whole limit.
     */
    private void chargeInstructions(Execution execution) {
        long used = Math.min(execution.budget.usedNow(), execution.budget.limit);
        if (execution.callContext != null) {
            execution.callContext.instructions += used;
        }
        ExecutionLog.executed(
                execution.canister,
                execution.methodName.isEmpty()
                        ? execution.entryPoint.modeName()
                        : execution.entryPoint.modeName() + " " + execution.methodName,
                used);
        boolean charged = switch (execution.entryPoint) {
            case UPDATE, REPLICATED_QUERY, REPLY_CALLBACK, REJECT_CALLBACK, CLEANUP, SYSTEM_TASK -> true;
            default -> false;
        };
        Canister canister = execution.canister;
        if (execution.prepaidExecution && canister.code() != null) {
            canister.addCycles(subnet.fees()
                    .instructions(execution.budget.limit - used, canister.code().wasm64()));
        } else if (charged && canister.code() != null) {
            canister.chargeFee(subnet.fees().instructions(used, canister.code().wasm64()));
        }
    }

    /** Executes an update call (or a query method called as an update) on a running, installed canister. */
    void executeRequest(Canister canister, Message.Request request) {
        String export = "canister_update " + request.method();
        EntryPoint entryPoint = EntryPoint.UPDATE;
        if (!canister.exports(export) && canister.exports("canister_composite_query " + request.method())) {
            // as on the IC: rejected when executed (charged), not when inducted
            canister.chargeFee(subnet.fees().updateExecution());
            subnet.deliver(request.origin(), IcRejects.compositeQueryInReplicatedMode(), request.cycles());
            return;
        }
        if (!canister.exports(export)) {
            export = "canister_query " + request.method();
            entryPoint = EntryPoint.REPLICATED_QUERY;
        }
        CallContext context = new CallContext(request.origin(), request.sender(), request.method(), request.cycles());
        canister.openCallContext();
        Execution execution =
                Execution.of(entryPoint, canister, request.sender(), request.argument(), request.method(), context);
        CallResult.Reject outOfCycles = prepay(execution, canister.isController(request.sender()));
        if (outOfCycles != null) {
            respond(canister, context, outOfCycles);
            return;
        }
        if (request.origin() instanceof CallOrigin.Canister caller) {
            execution.deadlineNanos = caller.deadlineNanos();
        }
        String target = export;
        try {
            // a query called as an update runs replicated, but its state changes are still discarded
            run(execution, sandbox -> sandbox.invoke(target), entryPoint == EntryPoint.REPLICATED_QUERY);
        } catch (CanisterTrap trap) {
            subnet.debugPrint(canister, "[TRAP]: " + trap.getMessage());
            respond(canister, context, trap.toReject(canister.id.toString()));
            return;
        }
        commit(execution);
    }

    /** Delivers a response to the callback that awaits it. */
    void executeResponse(Canister canister, Message.Response response) {
        Callback callback = canister.takeCallback(response.callbackId());
        if (callback == null) {
            return; // the canister was reinstalled, upgraded or uninstalled since the call: the IC drops it
        }
        CallContext context = callback.callContext();
        context.outstandingCallbacks--;
        canister.addCycles(response.refundedCycles());
        if (canister.sandbox() == null) {
            closeIfDone(canister, context);
            return;
        }
        Execution execution;
        long function;
        long env;
        if (response.result() instanceof CallResult.Reply reply) {
            execution = new Execution(
                    EntryPoint.REPLY_CALLBACK,
                    canister,
                    context.caller,
                    reply.data(),
                    context.method,
                    context,
                    0,
                    "",
                    response.refundedCycles());
            function = callback.replyFunction();
            env = callback.replyEnv();
        } else {
            CallResult.Reject reject = (CallResult.Reject) response.result();
            execution = new Execution(
                    EntryPoint.REJECT_CALLBACK,
                    canister,
                    context.caller,
                    new byte[0],
                    context.method,
                    context,
                    reject.code().code(),
                    reject.message(),
                    response.refundedCycles());
            function = callback.rejectFunction();
            env = callback.rejectEnv();
        }
        execution.deadlineNanos = callback.deadlineNanos();
        reserveForCallback(execution);
        try {
            run(execution, sandbox -> sandbox.invokeCallback(function, env));
        } catch (CanisterTrap trap) {
            subnet.debugPrint(canister, "[TRAP]: " + trap.getMessage());
            CanisterTrap cleanupTrap = runCleanup(canister, callback, context);
            if (!context.responded && context.outstandingCallbacks == 0) {
                respond(
                        canister,
                        context,
                        cleanupTrap == null
                                ? trap.toReject(canister.id.toString())
                                : trap.toRejectWithFailedCleanup(canister.id.toString(), cleanupTrap));
            } else {
                closeIfDone(canister, context);
            }
            return;
        }
        commit(execution);
    }

    /** Runs the callback's cleanup after its reply or reject callback trapped; returns the cleanup's trap, or null. */
    private CanisterTrap runCleanup(Canister canister, Callback callback, CallContext context) {
        if (callback.cleanupFunction() == null) {
            return null;
        }
        Execution cleanup =
                Execution.of(EntryPoint.CLEANUP, canister, context.caller, new byte[0], context.method, context);
        try {
            run(cleanup, sandbox -> sandbox.invokeCallback(callback.cleanupFunction(), callback.cleanupEnv()));
        } catch (CanisterTrap trap) {
            subnet.debugPrint(canister, "[TRAP in cleanup]: " + trap.getMessage());
            return trap;
        }
        return null;
    }

    /** Runs {@code canister_global_timer} or {@code canister_heartbeat}: a message nobody waits for. */
    void executeSystemTask(Canister canister, String export) {
        if (subnet.missingCycles(canister, prepayment(EntryPoint.SYSTEM_TASK, canister))
                        .signum()
                > 0) {
            return; // as on the replica: a task that cannot reserve the cycles for its limit does not run
        }
        CallContext context =
                new CallContext(new CallOrigin.SystemTask(), IcInstance.MANAGEMENT_CANISTER, export, BigInteger.ZERO);
        canister.openCallContext();
        Execution execution = Execution.of(
                EntryPoint.SYSTEM_TASK, canister, IcInstance.MANAGEMENT_CANISTER, new byte[0], export, context);
        prepay(execution, false);
        try {
            run(execution, sandbox -> sandbox.invoke(export));
        } catch (CanisterTrap trap) {
            subnet.debugPrint(canister, "[TRAP in " + export + "]: " + trap.getMessage());
            respond(canister, context, trap.toReject(canister.id.toString()));
            return;
        }
        commit(execution);
    }

    /**
     * Executes a query or composite query method; every change it makes, in every canister its call graph reaches,
     * is discarded.
     */
    CallResult executeQuery(Canister canister, Principal sender, String method, byte[] argument) {
        if (canister.exports("canister_composite_query " + method)) {
            return new CompositeQuery(subnet, canister).run(sender, method, argument);
        }
        return executeQuery(Execution.of(
                EntryPoint.NON_REPLICATED_QUERY,
                canister,
                sender,
                argument,
                method,
                new CallContext(null, sender, method, BigInteger.ZERO)));
    }

    /** Runs a query method's execution (non-replicated, no calls possible) and discards its changes. */
    CallResult executeQuery(Execution execution) {
        Canister canister = execution.canister;
        String export = "canister_query " + execution.methodName;
        try {
            run(execution, sandbox -> sandbox.invoke(export), true);
        } catch (CanisterTrap trap) {
            return trap.toReject(canister.id.toString());
        }
        return execution.response != null ? execution.response : IcRejects.didNotReply(canister.id);
    }

    /**
     * Runs {@code canister_inspect_message} if exported: the canister's chance to refuse an ingress message.
     * Its changes are discarded.
     */
    boolean inspectMessage(Canister canister, Principal sender, String method, byte[] argument) {
        if (!canister.exports("canister_inspect_message")) {
            return true;
        }
        Execution execution = Execution.of(EntryPoint.INSPECT_MESSAGE, canister, sender, argument, method, null);
        try {
            run(execution, sandbox -> sandbox.invoke("canister_inspect_message"), true);
        } catch (CanisterTrap trap) {
            if (trap.kind() == CanisterTrap.Kind.INSTRUCTION_LIMIT) {
                throw trap; // the replica answers with the limit's error, not a plain refusal
            }
            return false;
        }
        return execution.messageAccepted;
    }

    /** Runs an install hook (init, pre/post upgrade). The caller owns rollback across the whole install. */
    void executeHook(
            Canister canister,
            EntryPoint entryPoint,
            String export,
            Principal caller,
            byte[] argument,
            InstructionBudget budget) {
        if (!canister.exports(export)) {
            return;
        }
        Execution execution = Execution.of(entryPoint, canister, caller, argument, "", null);
        execution.budget = budget;
        canister.systemApi().begin(execution);
        try {
            canister.sandbox().invoke(export);
            budget.checkWithinLimit();
            WasmMemoryLimit.check(canister, entryPoint);
        } finally {
            canister.systemApi().end();
        }
        if (!execution.performedCalls.isEmpty()) {
            throw CanisterTrap.contractViolation("calls cannot be made from " + entryPoint.modeName());
        }
    }

    /** Turns what a successful execution produced into new messages and responses. */
    private void commit(Execution execution) {
        Canister canister = execution.canister;
        CallContext context = execution.callContext;
        if (execution.entryPoint != EntryPoint.REPLICATED_QUERY) {
            // as on the IC, every update, callback, heartbeat or timer that completes without trapping is a new
            // version of the canister's state (canister_info's recent changes show the gaps)
            canister.bumpVersion();
        }
        for (OutgoingCall call : execution.performedCalls) {
            long callbackId = canister.registerCallback(new Callback(
                    context,
                    call.replyFunction,
                    call.replyEnv,
                    call.rejectFunction,
                    call.rejectEnv,
                    call.cleanupFunction,
                    call.cleanupEnv,
                    call.deadlineNanos,
                    call.callee));
            context.outstandingCallbacks++;
            subnet.enqueue(new Message.Request(
                    canister.id,
                    call.callee,
                    call.method,
                    call.argument.toByteArray(),
                    call.cycles,
                    new CallOrigin.Canister(canister.id, callbackId, call.deadlineNanos)));
        }
        if (execution.response != null) {
            respond(canister, context, execution.response, true);
        } else {
            // Also closes a context that replied earlier and whose last callback just ran (Motoko replies
            // first and awaits later); left open, it would keep a stopping canister from ever stopping.
            closeIfDone(canister, context);
        }
    }

    /** Sends the call context's one response (made by the system, not the canister's code). */
    private void respond(Canister canister, CallContext context, CallResult result) {
        respond(canister, context, result, false);
    }

    /**
     * Sends the call context's one response, refunding the cycles the canister did not accept.
     *
     * @param fromCanisterCode whether the canister's code replied or rejected ({@code msg_reply}, {@code msg_reject});
     *                         otherwise the system made the reject (a trap, no reply) and a calling canister sees it
     *                         with the error code in front, as on the IC
     */
    private void respond(Canister canister, CallContext context, CallResult result, boolean fromCanisterCode) {
        if (!context.responded) {
            context.responded = true;
            BigInteger refund = context.cyclesAvailable;
            context.cyclesAvailable = BigInteger.ZERO;
            if (fromCanisterCode) {
                subnet.deliverFromCanisterCode(context.origin, result, refund);
            } else {
                subnet.deliver(context.origin, result, refund);
            }
        }
        closeIfDone(canister, context);
    }

    private void closeIfDone(Canister canister, CallContext context) {
        if (context.responded && context.outstandingCallbacks == 0 && context.origin != null && !context.closed) {
            context.closed = true;
            canister.closeCallContext();
            subnet.onCallContextClosed(canister);
        } else if (!context.responded && context.outstandingCallbacks == 0) {
            respond(canister, context, IcRejects.didNotReply(canister.id));
        }
    }
}
