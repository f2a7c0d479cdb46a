package io.diode.pocketic.embedded.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.diode.ic.IcTime;
import io.diode.ic.Sha256;
import io.diode.pocketic.embedded.api.CallResult;
import io.diode.pocketic.embedded.api.CanisterNotFoundException;
import io.diode.pocketic.embedded.api.HttpHeader;
import io.diode.pocketic.embedded.api.HttpOutcallRequest;
import io.diode.pocketic.embedded.api.HttpOutcallResponse;
import io.diode.pocketic.embedded.api.IcInstance;
import io.diode.pocketic.embedded.api.MessageId;
import io.diode.pocketic.embedded.api.RejectCode;
import io.diode.pocketic.embedded.api.SubnetInfo;
import io.diode.pocketic.embedded.ichttp.IcHttpResponse;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.ic4j.types.Principal;

/**
 * The endpoints under {@code /instances/{id}/}: each reads PocketIC's JSON, runs one engine operation under
 * the instance's lock and answers in PocketIC's JSON.
 */
final class InstanceEndpoints {

    /**
     * The largest stable memory {@code read/get_stable_memory} returns. Its answer is a JSON string of base64 that
     * the server builds whole: 256 MiB become 341 MiB of text (about 1 GiB of heap while answering); from about
     * 768 MiB the JSON no longer fits in one Java array and the answer used to be an empty 200.
     */
    static final long MAX_STABLE_MEMORY_ANSWER_BYTES = 256L << 20;

    private static final BigInteger MAX_U16 = BigInteger.valueOf(65_535);
    private static final BigInteger MAX_U64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private final JsonCodec json;
    private final BlobStore blobs;

    InstanceEndpoints(JsonCodec json, BlobStore blobs) {
        this.json = json;
        this.blobs = blobs;
    }

    RestResponse handle(HostedInstance instance, RestRequest request, String endpoint) {
        String method = request.method();
        if (endpoint.startsWith("api/")) {
            IcHttpResponse response = instance.handleIcHttp(method, endpoint, request.body());
            return new RestResponse(response.status(), response.contentType(), response.body(), Map.of());
        }
        return switch (endpoint) {
            case "read/topology", "_/topology" -> get(method, endpoint, () -> json.ok(topology(instance)));
            case "read/get_time" -> get(method, endpoint, () -> getTime(instance));
            case "read/get_canister_http" -> get(method, endpoint, () -> pendingHttpOutcalls(instance));
            case "update/set_time" -> post(method, endpoint, () -> setTime(instance, request));
            case "update/set_certified_time" -> post(method, endpoint, () -> setTime(instance, request));
            case "update/tick" -> post(method, endpoint, () -> tick(instance, request));
            case "update/submit_ingress_message" -> post(method, endpoint, () -> submitIngress(instance, request));
            case "update/await_ingress_message" -> post(method, endpoint, () -> awaitIngress(instance, request));
            case "update/execute_ingress_message" -> post(method, endpoint, () -> executeIngress(instance, request));
            case "read/ingress_status" -> post(method, endpoint, () -> ingressStatus(instance, request));
            case "read/query" -> post(method, endpoint, () -> query(instance, request));
            case "read/get_cycles" -> post(method, endpoint, () -> getCycles(instance, request));
            case "update/add_cycles" -> post(method, endpoint, () -> addCycles(instance, request));
            case "read/get_stable_memory" -> post(method, endpoint, () -> getStableMemory(instance, request));
            case "update/set_stable_memory" -> post(method, endpoint, () -> setStableMemory(instance, request));
            case "read/get_controllers" -> post(method, endpoint, () -> getControllers(instance, request));
            case "read/get_subnet" -> post(method, endpoint, () -> getSubnet(instance, request));
            case "read/pub_key" -> post(method, endpoint, () -> pubKey(instance, request));
            case "update/mock_canister_http" -> post(method, endpoint, () -> mockHttpOutcall(instance, request));
            case "auto_progress" ->
                switch (method) {
                    case "GET" -> json.ok(BooleanNode.valueOf(instance.autoProgressEnabled()));
                    case "POST" -> startAutoProgress(instance, request);
                    default -> throw methodNotAllowed(method, endpoint, "GET or POST");
                };
            case "stop_progress" -> post(method, endpoint, () -> stopProgress(instance, request));
            default -> throw unknownEndpoint(endpoint);
        };
    }

