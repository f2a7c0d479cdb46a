package io.diode.pocketic.embedded.ichttp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.diode.ic.IcTime;
import io.diode.pocketic.embedded.api.CallResult;
import io.diode.pocketic.embedded.api.CanisterNotFoundException;
import io.diode.pocketic.embedded.api.IcInstance;
import io.diode.pocketic.embedded.api.MessageId;
import io.diode.pocketic.embedded.api.SubnetInfo;
import io.diode.pocketic.embedded.certification.CertifiedState;
import io.diode.pocketic.embedded.certification.RepresentationIndependentHash;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.ic4j.types.Principal;

/**
 * The IC HTTP interface (the one mainnet serves and agents speak) over one {@link IcInstance}: {@code status},
 * {@code call} (v2 asynchronous, v3 synchronous with a certificate), {@code query} (signed by a node key) and
 * {@code read_state} (certified by the subnet's BLS key). Independent of any HTTP server: the caller passes the
 * path below the instance ({@code api/v2/...}) and the body, and serialises access to the instance.
 *
 * <p><b>Progress.</b> An update call executes synchronously: the call endpoint runs rounds until the message
 * completes, so a v2 agent's first {@code request_status} poll already sees the answer and a v3 call returns it.
 * A message that waits for something only the test can provide (an unmocked HTTP outcall) stays
 * {@code processing} until later rounds (a tick, auto progress, or the next call) complete it.
 *
 * <p><b>Time.</b> Agents stamp requests with their wall clock and check that certificates are recent. Each
 * call, query and read_state therefore first brings the instance's time up to the wall clock when it lags
 * behind (time never moves backwards); {@code ingress_expiry} is checked against that time.
 */
public final class IcHttpInterface {

    private static final Logger LOG = Logger.getLogger(IcHttpInterface.class.getName());
    private static final byte[] SELF_DESCRIBED_CBOR_TAG = {(byte) 0xd9, (byte) 0xd9, (byte) 0xf7};
    private static final byte[] RESPONSE_DOMAIN = "\u000Bic-response".getBytes(StandardCharsets.US_ASCII);
    /** The IC interface specification version whose HTTP interface this follows. */
    public static final String IC_API_VERSION = "0.18.0";

    private final ObjectMapper cbor = new ObjectMapper(new CBORFactory());
    private final EnvelopeParser parser = new EnvelopeParser();
    private final SenderAuthentication authentication = new SenderAuthentication();
    private final NodeSigningKey node = new NodeSigningKey();
    /**
     * Who sent each ingress message: only they may read its status. Shared with the PocketIC REST API's
     * {@code submit_ingress_message}, so either side can ask about a message the other submitted.
     */
    private final Map<MessageId, Principal> senders;

    private final Clock wallClock;

    public IcHttpInterface() {
        this(Clock.systemUTC(), new HashMap<>());
    }

    /** @param senders the instance's ingress messages and their senders, filled by whoever submits one */
    public IcHttpInterface(Clock wallClock, Map<MessageId, Principal> senders) {
        this.wallClock = wallClock;
        this.senders = senders;
    }

    /**
     * Answers one request; never throws.
     *
     * @param path the path below the instance, e.g. {@code api/v2/canister/<effective canister id>/call}
     */
    public IcHttpResponse handle(IcInstance instance, String method, String path, byte[] body) {
        try {
            return route(instance, method, path, body);
        } catch (IcHttpException e) {
            return IcHttpResponse.error(e.httpStatus(), e.getMessage());
        } catch (IllegalArgumentException | IllegalStateException e) {
            return IcHttpResponse.error(400, e.getMessage());
        } catch (RuntimeException | Error e) {
            LOG.log(Level.SEVERE, "internal error answering IC HTTP " + method + " " + path, e);
            return IcHttpResponse.error(500, "internal error of pocketic-embedded: " + e);
        }
    }

