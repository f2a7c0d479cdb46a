package io.diode.pocketic.embedded.server;

import io.diode.pocketic.embedded.api.CallResult;
import io.diode.pocketic.embedded.api.CanisterNotFoundException;
import io.diode.pocketic.embedded.api.HttpOutcallRequest;
import io.diode.pocketic.embedded.api.HttpOutcallResponse;
import io.diode.pocketic.embedded.api.IcInstance;
import io.diode.pocketic.embedded.api.MessageId;
import io.diode.pocketic.embedded.api.SubnetInfo;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ic4j.types.Principal;

/**
 * A test double of the engine for the HTTP layer's unit tests: it records what the server asks and answers
 * from a script, so that JSON shapes, routing and errors are tested without running WASM.
 */
class ScriptedIcInstance implements IcInstance {

    static final Principal SUBNET = Principal.from(
            new byte[] {7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 2});
    static final Principal CANISTER = Principal.fromString("lxzze-o7777-77777-aaaaa-cai");
    static final SubnetInfo SUBNET_INFO = new SubnetInfo(
            SUBNET,
            "Application",
            13,
            List.of(new SubnetInfo.CanisterIdRange(
                    Principal.fromString("lxzze-o7777-77777-aaaaa-cai"),
                    Principal.fromString("lqy7q-dh777-77777-aaaaq-cai"))));

    Instant time = Instant.parse("2026-01-01T00:00:00Z");
    int ticks;
    boolean closed;
    final Map<Principal, BigInteger> cycles = new LinkedHashMap<>(Map.of(CANISTER, BigInteger.TEN));
    final Map<Principal, byte[]> stableMemory = new HashMap<>();
    final Map<MessageId, CallResult> results = new HashMap<>();
    final List<String> submitted = new ArrayList<>();
    final List<HttpOutcallRequest> pendingOutcalls = new ArrayList<>();
    final Map<Long, HttpOutcallResponse> mockedOutcalls = new HashMap<>();
    CallResult nextResult = new CallResult.Reply(new byte[] {1, 2, 3});

    @Override
    public SubnetInfo subnet() {
        return SUBNET_INFO;
    }

    @Override
    public Instant time() {
        return time;
    }

    @Override
    public void setTime(Instant newTime) {
        if (newTime.isBefore(time)) {
            throw new IllegalArgumentException("time moves backwards");
        }
        time = newTime;
    }

    @Override
    public void tick() {
        ticks++;
    }

    @Override
    public MessageId submitIngress(
            Principal sender, Principal canisterId, String method, byte[] argument, Principal effectiveCanisterId) {
        submitted.add(sender + " " + canisterId + " " + method + " " + argument.length + " " + effectiveCanisterId);
        byte[] id = ByteBuffer.allocate(32).putInt(submitted.size()).array();
        MessageId messageId = new MessageId(id);
        results.put(messageId, nextResult);
        return messageId;
    }

    @Override
    public MessageId submitIngress(
            MessageId messageId,
            Principal sender,
            Principal canisterId,
            String method,
            byte[] argument,
            Principal effectiveCanisterId) {
        submitted.add(sender + " " + canisterId + " " + method + " " + argument.length + " " + effectiveCanisterId);
        results.put(messageId, nextResult);
        return messageId;
    }

    @Override
    public CallResult awaitIngress(MessageId messageId) {
        CallResult result = results.get(messageId);
        if (result == null) {
            throw new IllegalArgumentException("no ingress message " + messageId);
        }
        return result;
    }

    @Override
    public Optional<CallResult> ingressStatus(MessageId messageId) {
        return ticks > 0 ? Optional.ofNullable(results.get(messageId)) : Optional.empty();
    }

    @Override
    public CallResult query(Principal sender, Principal canisterId, String method, byte[] argument) {
        requireCanister(canisterId);
        return nextResult;
    }

    @Override
    public BigInteger cycleBalance(Principal canisterId) {
        requireCanister(canisterId);
        return cycles.get(canisterId);
    }

    @Override
    public BigInteger addCycles(Principal canisterId, BigInteger amount) {
        requireCanister(canisterId);
        return cycles.merge(canisterId, amount, BigInteger::add);
    }

    @Override
    public byte[] stableMemory(Principal canisterId) {
        requireCanister(canisterId);
        return stableMemory.getOrDefault(canisterId, new byte[0]);
    }

    @Override
    public void setStableMemory(Principal canisterId, byte[] data) {
        requireCanister(canisterId);
        stableMemory.put(canisterId, data);
    }

    @Override
    public List<Principal> controllers(Principal canisterId) {
        requireCanister(canisterId);
        return List.of(Principal.anonymous());
    }

    @Override
    public List<Principal> canisters() {
        return List.copyOf(cycles.keySet());
    }

    @Override
    public Optional<byte[]> moduleHash(Principal canisterId) {
        requireCanister(canisterId);
        return Optional.empty();
    }

    @Override
    public byte[] certifiedData(Principal canisterId) {
        requireCanister(canisterId);
        return new byte[0];
    }

    @Override
    public byte[] rootKey() {
        throw new UnsupportedOperationException("the scripted instance has no subnet key");
    }

    @Override
    public byte[] signStateRoot(byte[] rootDigest) {
        throw new UnsupportedOperationException("the scripted instance has no subnet key");
    }

    @Override
    public List<HttpOutcallRequest> pendingHttpOutcalls() {
        return List.copyOf(pendingOutcalls);
    }

    @Override
    public void mockHttpOutcall(long requestId, HttpOutcallResponse response) {
        if (!pendingOutcalls.removeIf(request -> request.requestId() == requestId)) {
            throw new IllegalArgumentException("no pending HTTP outcall " + requestId);
        }
        mockedOutcalls.put(requestId, response);
    }

    @Override
    public void close() {
        closed = true;
    }

    private void requireCanister(Principal canisterId) {
        if (!cycles.containsKey(canisterId)) {
            throw new CanisterNotFoundException(canisterId);
        }
    }
}