    private static RestApiException unknownEndpoint(String endpoint) {
        if (endpoint.equals("_/dashboard") || endpoint.startsWith("update/canister_snapshot")) {
            return RestApiException.unsupported("/instances/{id}/" + endpoint);
        }
        return RestApiException.notFound("no endpoint /instances/{id}/" + endpoint + " on this server");
    }

    // ---- time and rounds -------------------------------------------------------------------------

    /** PocketIC's {@code Topology}: every subnet, keyed by its id, and the default effective canister id. */
    ObjectNode topology(HostedInstance instance) {
        record Snapshot(List<SubnetInfo> subnets, Principal defaultEffectiveCanisterId) {}
        Snapshot snapshot =
                instance.call(engine -> new Snapshot(engine.subnets(), engine.defaultEffectiveCanisterId()));
        ObjectNode topology = JsonCodec.object();
        ObjectNode configs = topology.putObject("subnet_configs");
        for (SubnetInfo subnet : snapshot.subnets()) {
            configs.set(subnet.subnetId().toString(), subnetConfig(subnet));
        }
        topology.set("default_effective_canister_id", IcJson.rawCanisterId(snapshot.defaultEffectiveCanisterId()));
        return topology;
    }

    /** PocketIC's {@code SubnetConfig} of one subnet. */
    private static ObjectNode subnetConfig(SubnetInfo subnet) {
        ObjectNode config = JsonCodec.object().put("subnet_kind", subnetKind(subnet.kind()));
        ArrayNode seed = config.putArray("subnet_seed");
        for (byte b : Sha256.of(subnet.subnetId().getValue())) {
            seed.add(b & 0xff);
        }
        config.put("instruction_config", "Production");
        config.put("size", subnet.nodeCount());
        ArrayNode ranges = config.putArray("canister_ranges");
        for (SubnetInfo.CanisterIdRange range : subnet.canisterRanges()) {
            ObjectNode node = ranges.addObject();
            node.set("start", IcJson.rawCanisterId(range.start()));
            node.set("end", IcJson.rawCanisterId(range.end()));
        }
        return config;
    }

    private RestResponse getTime(HostedInstance instance) {
        Instant time = instance.call(IcInstance::time);
        return json.ok(JsonCodec.object().put("nanos_since_epoch", IcTime.toNanos(time)));
    }

    private RestResponse setTime(HostedInstance instance, RestRequest request) {
        RequestObject body = json.parseObject(request.body(), "the RawTime body");
        Instant time = body.timeNanos("nanos_since_epoch");
        body.requireNoOtherFields();
        instance.call(engine -> {
            Instant current = engine.time();
            if (time.isBefore(current)) {
                throw RestApiException.badRequest("cannot set the time to " + time
                        + ": it is before the instance's current time " + current + "; time never moves backwards");
            }
            if (time.isAfter(current)) {
                engine.setTime(time);
            }
            return null;
        });
        return json.okUnit();
    }

    private RestResponse tick(HostedInstance instance, RestRequest request) {
        if (request.body().length > 0) {
            RequestObject body = json.parseObject(request.body(), "the tick configs");
            if (body.optional("blockmakers").isPresent()) {
                throw RestApiException.unsupported("tick blockmakers");
            }
            body.requireNoOtherFields();
        }
        instance.call(engine -> {
            engine.tick();
            return null;
        });
        return json.okUnit();
    }

    private RestResponse startAutoProgress(HostedInstance instance, RestRequest request) {
        RequestObject body = json.parseObject(request.body(), "the AutoProgressConfig body");
        instance.startAutoProgress(InstanceConfigParser.parseAutoProgress(body));
        return json.okUnit();
    }

    private RestResponse stopProgress(HostedInstance instance, RestRequest request) {
        // clients send nothing, {} or "" (the Rust client's unit): anything else is a mistake worth reporting
        if (request.body().length > 0) {
            JsonNode body = json.parse(request.body());
            boolean empty = body.isObject() && body.isEmpty()
                    || body.isTextual() && body.textValue().isEmpty()
                    || body.isNull();
            if (!empty) {
                throw RestApiException.badRequest(
                        "stop_progress takes no parameters, got " + RequestObject.describe(body));
            }
        }
        instance.stopAutoProgress();
        return json.okUnit();
    }