    private IcHttpResponse route(IcInstance instance, String method, String path, byte[] body) {
        List<String> segments = Arrays.stream(path.split("/"))
                .filter(segment -> !segment.isEmpty())
                .toList();
        if (segments.size() < 3
                || !segments.get(0).equals("api")
                || !List.of("v2", "v3", "v4").contains(segments.get(1))) {
            throw new IcHttpException(
                    404,
                    "no IC HTTP interface endpoint /" + path
                            + "; the interface serves api/v2/status and api/v2|v3|v4/canister|subnet/<id>/call|query|read_state");
        }
        String version = segments.get(1);
        if (segments.size() == 3 && segments.get(2).equals("status")) {
            requireMethod(method, "GET", path);
            return status(instance);
        }
        if (segments.size() != 5) {
            throw new IcHttpException(404, "no IC HTTP interface endpoint /" + path);
        }
        requireMethod(method, "POST", path);
        String kind = segments.get(2);
        Principal target = principal(segments.get(3), kind.equals("subnet") ? "subnet id" : "effective canister id");
        String operation = segments.get(4);
        if (kind.equals("canister")) {
            return switch (operation) {
                // v4 differs from v3 only in where a delegation's canister ranges are: certificates here have none
                case "call" -> call(instance, target, body, !version.equals("v2"));
                case "query" -> query(instance, target, body);
                case "read_state" -> readState(instance, target, body, false);
                default ->
                    throw new IcHttpException(
                            404, "no operation '" + operation + "' on a canister; use call, query or read_state");
            };
        }
        if (kind.equals("subnet") && operation.equals("read_state")) {
            return readState(instance, target, body, true);
        }
        throw new IcHttpException(404, "no IC HTTP interface endpoint /" + path);
    }

    // ---- status -------------------------------------------------------------------------------------

    private IcHttpResponse status(IcInstance instance) {
        ObjectNode status = cbor.createObjectNode();
        status.put("ic_api_version", IC_API_VERSION);
        status.put("impl_version", "pocketic-embedded");
        status.put("replica_health_status", "healthy");
        status.put("root_key", instance.rootKey());
        return IcHttpResponse.cbor(200, selfDescribed(status));
    }

    // ---- call -----------------------------------------------------------------------------------------

    private IcHttpResponse call(IcInstance instance, Principal effectiveCanisterId, byte[] body, boolean synchronous) {
        Envelope<CallRequest> envelope = parser.parseCall(body);
        CallRequest call = envelope.request();
        checkEffectiveCanisterId(instance, call.canisterId(), effectiveCanisterId);
        authenticate(instance, envelope);
        MessageId id = call.requestId();
        // a request id names one message: resending it (agents retry) must not execute it twice
        if (!senders.containsKey(id)) {
            senders.put(id, call.sender());
            instance.submitIngress(
                    id,
                    call.sender(),
                    call.canisterId(),
                    call.methodName(),
                    call.arg(),
                    call.canisterId().equals(IcInstance.MANAGEMENT_CANISTER) ? effectiveCanisterId : call.canisterId());
            runUntilComplete(instance, id);
        }
        if (!synchronous) {
            return IcHttpResponse.accepted();
        }
        Optional<CallResult> result = instance.ingressStatus(id);
        if (result.isEmpty()) {
            // v3: the replica answers 202 when the call does not complete in time; the agent then polls
            return IcHttpResponse.accepted();
        }
        byte[] certificate = stateAt(instance)
                .withRequestStatus(id, result)
                .certificate(instance::signStateRoot, List.of(List.of(label("request_status"), id.bytes())));
        ObjectNode response = cbor.createObjectNode();
        response.put("status", "replied");
        response.put("certificate", certificate);
        return IcHttpResponse.cbor(200, selfDescribed(response));
    }

    private static void runUntilComplete(IcInstance instance, MessageId id) {
        try {
            instance.awaitIngress(id);
        } catch (IllegalStateException waiting) {
            // it waits for something only the test provides (an unmocked HTTP outcall): it stays "processing"
            LOG.fine(() -> "ingress message " + id + " stays processing: " + waiting.getMessage());
        }
    }

    // ---- query ----------------------------------------------------------------------------------------

    private IcHttpResponse query(IcInstance instance, Principal effectiveCanisterId, byte[] body) {
        Envelope<QueryRequest> envelope = parser.parseQuery(body);
        QueryRequest query = envelope.request();
        checkEffectiveCanisterId(instance, query.canisterId(), effectiveCanisterId);
        authenticate(instance, envelope);
        CallResult result = instance.query(query.sender(), query.canisterId(), query.methodName(), query.arg());
        ObjectNode response = cbor.createObjectNode();
        switch (result) {
            case CallResult.Reply reply -> {
                response.put("status", "replied");
                response.putObject("reply").put("arg", reply.data());
            }
            case CallResult.Reject reject -> {
                response.put("status", "rejected");
                response.put("reject_code", reject.code().code());
                response.put("reject_message", reject.message());
                response.put("error_code", reject.errorCode() == null ? "" : reject.errorCode());
            }
        }
        // signed before the signatures field exists: the signed hash covers the response without it
        ObjectNode signature = nodeSignature(response, query.requestId(), IcTime.toNanos(instance.time()));
        response.putArray("signatures").add(signature);
        return IcHttpResponse.cbor(200, selfDescribed(response));
    }

