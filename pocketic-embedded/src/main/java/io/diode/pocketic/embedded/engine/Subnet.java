package io.diode.pocketic.embedded.engine;

import io.diode.pocketic.embedded.api.CallResult;
import io.diode.pocketic.embedded.api.HttpOutcallRequest;
import io.diode.pocketic.embedded.api.IcInstance;
import io.diode.pocketic.embedded.api.InstructionLimits;
import io.diode.pocketic.embedded.api.MessageId;
import io.diode.pocketic.embedded.api.RejectCode;
import io.diode.pocketic.embedded.api.SubnetKind;
import io.diode.pocketic.embedded.certification.SubnetSigningKey;
import io.diode.pocketic.embedded.management.CanisterStatus;
import io.diode.pocketic.embedded.management.DefiniteCanisterSettings;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ic4j.types.Principal;

/**
 * The state of one subnet and its message scheduling: canisters, the queue of messages between rounds, time, and
 * the statuses of ingress messages. Messages for canisters on other subnets go through the {@link SubnetNetwork}.
 */
final class Subnet {

    private static final System.Logger LOG = System.getLogger("io.diode.pocketic.embedded.canister");
    /** A round stops after this many messages so a canister that calls itself forever cannot hang a tick. */
    static final int MAX_MESSAGES_PER_ROUND = 50_000;

    private final Principal subnetId;
    private final SubnetKind kind;
    /** The subnet's own public key (DER), whose self-authenticating principal is its id. */
    private final byte[] publicKeyDer;

    private final SubnetNetwork network;
    private final FeeSchedule fees;
    private final CanisterCodeLoader codeLoader;
    private final CanisterIdAllocator idAllocator;
    private final Map<Principal, Canister> canisters = new LinkedHashMap<>();
    private final Deque<Message> queue = new ArrayDeque<>();
    /** Best-effort callbacks already answered with "Call deadline has expired.", as canister/callback ids. */
    private final java.util.Set<String> expiredCallbacks = new java.util.HashSet<>();
    /** Responses the next round delivers first. */
    private final List<DeferredResponse> nextRound = new ArrayList<>();

    private final Map<MessageId, CallResult> ingressResults = new HashMap<>();
    final CanisterExecutor executor = new CanisterExecutor(this);
    final ManagementCanister management;
    /** The subnet's BLS key: it signs read_state answers and the data certificates queries see. */
    private final SubnetSigningKey certifier;

    private long timeNanos;
    private final InstructionLimits instructionLimits;

    /**
     * @param certifier the key that signs the subnet's certificates: the root key on every subnet (no delegations)
     */
    Subnet(
            Principal subnetId,
            SubnetKind kind,
            byte[] publicKeyDer,
            CanisterIdAllocator idAllocator,
            SubnetNetwork network,
            SubnetSigningKey certifier,
            FeeSchedule fees,
            CanisterCodeLoader codeLoader,
            long timeNanos,
            InstructionLimits instructionLimits) {
        this.subnetId = subnetId;
        this.kind = kind;
        this.publicKeyDer = publicKeyDer.clone();
        this.idAllocator = idAllocator;
        this.network = network;
        this.instructionLimits = instructionLimits;
        this.certifier = certifier;
        this.fees = fees;
        this.codeLoader = codeLoader;
        this.timeNanos = timeNanos;
        this.management = new ManagementCanister(this);
    }

    Principal subnetId() {
        return subnetId;
    }

    SubnetKind kind() {
        return kind;
    }

    byte[] publicKeyDer() {
        return publicKeyDer.clone();
    }

    /**
     * The replica's reject when a {@code specified_id} belongs to another subnet's range, or null: a canister id is
     * created only on the subnet that hosts it.
     */
    CallResult.Reject specifiedIdRejection(Principal specifiedId) {
        Subnet hosting = network.hosting(specifiedId);
        if (hosting == null || hosting == this) {
            return null;
        }
        return new CallResult.Reject(
                RejectCode.CANISTER_REJECT,
                "Specified CanisterId " + specifiedId + " is not hosted by subnet " + subnetId + ".",
                "IC0405");
    }

    InstructionLimits instructionLimits() {
        return instructionLimits;
    }