    // ---- messages ----------------------------------------------------------------------------------

    /** PocketIC's {@code RawCanisterCall}. */
    private record CanisterCall(
            Principal sender,
            Principal canisterId,
            String method,
            byte[] payload,
            EffectivePrincipal effectivePrincipal) {

        static CanisterCall parse(RequestObject body) {
            CanisterCall call = new CanisterCall(
                    body.principal("sender"),
                    body.principal("canister_id"),
                    body.string("method"),
                    body.base64("payload"),
                    EffectivePrincipal.parse(body.required("effective_principal"), "field \"effective_principal\""));
            if (body.optional("sender_info").isPresent()) {
                throw RestApiException.unsupported("sender_info (delegated sender information)");
            }
            body.requireNoOtherFields();
            return call;
        }
    }

    private RestResponse submitIngress(HostedInstance instance, RestRequest request) {
        CanisterCall call = CanisterCall.parse(json.parseObject(request.body(), "the RawCanisterCall body"));
        ObjectNode result = instance.call(engine -> {
            Optional<CallResult.Reject> invalid = validateEffectivePrincipal(engine, call.effectivePrincipal());
            if (invalid.isPresent()) {
                return IcJson.canisterResult(invalid.get(), true);
            }
            MessageId messageId;
            try {
                messageId = engine.submitIngress(
                        call.sender(),
                        call.canisterId(),
                        call.method(),
                        call.payload(),
                        effectiveCanisterId(engine, call));
            } catch (CanisterNotFoundException e) {
                return IcJson.canisterResult(canisterNotFound(e), true);
            }
            instance.recordSender(messageId, call.sender());
            ObjectNode ok = JsonCodec.object();
            ok.set("effective_principal", IcJson.effectivePrincipal(call.effectivePrincipal()));
            ok.put("message_id", IcJson.base64(messageId.bytes()));
            ObjectNode node = JsonCodec.object();
            node.set("Ok", ok);
            return node;
        });
        return json.ok(result);
    }

    private RestResponse awaitIngress(HostedInstance instance, RestRequest request) {
        MessageId messageId = parseMessageId(json.parseObject(request.body(), "the RawMessageId body"));
        CallResult result = instance.call(engine -> engine.awaitIngress(messageId));
        return json.ok(IcJson.canisterResult(result, true));
    }

    private RestResponse executeIngress(HostedInstance instance, RestRequest request) {
        CanisterCall call = CanisterCall.parse(json.parseObject(request.body(), "the RawCanisterCall body"));
        ObjectNode result = instance.call(engine -> {
            Optional<CallResult.Reject> invalid = validateEffectivePrincipal(engine, call.effectivePrincipal());
            if (invalid.isPresent()) {
                return IcJson.canisterResult(invalid.get(), true);
            }
            try {
                MessageId messageId = engine.submitIngress(
                        call.sender(),
                        call.canisterId(),
                        call.method(),
                        call.payload(),
                        effectiveCanisterId(engine, call));
                instance.recordSender(messageId, call.sender());
                return IcJson.canisterResult(engine.awaitIngress(messageId), true);
            } catch (CanisterNotFoundException e) {
                return IcJson.canisterResult(canisterNotFound(e), true);
            }
        });
        return json.ok(result);
    }

    private RestResponse ingressStatus(HostedInstance instance, RestRequest request) {
        RequestObject body = json.parseObject(request.body(), "the RawIngressStatusArgs body");
        MessageId messageId = parseMessageId(body.object("raw_message_id"));
        Optional<Principal> caller = body.optionalObject("raw_caller").map(raw -> {
            Principal principal = raw.principal("principal_id");
            raw.requireNoOtherFields();
            return principal;
        });
        body.requireNoOtherFields();
        Optional<CallResult> status = instance.call(engine -> engine.ingressStatus(messageId));
        if (status.isEmpty()) {
            return json.ok(NullNode.getInstance());
        }
        Principal sender = instance.senderOf(messageId);
        if (caller.isPresent() && sender != null && !caller.get().equals(sender)) {
            throw new RestApiException(
                    403,
                    "the ingress message " + messageId + " was submitted by " + sender + ", not by " + caller.get());
        }
        return json.ok(IcJson.canisterResult(status.get(), true));
    }

