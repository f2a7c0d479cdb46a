package io.diode.pocketic.embedded.engine;

import io.diode.pocketic.embedded.api.CallResult;
import io.diode.pocketic.embedded.api.IcInstance;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.ic4j.types.Principal;

/**
 * One composite query and the call graph it spans, executed at once on the current state, outside the message
 * queue, as the replica's query handler does: depth first, each call to another canister's query or composite query
 * executed before the callback that awaits it. Every change to every canister involved is discarded at the end.
 *
 * <p>Within the graph a composite query's call context keeps its own changes across its callbacks, while each call
 * into a canister starts from that canister's state before the query (so a canister calling itself sees none of its
 * own uncommitted changes). Once a call context has responded, the calls it has not yet made are dropped: nothing
 * they could do would change its response.
 *
 * <p>The replica's limits: the call graph at most {@value #MAX_CALL_GRAPH_DEPTH} calls deep, at most 5 billion
 * instructions in all ({@code InstructionLimits.compositeQueryCallGraph}: every execution's counted instructions,
 * plus {@value #INSTRUCTIONS_PER_CALL} for every call), and 10 seconds of wall time.
 * Exceeding one fails the whole query (IC0525, IC0526, IC0528) rather than rejecting a single call.
 */
final class CompositeQuery {

    static final int MAX_CALL_GRAPH_DEPTH = 6;
    static final long INSTRUCTIONS_PER_CALL = 50_000_000L;
    static final long TIME_LIMIT_NANOS = 10_000_000_000L;

    private final Subnet subnet;
    private final Canister root;
    private final long timeLimitNanos;
    /** Each canister's state before the query touched it, for calls into a canister that is mid-call itself. */
    private final Map<Canister, Canister.MessageCheckpoint> statesBefore = new IdentityHashMap<>();
    /** How many composite call contexts of each canister are open (waiting on calls) right now. */
    private final Map<Canister, Integer> openContexts = new IdentityHashMap<>();

    private long instructions;
    private long startNanos;

    CompositeQuery(Subnet subnet, Canister root) {
        this(subnet, root, TIME_LIMIT_NANOS);
    }

    /** With another wall-time limit (tests). */
    CompositeQuery(Subnet subnet, Canister root, long timeLimitNanos) {
        this.subnet = subnet;
        this.root = root;
        this.timeLimitNanos = timeLimitNanos;
    }

    /** Runs the composite query {@code method} of the root canister for {@code sender}. */
    CallResult run(Principal sender, String method, byte[] argument) {
        startNanos = System.nanoTime();
        try {
            return compositeCallContext(root, sender, method, argument, 0);
        } catch (LimitExceeded exceeded) {
            return exceeded.reject;
        }
    }

    /** A call from a canister in the graph: executed at once, its outcome what the caller's callback receives. */
    private CallResult call(Canister caller, OutgoingCall call, int depth) {
        instructions += INSTRUCTIONS_PER_CALL;
        if (call.callee.equals(IcInstance.MANAGEMENT_CANISTER)) {
            return IcRejects.methodNotFound(call.callee, "query", call.method);
        }
        Canister callee = subnet.canister(call.callee);
        CallResult.Reject rejection = subnet.admissionRejection(callee, call.callee, call.method, true);
        if (rejection != null) {
            return rejection;
        }
        byte[] argument = call.argument.toByteArray();
        if (callee.exports("canister_composite_query " + call.method)) {
            return compositeCallContext(callee, caller.id, call.method, argument, depth);
        }
        Execution execution = Execution.of(
                EntryPoint.NON_REPLICATED_QUERY,
                callee,
                caller.id,
                argument,
                call.method,
                new CallContext(null, caller.id, call.method, BigInteger.ZERO));
        execution.dataCertificateWithheld = callee != root;
        try {
            return fromStateBefore(callee, () -> subnet.executor.executeQuery(execution));
        } finally {
            count(execution);
        }
    }

    /**
     * Runs {@code body} on the canister's state before the query when one of its call contexts is open (it called,
     * directly or not, itself), then puts the open context's state back.
     */
    private CallResult fromStateBefore(Canister canister, Supplier<CallResult> body) {
        if (openContexts.getOrDefault(canister, 0) == 0) {
            return body.get();
        }
        Canister.MessageCheckpoint open = canister.independentCheckpoint();
        canister.rollBackTo(statesBefore.get(canister));
        try {
            return body.get();
        } finally {
            canister.rollBackTo(open);
        }
    }