    /** The instruction limit of one execution of this kind (install hooks share one limit for the whole install). */
    long instructionLimit(EntryPoint entryPoint) {
        return switch (entryPoint) {
            case INIT, POST_UPGRADE, PRE_UPGRADE, START -> instructionLimits.install();
            case REPLICATED_QUERY,
                    NON_REPLICATED_QUERY,
                    COMPOSITE_QUERY,
                    COMPOSITE_REPLY_CALLBACK,
                    COMPOSITE_REJECT_CALLBACK,
                    COMPOSITE_CLEANUP -> instructionLimits.query();
            case INSPECT_MESSAGE -> instructionLimits.inspectMessage();
            case UPDATE, REPLY_CALLBACK, REJECT_CALLBACK, CLEANUP, SYSTEM_TASK -> instructionLimits.update();
        };
    }

    FeeSchedule fees() {
        return fees;
    }

    CanisterCodeLoader codeLoader() {
        return codeLoader;
    }

    CanisterIdAllocator idAllocator() {
        return idAllocator;
    }

    long timeNanos() {
        return timeNanos;
    }

    SubnetSigningKey certifier() {
        return certifier;
    }

    // ---- canisters ------------------------------------------------------------------------------

    Canister canister(Principal id) {
        return canisters.get(id);
    }

    List<Canister> allCanisters() {
        return List.copyOf(canisters.values());
    }

    Canister createCanister(Principal id, List<Principal> controllers, BigInteger cycles) {
        Canister canister = new Canister(id, DefiniteCanisterSettings.defaults(controllers), cycles, timeNanos);
        canisters.put(id, canister);
        return canister;
    }

    void removeCanister(Principal id) {
        Canister canister = canisters.remove(id);
        if (canister != null && canister.sandbox() != null) {
            canister.sandbox().close();
        }
    }

    BigInteger freezingThreshold(Canister canister) {
        return fees.freezingThreshold(
                canister.memoryBytes(), canister.settings().freezingThreshold());
    }

    /** What the canister must hold beyond its freezing threshold to execute a message that costs {@code cost}. */
    BigInteger missingCycles(Canister canister, BigInteger cost) {
        return freezingThreshold(canister).add(cost).subtract(canister.cycles()).max(BigInteger.ZERO);
    }

    /** A debug print or trap text: logged, and kept in the canister's log (for {@code fetch_canister_logs}). */
    void debugPrint(Canister canister, String text) {
        debugPrint(canister, text, true);
    }