    /**
     * The node's signature of a query response: Ed25519 over {@code "\x0Bic-response"} and the representation-
     * independent hash of the response with its timestamp and request id (the spec's "query response signature").
     */
    private ObjectNode nodeSignature(ObjectNode response, MessageId requestId, long timestampNanos) {
        ObjectNode signed = response.deepCopy();
        signed.put("timestamp", timestampNanos);
        signed.put("request_id", requestId.bytes());
        byte[] hash = RepresentationIndependentHash.hashOf(signed);
        byte[] message = Arrays.copyOf(RESPONSE_DOMAIN, RESPONSE_DOMAIN.length + hash.length);
        System.arraycopy(hash, 0, message, RESPONSE_DOMAIN.length, hash.length);
        ObjectNode signature = cbor.createObjectNode();
        signature.put("timestamp", timestampNanos);
        signature.put("signature", node.sign(message));
        signature.put("identity", node.nodeId().getValue());
        return signature;
    }

    // ---- read_state -----------------------------------------------------------------------------------

    private IcHttpResponse readState(IcInstance instance, Principal target, byte[] body, boolean subnetEndpoint) {
        Envelope<ReadStateRequest> envelope = parser.parseReadState(body);
        ReadStateRequest request = envelope.request();
        SubnetInfo subnet = instance.subnet();
        if (subnetEndpoint) {
            if (!target.equals(subnet.subnetId())) {
                throw new IcHttpException(
                        404, "no subnet " + target + " on this instance; its subnet is " + subnet.subnetId());
            }
        } else {
            checkOnSubnet(rootSubnetForAgents(instance), target);
        }
        authenticate(instance, envelope);
        CertifiedState state = stateAt(instance);
        for (List<byte[]> path : request.paths()) {
            addPath(instance, state, path, request.sender(), target, subnetEndpoint);
        }
        byte[] certificate = state.certificate(instance::signStateRoot, request.paths());
        ObjectNode response = cbor.createObjectNode();
        response.put("certificate", certificate);
        return IcHttpResponse.cbor(200, selfDescribed(response));
    }

    /** Puts what {@code path} asks for into the state, after checking the sender may read it. */
    private void addPath(
            IcInstance instance,
            CertifiedState state,
            List<byte[]> path,
            Principal sender,
            Principal target,
            boolean subnetEndpoint) {
        if (path.isEmpty()) {
            throw IcHttpException.badRequest("read_state paths must not be empty: ask for e.g. [\"time\"]");
        }
        String first = new String(path.getFirst(), StandardCharsets.UTF_8);
        switch (first) {
            case "time" -> {
                // always present
            }
            case "subnet" ->
                state.withSubnet(
                        rootSubnetForAgents(instance), instance.rootKey(), Map.of(node.nodeId(), node.publicKeyDer()));
            case "canister" -> {
                if (subnetEndpoint) {
                    throw new IcHttpException(
                            404,
                            "canister paths are read through /api/v2/canister/<id>/read_state, "
                                    + "not the subnet endpoint");
                }
                addCanister(instance, state, path, target);
            }
            case "request_status" -> {
                if (subnetEndpoint) {
                    throw new IcHttpException(
                            404,
                            "request_status paths are read through "
                                    + "/api/v2/canister/<id>/read_state, not the subnet endpoint");
                }
                addRequestStatus(instance, state, path, sender);
            }
            default ->
                throw new IcHttpException(
                        404,
                        "the state tree has no branch '" + first
                                + "'; readable are time, canister, request_status and subnet");
        }
    }

    private static void addCanister(IcInstance instance, CertifiedState state, List<byte[]> path, Principal target) {
        if (path.size() < 3) {
            throw IcHttpException.badRequest("canister paths read canister/<id>/module_hash, canister/<id>/controllers"
                    + " or canister/<id>/metadata/<name>");
        }
        Principal canister = Principal.from(path.get(1));
        if (!canister.equals(target)) {
            throw IcHttpException.badRequest("the path reads canister " + canister + " but the request went to the "
                    + "effective canister id " + target + "; send it to /api/v2/canister/" + canister + "/read_state");
        }
        String leaf = new String(path.get(2), StandardCharsets.UTF_8);
        if (!List.of("module_hash", "controllers", "metadata").contains(leaf)) {
            throw new IcHttpException(
                    404,
                    "canister/<id>/" + leaf + " is not readable; readable are module_hash, "
                            + "controllers and metadata/<name>");
        }
        try {
            instance.moduleHash(canister).ifPresent(hash -> state.withModuleHash(canister, hash));
            state.withControllers(canister, instance.controllers(canister));
        } catch (CanisterNotFoundException absent) {
            // an unknown canister has no entries: the certificate proves their absence
        }
        // metadata sections are not exposed by the engine: the certificate proves them absent
    }

