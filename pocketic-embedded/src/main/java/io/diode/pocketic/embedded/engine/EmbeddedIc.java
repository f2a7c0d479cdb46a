package io.diode.pocketic.embedded.engine;

import io.diode.ic.IcTime;
import io.diode.ic.MessageLimits;
import io.diode.ic.Sha256;
import io.diode.pocketic.embedded.api.CallResult;
import io.diode.pocketic.embedded.api.CanisterNotFoundException;
import io.diode.pocketic.embedded.api.HttpOutcallRequest;
import io.diode.pocketic.embedded.api.HttpOutcallResponse;
import io.diode.pocketic.embedded.api.IcInstance;
import io.diode.pocketic.embedded.api.InstanceConfig;
import io.diode.pocketic.embedded.api.MessageId;
import io.diode.pocketic.embedded.api.RejectCode;
import io.diode.pocketic.embedded.api.SubnetInfo;
import io.diode.pocketic.embedded.certification.SubnetSigningKey;
import io.diode.pocketic.embedded.wasm.GuestThreads;
import io.diode.pocketic.embedded.wasm.WasmRuntime;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.ic4j.types.Principal;

/**
 * The engine: an {@link IcInstance} that runs canister WebAssembly in-process on GraalWasm. Create one with
 * {@link #create(InstanceConfig)}; close it to free its canisters' memory. Operations that run canister code (rounds,
 * awaiting, queries, outcall mocks) hand themselves to a canister thread ({@link GuestThreads}) once, rather than once
 * per execution.
 */
public final class EmbeddedIc implements IcInstance {

    /** awaitIngress gives up after this many rounds without the message completing. */
    static final int MAX_AWAIT_ROUNDS = 10_000;

    private static CanisterCodeLoader sharedLoader;
    private static CanisterCodeLoader unmeteredLoader;

    private final SubnetNetwork network;
    private final Set<MessageId> submitted = new HashSet<>();
    private long ingressNonce;
    private final MessageDigest messageIdDigest = Sha256.newDigest();
    private boolean closed;

    private EmbeddedIc(InstanceConfig config, CanisterCodeLoader codeLoader) {
        this.network = new SubnetNetwork(
                config.subnets(),
                SubnetKey.INSTANCE,
                codeLoader,
                IcTime.toNanos(config.initialTime()),
                config.instructionLimits());
    }

    /**
     * What a canister printed with {@code ic0.debug_print} (and trap messages) that its log still holds (the
     * canister log keeps the newest 4 KiB), oldest first: for tests.
     */
    java.util.List<String> debugPrints(Principal canister) {
        Subnet subnet = network.hosting(canister);
        Canister found = subnet == null ? null : subnet.canister(canister);
        return found == null
                ? java.util.List.of()
                : found.log().records().stream()
                        .map(record -> new String(record.content(), java.nio.charset.StandardCharsets.UTF_8))
                        .toList();
    }

    /** A new instance: the configured subnets, no canisters, time as configured. */
    public static IcInstance create(InstanceConfig config) {
        return new EmbeddedIc(config, sharedLoader());
    }

    /**
     * An instance whose canisters count no instructions (performance counters read 0, no instruction limit holds):
     * only for measuring what metering costs. Its modules compile in a runtime of their own.
     */
    static synchronized IcInstance createWithoutInstructionMetering() {
        if (unmeteredLoader == null) {
            unmeteredLoader = new GraalCanisterCodeLoader(WasmRuntime.withoutInstructionMetering());
        }
        return new EmbeddedIc(InstanceConfig.defaults(), unmeteredLoader);
    }

    /** A new instance starting at the current time. */
    public static IcInstance create() {
        return create(InstanceConfig.defaults());
    }

    /**
     * One GraalWasm engine and module cache for the whole JVM, so a module is compiled once however many
     * instances run it. It lives as long as the JVM (closing an instance does not close it). GraalWasm starts in the
     * background: the first instance is ready before it.
     */
    private static synchronized CanisterCodeLoader sharedLoader() {
        if (sharedLoader == null) {
            sharedLoader = new BackgroundStartedCodeLoader(() -> new GraalCanisterCodeLoader(new WasmRuntime()));
        }
        return sharedLoader;
    }

    /**
     * Every instance's first subnet has the same key, derived from a fixed seed, so keys and ids are reproducible from
     * run to run (a local test engine guards nothing). It is the root key, and every subnet signs its certificates with
     * it, without delegation; for those agents (agent-js) look the subnet up (canister ranges, node keys) under the
     * key's self-authenticating principal: that is the first subnet's id. Made once per JVM, on first use.
     */
    private static final class SubnetKey {
        static final SubnetSigningKey INSTANCE = derive();