    /** @param replicated false in non-replicated executions, whose prints the IC does not keep in canister logs */
    void debugPrint(Canister canister, String text, boolean replicated) {
        if (replicated) {
            // ic0.trap with an empty message: the replica logs "(no message)"
            String content = text.equals("[TRAP]: ") ? "[TRAP]: (no message)" : text;
            canister.log().add(timeNanos, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        LOG.log(System.Logger.Level.INFO, "[Canister {0}] {1}", canister.id, text);
    }

    // ---- time -----------------------------------------------------------------------------------

    /** Moves time forward, charging every canister for the storage it held meanwhile. */
    void setTime(long nanos) {
        if (nanos < timeNanos) {
            throw new IllegalArgumentException(
                    "time cannot move backwards: the instance is at " + timeNanos + " ns, asked for " + nanos + " ns");
        }
        timeNanos = nanos;
        for (Canister canister : allCanisters()) {
            chargeStorage(canister);
        }
    }

    private void chargeStorage(Canister canister) {
        long elapsed = canister.storageUnchargedUntil(timeNanos);
        if (elapsed <= 0) {
            return;
        }
        BigInteger fee = fees.storage(canister.memoryBytes(), elapsed);
        if (fee.compareTo(canister.cycles()) > 0) {
            // as on the IC: a canister that cannot pay for its storage loses its code, memory and snapshots
            canister.chargeFee(fee);
            debugPrint(canister, "out of cycles: the subnet uninstalled the canister");
            management.uninstall(canister);
            canister.deleteAllSnapshots();
        } else {
            canister.withdrawCycles(fee);
        }
    }

    // ---- messages -------------------------------------------------------------------------------

    /** Queues a message here, or sends it to the subnet that executes it. */
    void enqueue(Message message) {
        Subnet destination = network.destination(this, message);
        if (destination == this) {
            queue.addLast(message);
        } else {
            network.send(destination, message);
        }
    }

    /** A message from another subnet's stream: executed in this subnet's next round. */
    void induct(Message message) {
        queue.addLast(message);
    }

    boolean hasQueuedMessages() {
        return !queue.isEmpty() || !nextRound.isEmpty();
    }

    void recordIngressResult(MessageId messageId, CallResult result) {
        ingressResults.put(messageId, result);
    }

    CallResult ingressResult(MessageId messageId) {
        return ingressResults.get(messageId);
    }

    /**
     * Sends a response the system made for a message to a canister (a trap, a missing canister or method, no
     * reply) where its origin wants it. A calling canister sees such a reject's text with its error code in front
     * ({@code "IC0503: Error from Canister …"}): the replica turns the error into the reject with the error's
     * display form, code included. An ingress message's status carries the code separately.
     */
    void deliver(CallOrigin origin, CallResult result, BigInteger refund) {
        if (origin instanceof CallOrigin.Canister
                && result instanceof CallResult.Reject reject
                && reject.errorCode() != null
                && !reject.message().startsWith(reject.errorCode() + ": ")
                && !reject.message().startsWith("No route to canister ")) {
            result = new CallResult.Reject(
                    reject.code(), reject.errorCode() + ": " + reject.message(), reject.errorCode());
        }
        deliverFromCanisterCode(origin, result, refund);
    }

    /** Sends a response at the start of the next round (what the replica answers from the next block). */
    void deliverNextRound(CallOrigin origin, CallResult result, BigInteger refund) {
        nextRound.add(new DeferredResponse(origin, result, refund));
    }

    private record DeferredResponse(CallOrigin origin, CallResult result, BigInteger refund) {}

    /**
     * Sends a response as it is: one the canister's code made ({@code msg_reply}, {@code msg_reject}), or the
     * management canister's answer.
     */
    void deliverFromCanisterCode(CallOrigin origin, CallResult result, BigInteger refund) {
        switch (origin) {
            case CallOrigin.Ingress ingress -> ingressResults.put(ingress.messageId(), result);
            case CallOrigin.Canister caller ->
                enqueue(new Message.Response(caller.canister(), caller.callbackId(), result, refund));
            case CallOrigin.SystemTask task -> {
                // nobody waits for a timer's or heartbeat's outcome
            }
            case null -> {
                // a query's call context: the executor returns the response directly
            }
        }
    }

    void onCallContextClosed(Canister canister) {
        management.completeStopIfIdle(canister);
    }

    boolean hasDueTimers() {
        return canisters.values().stream()
                .anyMatch(canister -> canister.status() == CanisterStatus.RUNNING
                        && canister.globalTimer() != 0
                        && canister.globalTimer() <= timeNanos
                        && canister.exports("canister_global_timer"));
    }

    /** One round: due timers and heartbeats, then messages, including those the round itself enqueues. */
    void executeRound() {
        expireBestEffortCalls();
        List<DeferredResponse> due = List.copyOf(nextRound);
        nextRound.clear();
        due.forEach(response -> deliver(response.origin(), response.result(), response.refund()));
        for (Canister canister : allCanisters()) {
            if (canister.status() != CanisterStatus.RUNNING || canister.sandbox() == null) {
                continue;
            }
            if (canister.globalTimer() != 0
                    && canister.globalTimer() <= timeNanos
                    && canister.exports("canister_global_timer")) {
                canister.setGlobalTimer(0); // the IC deactivates the timer before it runs
                if (missingCycles(canister, fees.updateExecution()).signum() == 0) {
                    executor.executeSystemTask(canister, "canister_global_timer");
                }
            }
            if (canister.exports("canister_heartbeat")
                    && missingCycles(canister, fees.updateExecution()).signum() == 0) {
                executor.executeSystemTask(canister, "canister_heartbeat");
            }
            runLowMemoryHookIfDue(canister);
        }
        int executed = 0;
        while (!queue.isEmpty() && executed < MAX_MESSAGES_PER_ROUND) {
            Message message = queue.pollFirst();
            executed++;
            switch (message) {
                case Message.Request request -> {
                    executeRequest(request);
                    Canister callee = canisters.get(request.receiver());
                    if (callee != null) {
                        runLowMemoryHookIfDue(callee);
                    }
                }
                case Message.Response response -> {
                    Canister canister = canisters.get(response.receiver());
                    if (canister != null) {
                        executor.executeResponse(canister, response);
                        runLowMemoryHookIfDue(canister);
                    }
                }
            }
        }
    }

    /**
     * A best-effort call whose deadline has passed gets the system's reject now; the callee's response, if it ever
     * comes, finds no callback and is dropped, as on the IC.
     */
    private void expireBestEffortCalls() {
        for (Canister canister : canisters.values()) {
            canister.callbacks().forEach((callbackId, callback) -> {
                if (callback.deadlineNanos() != 0
                        && callback.deadlineNanos() <= timeNanos
                        && expiredCallbacks.add(canister.id + "/" + callbackId)) {
                    queue.addLast(new Message.Response(
                            canister.id,
                            callbackId,
                            new CallResult.Reject(
                                    io.diode.pocketic.embedded.api.RejectCode.SYS_UNKNOWN,
                                    "Call deadline has expired.",
                                    null),
                            BigInteger.ZERO));
                }
            });
        }
    }

    /**
     * Runs {@code canister_on_low_wasm_memory} once memory has run low. The replica re-evaluates the condition after
     * every execution (execution/common.rs, {@code apply_canister_state_changes}) and runs the hook as the canister's
     * next task, so the hook runs in the round whose message used the memory, not a round later.
     */
    private void runLowMemoryHookIfDue(Canister canister) {
        if (lowOnWasmMemory(canister)) {
            if (!canister.lowMemoryHookRan()
                    && canister.exports("canister_on_low_wasm_memory")
                    && missingCycles(canister, fees.updateExecution()).signum() == 0) {
                canister.setLowMemoryHookRan(true);
                executor.executeSystemTask(canister, "canister_on_low_wasm_memory");
            }
        } else {
            canister.setLowMemoryHookRan(false); // the hook runs again the next time memory runs low
        }
    }

    /** Wasm memory a canister may use when its {@code wasm_memory_limit} is 0 (unlimited): 4 GiB. */
    static final long MAX_WASM_MEMORY_BYTES = 4L << 30;

    /**
     * The condition of the {@code canister_on_low_wasm_memory} hook: a {@code wasm_memory_threshold} is set and the
     * canister's Wasm memory is within it of its {@code wasm_memory_limit}.
     */
    private static boolean lowOnWasmMemory(Canister canister) {
        BigInteger threshold = canister.settings().wasmMemoryThreshold();
        if (threshold.signum() == 0 || canister.sandbox() == null) {
            return false;
        }
        BigInteger limit = canister.settings().wasmMemoryLimit().signum() > 0
                ? canister.settings().wasmMemoryLimit()
                : BigInteger.valueOf(MAX_WASM_MEMORY_BYTES);
        return limit.subtract(BigInteger.valueOf(canister.sandbox().memorySize()))
                        .compareTo(threshold)
                < 0;
    }

    private void executeRequest(Message.Request request) {
        if (request.receiver().equals(IcInstance.MANAGEMENT_CANISTER)) {
            management.execute(request);
            return;
        }
        Canister canister = canisters.get(request.receiver());
        if (canister == null
                && request.origin() instanceof CallOrigin.Canister
                && network.hosting(request.receiver()) == null) {
            deliver(request.origin(), IcRejects.noRoute(request.receiver()), request.cycles());
            return;
        }
        CallResult.Reject rejection = admissionRejection(canister, request.receiver(), request.method(), false);
        if (rejection != null) {
            deliver(request.origin(), rejection, request.cycles());
            return;
        }
        executor.executeRequest(canister, request);
    }

    /**
     * Why the IC would refuse to execute an update call to {@code canister}, or null. The order of the checks
     * follows the replica's: existence, status, module, method, cycles.
     */
    CallResult.Reject admissionRejection(Canister canister, Principal id, String method, boolean query) {
        if (canister == null) {
            return IcRejects.canisterNotFound(id);
        }
        if (canister.status() == CanisterStatus.STOPPED) {
            return IcRejects.stopped(id);
        }
        if (canister.status() == CanisterStatus.STOPPING && !query) {
            return IcRejects.stopping(id);
        }
        if (canister.isEmpty()) {
            return IcRejects.moduleNotFound(id);
        }
        boolean hasUpdate = canister.exports("canister_update " + method);
        // a composite query called as an update is found here and rejected when it executes (IC0527)
        boolean hasQuery =
                canister.exports("canister_query " + method) || canister.exports("canister_composite_query " + method);
        if (query ? !hasQuery : !(hasUpdate || hasQuery)) {
            return IcRejects.methodNotFound(id, query ? "query" : "update", method);
        }
        if (!query) {
            BigInteger missing = missingCycles(canister, fees.updateExecution());
            if (missing.signum() > 0) {
                return IcRejects.outOfCycles(id, missing);
            }
        }
        return null;
    }

    // ---- HTTP outcalls --------------------------------------------------------------------------

    List<HttpOutcallRequest> pendingHttpOutcalls() {
        return new ArrayList<>(management.pendingHttpOutcalls());
    }

    void close() {
        for (Canister canister : allCanisters()) {
            canister.replaceExecution(ExecutionState.empty()).close();
        }
        canisters.clear();
        queue.clear();
        nextRound.clear();
    }
}