    private RestResponse query(HostedInstance instance, RestRequest request) {
        CanisterCall call = CanisterCall.parse(json.parseObject(request.body(), "the RawCanisterCall body"));
        ObjectNode result = instance.call(engine -> {
            Optional<CallResult.Reject> invalid = validateEffectivePrincipal(engine, call.effectivePrincipal());
            if (invalid.isPresent()) {
                return IcJson.canisterResult(invalid.get(), false);
            }
            try {
                return IcJson.canisterResult(
                        engine.query(call.sender(), call.canisterId(), call.method(), call.payload()), false);
            } catch (CanisterNotFoundException e) {
                return IcJson.canisterResult(canisterNotFound(e), false);
            }
        });
        return json.ok(result);
    }

    private MessageId parseMessageId(RequestObject raw) {
        EffectivePrincipal.parse(raw.required("effective_principal"), "field \"effective_principal\" of " + raw.what());
        byte[] bytes = raw.base64("message_id");
        raw.requireNoOtherFields();
        if (bytes.length != 32) {
            throw RestApiException.badRequest(
                    "message_id must be the 32-byte id from submit_ingress_message, not " + bytes.length + " bytes");
        }
        return new MessageId(bytes);
    }

    /** A subnet the instance does not have cannot take the call, as on the real server. */
    private static Optional<CallResult.Reject> validateEffectivePrincipal(
            IcInstance engine, EffectivePrincipal principal) {
        if (principal instanceof EffectivePrincipal.Subnet subnet
                && subnetInfo(engine, subnet.id()).isEmpty()) {
            return Optional.of(new CallResult.Reject(
                    RejectCode.CANISTER_REJECT, "Subnet " + subnet.id() + " not found", "IC0404"));
        }
        return Optional.empty();
    }

    private static Principal effectiveCanisterId(IcInstance engine, CanisterCall call) {
        if (!call.canisterId().equals(IcInstance.MANAGEMENT_CANISTER)) {
            return call.canisterId();
        }
        if (call.effectivePrincipal() instanceof EffectivePrincipal.Canister canister) {
            return canister.id();
        }
        if (call.effectivePrincipal() instanceof EffectivePrincipal.Subnet subnet) {
            // the management canister of that subnet: any id of its allocation range routes there
            return ManagementCallTarget.canisterIn(call.payload())
                    .orElseGet(() -> subnetInfo(engine, subnet.id())
                            .orElseThrow()
                            .canisterRanges()
                            .getLast()
                            .start());
        }
        return ManagementCallTarget.canisterIn(call.payload()).orElseGet(engine::defaultEffectiveCanisterId);
    }

    private static Optional<SubnetInfo> subnetInfo(IcInstance engine, Principal subnetId) {
        return engine.subnets().stream()
                .filter(subnet -> subnet.subnetId().equals(subnetId))
                .findFirst();
    }

    private static CallResult.Reject canisterNotFound(CanisterNotFoundException e) {
        return new CallResult.Reject(RejectCode.DESTINATION_INVALID, e.getMessage(), "IC0301");
    }

    // ---- testing back doors -----------------------------------------------------------------------

    private Principal parseCanisterId(RestRequest request) {
        RequestObject body = json.parseObject(request.body(), "the RawCanisterId body");
        Principal canisterId = body.principal("canister_id");
        body.requireNoOtherFields();
        return canisterId;
    }

    private RestResponse getCycles(HostedInstance instance, RestRequest request) {
        Principal canisterId = parseCanisterId(request);
        BigInteger cycles = instance.call(engine -> engine.cycleBalance(canisterId));
        return json.ok(JsonCodec.object().put("cycles", cycles));
    }