        private static SubnetSigningKey derive() {
            return new SubnetSigningKey(
                    Sha256.of("diode embedded application subnet".getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** The engine's state behind the API (the default subnet's), for tests in this package. */
    Subnet subnetState() {
        return network.defaultSubnet();
    }

    @Override
    public SubnetInfo subnet() {
        ensureOpen();
        return info(network.root());
    }

    @Override
    public List<SubnetInfo> subnets() {
        ensureOpen();
        return network.subnets().stream().map(EmbeddedIc::info).toList();
    }

    private static SubnetInfo info(Subnet subnet) {
        return new SubnetInfo(
                subnet.subnetId(),
                subnet.kind().pocketIcName(),
                subnet.kind().nodeCount(),
                subnet.idAllocator().ranges());
    }

    @Override
    public Optional<Principal> subnetOf(Principal canisterId) {
        ensureOpen();
        return Optional.ofNullable(network.hosting(canisterId)).map(Subnet::subnetId);
    }

    @Override
    public Principal defaultEffectiveCanisterId() {
        ensureOpen();
        return network.defaultSubnet().idAllocator().firstAllocated();
    }

    @Override
    public byte[] subnetPublicKey(Principal subnetId) {
        ensureOpen();
        Subnet subnet = network.withId(subnetId);
        if (subnet == null) {
            throw new IllegalArgumentException("no subnet " + subnetId + " on this instance; its subnets are "
                    + network.subnets().stream().map(Subnet::subnetId).toList());
        }
        return subnet.publicKeyDer();
    }

    // ---- time and rounds ------------------------------------------------------------------------

    @Override
    public Instant time() {
        ensureOpen();
        return IcTime.fromNanos(network.root().timeNanos());
    }

    @Override
    public void setTime(Instant time) {
        ensureOpen();
        long nanos = IcTime.toNanos(time);
        if (nanos < network.root().timeNanos()) {
            throw new IllegalArgumentException(
                    "time cannot move backwards: the instance is at " + time() + ", asked for " + time);
        }
        network.subnets().forEach(subnet -> subnet.setTime(nanos));
    }

    @Override
    public void tick() {
        ensureOpen();
        GuestThreads.run(network::executeRound);
    }

    // ---- messages -------------------------------------------------------------------------------

    @Override
    public MessageId submitIngress(
            Principal sender, Principal canisterId, String method, byte[] argument, Principal effectiveCanisterId) {
        ensureOpen();
        return submitIngress(
                nextMessageId(sender, canisterId, method, argument),
                sender,
                canisterId,
                method,
                argument,
                effectiveCanisterId);
    }

    @Override
    public MessageId submitIngress(
            MessageId messageId,
            Principal sender,
            Principal canisterId,
            String method,
            byte[] argument,
            Principal effectiveCanisterId) {
        ensureOpen();
        if (!submitted.add(messageId)) {
            throw new IllegalArgumentException(
                    "ingress message " + messageId + " was already submitted; " + "a request id names one message");
        }
        // the subnet of the canister, or for the management canister of the effective canister id
        Subnet subnet = canisterId.equals(MANAGEMENT_CANISTER)
                ? network.forEffectiveCanisterId(effectiveCanisterId)
                : network.forEffectiveCanisterId(canisterId);
        // canister_inspect_message, where the canister has one, hands itself over (WasmInstance.invoke)
        CallResult.Reject rejection =
                ingressRejection(subnet, sender, canisterId, method, argument, effectiveCanisterId);
        if (rejection != null) {
            subnet.recordIngressResult(messageId, rejection);
            return messageId;
        }
        Canister receiver = subnet.canister(canisterId);
        if (receiver != null) {
            BigInteger fee =
                    subnet.fees().ingressReception(method.getBytes(StandardCharsets.UTF_8).length, argument.length);
            receiver.chargeFee(fee);
        }
        subnet.enqueue(new Message.Request(
                sender, canisterId, method, argument.clone(), BigInteger.ZERO, new CallOrigin.Ingress(messageId)));
        return messageId;
    }

    /** The checks the IC makes before accepting an ingress message into a block. */
    private CallResult.Reject ingressRejection(
            Subnet subnet,
            Principal sender,
            Principal canisterId,
            String method,
            byte[] argument,
            Principal effectiveCanisterId) {
        if (argument.length > MessageLimits.MAX_PAYLOAD_BYTES) {
            return new CallResult.Reject(
                    RejectCode.CANISTER_ERROR,
                    "The ingress message to " + canisterId + "."
                            + method + " has an argument of " + argument.length + " bytes, more than the limit of "
                            + MessageLimits.MAX_PAYLOAD_BYTES + " bytes. Send large data in chunks.",
                    "IC0504");
        }
        if (canisterId.equals(MANAGEMENT_CANISTER)) {
            if (method.equals("fetch_canister_logs")) {
                return new CallResult.Reject(
                        RejectCode.CANISTER_REJECT,
                        "ic00 method fetch_canister_logs can not be" + " called via ingress messages",
                        "IC0406");
            }
            if (ManagementCanister.isCanisterOnly(method)) {
                return new CallResult.Reject(
                        RejectCode.CANISTER_REJECT, "Only canisters can call ic00 method " + method, "IC0406");
            }
            Principal target = ManagementCanister.targetCanister(method, argument);
            if (target != null && effectiveCanisterId != null && !target.equals(effectiveCanisterId)) {
                return new CallResult.Reject(
                        RejectCode.CANISTER_REJECT,
                        "The effective canister id "
                                + effectiveCanisterId + " of the call to ic00 method " + method
                                + " does not match the canister id " + target + " in its argument",
                        "IC0406");
            }
            return null;
        }
        Canister canister = subnet.canister(canisterId);
        CallResult.Reject rejection = subnet.admissionRejection(canister, canisterId, method, false);
        if (rejection != null) {
            return "IC0537".equals(rejection.errorCode()) ? IcRejects.moduleNotFoundAtSubmission() : rejection;
        }
        BigInteger missing = subnet.missingCycles(
                canister,
                subnet.fees()
                        .ingressReception(method.getBytes(StandardCharsets.UTF_8).length, argument.length)
                        .add(subnet.fees().updateExecution()));
        if (missing.signum() > 0) {
            return IcRejects.outOfCycles(canisterId, missing);
        }
        try {
            if (!subnet.executor.inspectMessage(canister, sender, method, argument)) {
                return new CallResult.Reject(
                        RejectCode.CANISTER_REJECT,
                        "Error from Canister " + canisterId + ": Canister rejected the message",
                        "IC0406");
            }
        } catch (CanisterTrap outOfInstructions) {
            return outOfInstructions.toReject(canisterId.toString());
        }
        return null;
    }

    @Override
    public CallResult awaitIngress(MessageId messageId) {
        ensureOpen();
        if (!submitted.contains(messageId)) {
            throw new IllegalArgumentException("no ingress message " + messageId + " was submitted to this instance");
        }
        return GuestThreads.call(() -> runRoundsUntilDone(messageId));
    }

    private CallResult runRoundsUntilDone(MessageId messageId) {
        for (int round = 0; round < MAX_AWAIT_ROUNDS; round++) {
            CallResult result = ingressResult(messageId);
            if (result != null) {
                return result;
            }
            if (!network.hasWork()) {
                List<HttpOutcallRequest> outcalls = pendingOutcalls();
                if (!outcalls.isEmpty()) {
                    throw new IllegalStateException("ingress message " + messageId + " cannot complete: it waits for "
                            + outcalls.size() + " pending HTTP outcall(s) "
                            + outcalls.stream()
                                    .map(outcall -> outcall.requestId() + " " + outcall.url())
                                    .toList()
                            + "; answer them with mockHttpOutcall first");
                }
                throw new IllegalStateException("ingress message " + messageId + " cannot complete: no message is"
                        + " queued and nothing it waits for can happen");
            }
            network.executeRound();
        }
        throw new IllegalStateException(
                "ingress message " + messageId + " did not complete within " + MAX_AWAIT_ROUNDS + " rounds");
    }

    @Override
    public Optional<CallResult> ingressStatus(MessageId messageId) {
        ensureOpen();
        return Optional.ofNullable(ingressResult(messageId));
    }

    /** The result the subnet that executed the message recorded, or null while it runs. */
    private CallResult ingressResult(MessageId messageId) {
        for (Subnet subnet : network.subnets()) {
            CallResult result = subnet.ingressResult(messageId);
            if (result != null) {
                return result;
            }
        }
        return null;
    }

    @Override
    public CallResult query(Principal sender, Principal canisterId, String method, byte[] argument) {
        ensureOpen();
        if (argument.length > MessageLimits.MAX_PAYLOAD_BYTES) {
            return new CallResult.Reject(
                    RejectCode.CANISTER_ERROR,
                    "The query to " + canisterId + "." + method
                            + " has an argument of " + argument.length + " bytes, more than the limit of "
                            + MessageLimits.MAX_PAYLOAD_BYTES + " bytes.",
                    "IC0504");
        }
        if (canisterId.equals(MANAGEMENT_CANISTER)) {
            return method.equals("fetch_canister_logs")
                    ? network.forEffectiveCanisterId(ManagementCanister.targetCanister(method, argument))
                            .management
                            .fetchCanisterLogs(sender, argument)
                    : IcRejects.methodNotFound(canisterId, "query", method);
        }
        Subnet subnet = network.forEffectiveCanisterId(canisterId);
        Canister canister = subnet.canister(canisterId);
        CallResult.Reject rejection = subnet.admissionRejection(canister, canisterId, method, true);
        if (rejection != null) {
            return rejection;
        }
        return GuestThreads.call(() -> subnet.executor.executeQuery(canister, sender, method, argument));
    }

    private MessageId nextMessageId(Principal sender, Principal canisterId, String method, byte[] argument) {
        // one digest per instance: looking SHA-256 up per message was half of this method's cost
        synchronized (messageIdDigest) {
            messageIdDigest.update(
                    ByteBuffer.allocate(8).putLong(ingressNonce++).array());
            messageIdDigest.update(sender.getValue());
            messageIdDigest.update(canisterId.getValue());
            messageIdDigest.update(method.getBytes(StandardCharsets.UTF_8));
            messageIdDigest.update(argument);
            return new MessageId(messageIdDigest.digest());
        }
    }

    // ---- testing back doors ---------------------------------------------------------------------

    private Canister existing(Principal canisterId) {
        ensureOpen();
        Subnet subnet = network.hosting(canisterId);
        Canister canister = subnet == null ? null : subnet.canister(canisterId);
        if (canister == null) {
            throw new CanisterNotFoundException(canisterId);
        }
        return canister;
    }

    @Override
    public BigInteger cycleBalance(Principal canisterId) {
        return existing(canisterId).cycles();
    }

    @Override
    public BigInteger addCycles(Principal canisterId, BigInteger amount) {
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("cannot add a negative amount of cycles: " + amount);
        }
        Canister canister = existing(canisterId);
        canister.addCycles(amount);
        return canister.cycles();
    }

    @Override
    public byte[] stableMemory(Principal canisterId) {
        return existing(canisterId).stableMemory().toByteArray();
    }

    @Override
    public long stableMemorySize(Principal canisterId) {
        return existing(canisterId).stableMemory().sizeInBytes();
    }

    @Override
    public void setStableMemory(Principal canisterId, byte[] data) {
        existing(canisterId).stableMemory().replaceWith(data);
    }

    @Override
    public List<Principal> controllers(Principal canisterId) {
        return existing(canisterId).settings().controllers();
    }

    @Override
    public List<Principal> canisters() {
        ensureOpen();
        return network.subnets().stream()
                .flatMap(subnet -> subnet.allCanisters().stream())
                .map(canister -> canister.id)
                .toList();
    }

    // ---- what the IC HTTP interface certifies ---------------------------------------------------

    @Override
    public Optional<byte[]> moduleHash(Principal canisterId) {
        Canister canister = existing(canisterId);
        return canister.isEmpty()
                ? Optional.empty()
                : Optional.of(canister.code().hash().clone());
    }

    @Override
    public byte[] certifiedData(Principal canisterId) {
        return existing(canisterId).certifiedData().clone();
    }

    @Override
    public byte[] rootKey() {
        ensureOpen();
        return network.root().certifier().rootKeyDer();
    }

    @Override
    public byte[] signStateRoot(byte[] rootDigest) {
        ensureOpen();
        return network.root().certifier().signStateRoot(rootDigest);
    }

    // ---- HTTP outcalls --------------------------------------------------------------------------

    @Override
    public List<HttpOutcallRequest> pendingHttpOutcalls() {
        ensureOpen();
        return pendingOutcalls();
    }

    private List<HttpOutcallRequest> pendingOutcalls() {
        return network.subnets().stream()
                .flatMap(subnet -> subnet.pendingHttpOutcalls().stream())
                .toList();
    }

    @Override
    public void mockHttpOutcall(long requestId, HttpOutcallResponse response) {
        ensureOpen();
        List<Principal> subnets = pendingOutcalls().stream()
                .filter(outcall -> outcall.requestId() == requestId)
                .map(HttpOutcallRequest::subnetId)
                .distinct()
                .toList();
        if (subnets.size() > 1) {
            throw new IllegalArgumentException("outcall " + requestId + " is pending on " + subnets.size() + " subnets "
                    + subnets + "; name the subnet (mockHttpOutcall(subnetId, requestId, response))");
        }
        mockHttpOutcall(subnets.isEmpty() ? network.root().subnetId() : subnets.getFirst(), requestId, response);
    }

    @Override
    public void mockHttpOutcall(Principal subnetId, long requestId, HttpOutcallResponse response) {
        ensureOpen();
        Subnet subnet = network.withId(subnetId);
        if (subnet == null) {
            throw new IllegalArgumentException("no subnet " + subnetId + " on this instance; the outcall's subnet id"
                    + " comes from pendingHttpOutcalls()");
        }
        GuestThreads.run(() -> subnet.management.mockHttpOutcall(requestId, response)); // runs the transform
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            network.close();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("this instance is closed");
        }
    }
}