    private void addRequestStatus(IcInstance instance, CertifiedState state, List<byte[]> path, Principal sender) {
        if (path.size() < 2 || path.get(1).length != 32) {
            throw IcHttpException.badRequest("request_status paths read request_status/<32-byte request id>/...");
        }
        MessageId id = new MessageId(path.get(1));
        Principal submitter = senders.get(id);
        if (submitter == null) {
            return; // unknown: absent from the tree, so the agent sees "unknown" and keeps polling
        }
        if (!submitter.equals(sender)) {
            throw new IcHttpException(
                    403,
                    "request " + id + " was sent by " + submitter + "; only its sender may " + "read its status, not "
                            + sender);
        }
        state.withRequestStatus(id, instance.ingressStatus(id));
    }

    // ---- checks -----------------------------------------------------------------------------------------

    private void authenticate(IcInstance instance, Envelope<?> envelope) {
        catchUpWithWallClock(instance);
        authentication.authenticate(envelope, instance.time());
    }

    /** Agents live on the wall clock: a lagging instance jumps forward to it (never backwards). */
    private void catchUpWithWallClock(IcInstance instance) {
        Instant now = wallClock.instant();
        if (now.isAfter(instance.time())) {
            instance.setTime(now);
        }
    }

    /**
     * The effective canister id in the URL routes the request: a call to a canister must name that canister;
     * a call to the management canister names the canister it is about (any id on the subnet when it creates
     * one).
     */
    private static void checkEffectiveCanisterId(
            IcInstance instance, Principal canisterId, Principal effectiveCanisterId) {
        if (!canisterId.equals(IcInstance.MANAGEMENT_CANISTER) && !canisterId.equals(effectiveCanisterId)) {
            throw IcHttpException.badRequest("the effective canister id " + effectiveCanisterId + " in the URL is "
                    + "not the request's canister_id " + canisterId + "; send it to /api/v2/canister/" + canisterId
                    + "/...");
        }
        checkOnSubnet(rootSubnetForAgents(instance), effectiveCanisterId);
    }

    /**
     * The first subnet as agents see it. Certificates carry no delegation (every subnet signs with the root key), so
     * an agent takes the root key's subnet for every canister and checks the canister against that subnet's certified
     * {@code canister_ranges}: they list the ranges of all the instance's subnets.
     */
    private static SubnetInfo rootSubnetForAgents(IcInstance instance) {
        SubnetInfo root = instance.subnet();
        List<SubnetInfo.CanisterIdRange> ranges = instance.subnets().stream()
                .flatMap(subnet -> subnet.canisterRanges().stream())
                .sorted((x, y) ->
                        Arrays.compareUnsigned(x.start().getValue(), y.start().getValue()))
                .toList();
        return new SubnetInfo(root.subnetId(), root.kind(), root.nodeCount(), ranges);
    }

    private static void checkOnSubnet(SubnetInfo subnet, Principal effectiveCanisterId) {
        byte[] id = effectiveCanisterId.getValue();
        for (SubnetInfo.CanisterIdRange range : subnet.canisterRanges()) {
            if (Arrays.compareUnsigned(id, range.start().getValue()) >= 0
                    && Arrays.compareUnsigned(id, range.end().getValue()) <= 0) {
                return;
            }
        }
        throw IcHttpException.badRequest("the effective canister id " + effectiveCanisterId + " is not on any of "
                + "this instance's subnets (canister ranges "
                + subnet.canisterRanges().stream()
                        .map(range -> range.start() + ".." + range.end())
                        .toList() + ")");
    }

    // ---- helpers --------------------------------------------------------------------------------------

    private static CertifiedState stateAt(IcInstance instance) {
        return new CertifiedState(IcTime.toNanos(instance.time()));
    }

    private static Principal principal(String text, String what) {
        try {
            return Principal.fromString(text);
        } catch (RuntimeException e) {
            throw IcHttpException.badRequest("'" + text + "' in the URL is not a valid " + what + " (textual "
                    + "principal such as rwlgt-iiaaa-aaaaa-aaaaa-cai)");
        }
    }

    private static void requireMethod(String method, String expected, String path) {
        if (!method.equalsIgnoreCase(expected)) {
            throw new IcHttpException(405, "/" + path + " takes " + expected + ", not " + method);
        }
    }

    private static byte[] label(String text) {
        return CertifiedState.label(text);
    }

    private byte[] selfDescribed(ObjectNode value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(SELF_DESCRIBED_CBOR_TAG);
        try {
            bytes.writeBytes(cbor.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("encoding a response as CBOR failed", e);
        }
        return bytes.toByteArray();
    }
}