    private CallResult compositeCallContext(
            Canister canister, Principal caller, String method, byte[] argument, int depth) {
        return fromStateBefore(canister, () -> {
            Canister.MessageCheckpoint entry = canister.independentCheckpoint();
            statesBefore.putIfAbsent(canister, entry);
            openContexts.merge(canister, 1, Integer::sum);
            try {
                return executeCompositeCallContext(canister, caller, method, argument, depth);
            } finally {
                openContexts.merge(canister, -1, Integer::sum);
                canister.rollBackTo(entry);
            }
        });
    }

    /** The composite query method, then each of its calls and the callback awaiting it, until it responds. */
    private CallResult executeCompositeCallContext(
            Canister canister, Principal caller, String method, byte[] argument, int depth) {
        CallContext context = new CallContext(null, caller, method, BigInteger.ZERO);
        Execution entry = Execution.of(EntryPoint.COMPOSITE_QUERY, canister, caller, argument, method, context);
        entry.dataCertificateWithheld = canister != root;
        try {
            subnet.executor.run(entry, sandbox -> sandbox.invoke("canister_composite_query " + method));
        } catch (CanisterTrap trap) {
            return trap.toReject(canister.id.toString());
        } finally {
            count(entry);
        }
        if (entry.response != null) {
            return entry.response;
        }
        Deque<OutgoingCall> pending = new ArrayDeque<>(entry.performedCalls);
        while (!pending.isEmpty()) {
            checkLimits(depth);
            OutgoingCall call = pending.pollFirst();
            CallResult result = call(canister, call, depth + 1);
            checkLimits(depth);
            Execution callback = callbackExecution(canister, context, result);
            long function = result instanceof CallResult.Reply ? call.replyFunction : call.rejectFunction;
            long env = result instanceof CallResult.Reply ? call.replyEnv : call.rejectEnv;
            try {
                subnet.executor.run(callback, sandbox -> sandbox.invokeCallback(function, env));
            } catch (CanisterTrap trap) {
                subnet.debugPrint(canister, "[TRAP]: " + trap.getMessage());
                runCleanup(canister, context, call);
                if (pending.isEmpty()) {
                    return trap.toReject(canister.id.toString());
                }
                continue;
            } finally {
                count(callback);
            }
            if (callback.response != null) {
                return callback.response;
            }
            pending.addAll(callback.performedCalls);
        }
        return IcRejects.didNotReply(canister.id);
    }

    private static Execution callbackExecution(Canister canister, CallContext context, CallResult result) {
        if (result instanceof CallResult.Reply reply) {
            return new Execution(
                    EntryPoint.COMPOSITE_REPLY_CALLBACK,
                    canister,
                    context.caller,
                    reply.data(),
                    context.method,
                    context,
                    0,
                    "",
                    BigInteger.ZERO);
        }
        CallResult.Reject reject = (CallResult.Reject) result;
        return new Execution(
                EntryPoint.COMPOSITE_REJECT_CALLBACK,
                canister,
                context.caller,
                new byte[0],
                context.method,
                context,
                reject.code().code(),
                reject.message(),
                BigInteger.ZERO);
    }

    private void runCleanup(Canister canister, CallContext context, OutgoingCall call) {
        if (call.cleanupFunction == null) {
            return;
        }
        Execution cleanup = Execution.of(
                EntryPoint.COMPOSITE_CLEANUP, canister, context.caller, new byte[0], context.method, context);
        try {
            subnet.executor.run(cleanup, sandbox -> sandbox.invokeCallback(call.cleanupFunction, call.cleanupEnv));
        } catch (CanisterTrap trap) {
            subnet.debugPrint(canister, "[TRAP in cleanup]: " + trap.getMessage());
        } finally {
            count(cleanup);
        }
    }

    /** Adds what one execution of the graph used to the graph's instruction count. */
    private void count(Execution execution) {
        if (execution.budget != null) {
            instructions += Math.min(execution.budget.usedNow(), execution.budget.limit);
        }
    }

    /** The checks the replica makes before each step of the traversal. */
    private void checkLimits(int depth) {
        if (depth >= MAX_CALL_GRAPH_DEPTH) {
            throw new LimitExceeded(IcRejects.callGraphTooDeep());
        }
        if (instructions >= subnet.instructionLimits().compositeQueryCallGraph()) {
            throw new LimitExceeded(IcRejects.callGraphInstructionLimit());
        }
        if (System.nanoTime() - startNanos > timeLimitNanos) {
            throw new LimitExceeded(IcRejects.queryTimeLimit());
        }
    }

    /** Ends the whole query: a limit of the call graph is not one call's failure. */
    private static final class LimitExceeded extends RuntimeException {
        final CallResult.Reject reject;

        LimitExceeded(CallResult.Reject reject) {
            super(reject.message(), null, false, false);
            this.reject = reject;
        }
    }
}