    private RestResponse addCycles(HostedInstance instance, RestRequest request) {
        RequestObject body = json.parseObject(request.body(), "the RawAddCycles body");
        Principal canisterId = body.principal("canister_id");
        BigInteger amount = body.u128("amount");
        body.requireNoOtherFields();
        BigInteger cycles = instance.call(engine -> engine.addCycles(canisterId, amount));
        return json.ok(JsonCodec.object().put("cycles", cycles));
    }

    private RestResponse getStableMemory(HostedInstance instance, RestRequest request) {
        Principal canisterId = parseCanisterId(request);
        byte[] memory = instance.call(engine -> {
            long size = engine.stableMemorySize(canisterId);
            if (size > MAX_STABLE_MEMORY_ANSWER_BYTES) {
                throw RestApiException.badRequest("the stable memory of canister " + canisterId + " is " + size
                        + " bytes; get_stable_memory answers at most " + MAX_STABLE_MEMORY_ANSWER_BYTES + " bytes"
                        + " (the answer is one base64 JSON string, built in memory). Read it in parts through a query"
                        + " of the canister instead.");
            }
            return engine.stableMemory(canisterId);
        });
        return json.ok(JsonCodec.object().put("blob", IcJson.base64(memory)));
    }

    private RestResponse setStableMemory(HostedInstance instance, RestRequest request) {
        RequestObject body = json.parseObject(request.body(), "the RawSetStableMemory body");
        Principal canisterId = body.principal("canister_id");
        byte[] blobId = body.base64("blob_id");
        body.requireNoOtherFields();
        byte[] data = blobs.content(blobId);
        instance.call(engine -> {
            engine.setStableMemory(canisterId, data);
            return null;
        });
        return json.okUnit();
    }

    private RestResponse getControllers(HostedInstance instance, RestRequest request) {
        Principal canisterId = parseCanisterId(request);
        List<Principal> controllers = instance.call(engine -> engine.controllers(canisterId));
        ArrayNode result = JsonCodec.array();
        controllers.forEach(controller -> result.addObject().put("principal_id", IcJson.base64(controller)));
        return json.ok(result);
    }

    private RestResponse getSubnet(HostedInstance instance, RestRequest request) {
        Principal canisterId = parseCanisterId(request);
        // as PocketIC: the subnet of an existing canister, null for an id no canister has
        Optional<Principal> subnetId = instance.call(engine ->
                engine.canisters().contains(canisterId) ? engine.subnetOf(canisterId) : Optional.<Principal>empty());
        return json.ok(subnetId.<JsonNode>map(id -> JsonCodec.object().put("subnet_id", IcJson.base64(id)))
                .orElse(NullNode.getInstance()));
    }

    /** The subnet's public key, DER-encoded (the root key agents trust), as a JSON array of bytes. */
    private RestResponse pubKey(HostedInstance instance, RestRequest request) {
        RequestObject body = json.parseObject(request.body(), "the RawSubnetId body");
        Principal subnetId = body.principal("subnet_id");
        body.requireNoOtherFields();
        byte[] key = instance.call(engine -> {
            if (subnetInfo(engine, subnetId).isEmpty()) {
                throw RestApiException.notFound("no subnet " + subnetId + " on this instance; its subnets are "
                        + engine.subnets().stream().map(SubnetInfo::subnetId).toList() + " (read/topology)");
            }
            return engine.subnetPublicKey(subnetId);
        });
        ArrayNode bytes = JsonCodec.array();
        for (byte b : key) {
            bytes.add(b & 0xff);
        }
        return json.ok(bytes);
    }

    // ---- HTTP outcalls -------------------------------------------------------------------------------

    private RestResponse pendingHttpOutcalls(HostedInstance instance) {
        List<HttpOutcallRequest> pending = instance.call(IcInstance::pendingHttpOutcalls);
        ArrayNode result = JsonCodec.array();
        for (HttpOutcallRequest outcall : pending) {
            ObjectNode node = result.addObject();
            node.putObject("subnet_id").put("subnet_id", IcJson.base64(outcall.subnetId()));
            node.put("request_id", new BigInteger(Long.toUnsignedString(outcall.requestId())));
            node.put("http_method", outcall.httpMethod().toUpperCase(Locale.ROOT));
            node.put("url", outcall.url());
            ArrayNode headers = node.putArray("headers");
            for (HttpHeader header : outcall.headers()) {
                headers.addObject().put("name", header.name()).put("value", header.value());
            }
            node.put("body", IcJson.base64(outcall.body()));
            if (outcall.maxResponseBytes().isPresent()) {
                node.put("max_response_bytes", outcall.maxResponseBytes().getAsLong());
            } else {
                node.putNull("max_response_bytes");
            }
        }
        return json.ok(result);
    }

    private RestResponse mockHttpOutcall(HostedInstance instance, RestRequest request) {
        RequestObject body = json.parseObject(request.body(), "the RawMockCanisterHttpResponse body");
        RequestObject subnet = body.object("subnet_id");
        Principal subnetId = subnet.principal("subnet_id");
        subnet.requireNoOtherFields();
        long requestId = body.unsigned("request_id", MAX_U64).longValue();
        JsonNode responseNode = body.required("response");
        HttpOutcallResponse response = parseOutcallResponse(responseNode);
        List<JsonNode> additional =
                body.optional("additional_responses").isPresent() ? body.array("additional_responses") : List.of();
        body.requireNoOtherFields();
        for (JsonNode other : additional) {
            parseOutcallResponse(other);
            if (!other.equals(responseNode)) {
                // Differing responses per replica exercise consensus on outcalls, which one engine cannot model.
                throw RestApiException.unsupported("additional_responses that differ from the response");
            }
        }
        instance.call(engine -> {
            if (subnetInfo(engine, subnetId).isEmpty()) {
                throw RestApiException.notFound("there is no subnet " + subnetId + " on this instance; the outcall's "
                        + "subnet_id comes from read/get_canister_http");
            }
            engine.mockHttpOutcall(subnetId, requestId, response);
            return null;
        });
        return json.okUnit();
    }

    private static HttpOutcallResponse parseOutcallResponse(JsonNode node) {
        RequestObject response = RequestObject.of(node, "the canister HTTP response");
        Optional<RequestObject> reply = response.optionalObject("CanisterHttpReply");
        Optional<RequestObject> reject = response.optionalObject("CanisterHttpReject");
        response.requireNoOtherFields();
        if (reply.isPresent() == reject.isPresent()) {
            throw RestApiException.badRequest("a canister HTTP response is {\"CanisterHttpReply\": {...}} or "
                    + "{\"CanisterHttpReject\": {...}}");
        }
        if (reply.isPresent()) {
            RequestObject fields = reply.get();
            int status = fields.unsigned("status", MAX_U16).intValue();
            List<HttpHeader> headers = new ArrayList<>();
            for (JsonNode header : fields.array("headers")) {
                RequestObject headerFields = RequestObject.of(header, "an HTTP header");
                headers.add(new HttpHeader(headerFields.string("name"), headerFields.string("value")));
                headerFields.requireNoOtherFields();
            }
            byte[] bytes = fields.base64("body");
            fields.requireNoOtherFields();
            return new HttpOutcallResponse.Reply(status, headers, bytes);
        }
        RequestObject fields = reject.get();
        long code = fields.unsigned("reject_code", MAX_U64).longValue();
        String message = fields.string("message");
        fields.requireNoOtherFields();
        RejectCode rejectCode;
        try {
            rejectCode = RejectCode.of((int) code);
        } catch (IllegalArgumentException e) {
            throw RestApiException.badRequest("reject_code " + code + " is not an IC reject code (1 to 6)");
        }
        return new HttpOutcallResponse.Reject(rejectCode, message);
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private static String subnetKind(String kind) {
        return kind.equalsIgnoreCase("application") ? "Application" : kind;
    }

    private interface Endpoint {
        RestResponse run();
    }

    private static RestResponse get(String method, String endpoint, Endpoint handler) {
        if (!method.equals("GET")) {
            throw methodNotAllowed(method, endpoint, "GET");
        }
        return handler.run();
    }

    private static RestResponse post(String method, String endpoint, Endpoint handler) {
        if (!method.equals("POST")) {
            throw methodNotAllowed(method, endpoint, "POST");
        }
        return handler.run();
    }

    static RestApiException methodNotAllowed(String method, String endpoint, String allowed) {
        return new RestApiException(405, method + " is not allowed on " + endpoint + "; use " + allowed);
    }
}
