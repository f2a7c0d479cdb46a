package io.diode.pocketic.embedded.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.diode.pocketic.embedded.api.CallResult;
import io.diode.pocketic.embedded.api.HttpHeader;
import io.diode.pocketic.embedded.api.HttpOutcallRequest;
import io.diode.pocketic.embedded.api.HttpOutcallResponse;
import io.diode.pocketic.embedded.api.RejectCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.zip.GZIPOutputStream;
import org.ic4j.candid.parser.IDLArgs;
import org.ic4j.candid.parser.IDLValue;
import org.ic4j.candid.types.Label;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST API's routing, JSON shapes and errors, against a scripted engine (no WASM, no network). */
class PocketIcRestApiTest {

    /** What PicJS 0.23.0 sends for {@code PocketIc.create(url)}. */
    static final String PICJS_CREATE = """
            {"subnet_config_set":{"system":[],"application":[{"dts_flag":"Enabled","instruction_config":"Production",
            "cost_schedule":"Normal","state_config":"New"}],"cloud_engine":[],"verified_application":[]}}""";

    private final ObjectMapper mapper = new ObjectMapper();
    private final List<ScriptedIcInstance> engines = new ArrayList<>();
    private final List<InstanceSettings> settingsSeen = new ArrayList<>();
    private PocketIcRestApi api;

    @BeforeEach
    void startApi() {
        api = new PocketIcRestApi(
                settings -> {
                    settingsSeen.add(settings);
                    ScriptedIcInstance engine = new ScriptedIcInstance();
                    engines.add(engine);
                    return engine;
                },
                1 << 20);
    }

    @Test
    void statusAnswersWithAnEmptyOk() {
        RestResponse response = call("GET", "/status", "");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void createsInstancesNumberedFromZeroWithTheirTopology() throws IOException {
        RestResponse first = call("POST", "/instances", PICJS_CREATE);
        RestResponse second = call("POST", "/instances", PICJS_CREATE);

        assertThat(first.status()).isEqualTo(201);
        JsonNode created = json(first).get("Created");
        assertThat(created.get("instance_id").asInt()).isZero();
        assertThat(json(second).get("Created").get("instance_id").asInt()).isEqualTo(1);
        JsonNode subnet = created.get("topology").get("subnet_configs").get(ScriptedIcInstance.SUBNET.toString());
        assertThat(subnet.get("subnet_kind").asText()).isEqualTo("Application");
        assertThat(subnet.get("subnet_seed")).hasSize(32);
        assertThat(subnet.get("canister_ranges")
                        .get(0)
                        .get("start")
                        .get("canister_id")
                        .asText())
                .isEqualTo(base64(ScriptedIcInstance.CANISTER));
        assertThat(created.get("topology")
                        .get("default_effective_canister_id")
                        .get("canister_id")
                        .asText())
                .isEqualTo(base64(ScriptedIcInstance.CANISTER));
        assertThat(json(call("GET", "/instances/1/_/topology", "")))
                .isEqualTo(json(call("GET", "/instances/1/read/topology", "")));
    }

    @Test
    void refusesSubnetsAndFeaturesItCannotSimulateByName() throws IOException {
        RestResponse fromPath = call(
                "POST",
                "/instances",
                "{\"subnet_config_set\":{\"nns\":{\"state_config\":{\"FromPath\":\"/tmp/nns\"},"
                        + "\"instruction_config\":\"Production\"},\"system\":[],\"application\":[]}}");
        RestResponse none = call(
                "POST",
                "/instances",
                "{\"subnet_config_set\":{\"system\":[],\"application\":[],\"verified_application\":[]}}");
        RestResponse gateway = call(
                "POST",
                "/instances",
                "{\"subnet_config_set\":{\"application\":[{\"state_config\":\"New\"}]},\"http_gateway_config\":{}}");
        RestResponse unknown = call(
                "POST",
                "/instances",
                "{\"subnet_config_set\":{\"application\":[{\"state_config\":\"New\"}]},\"nonmainnet_features\":true}");

        assertThat(fromPath.status()).isEqualTo(400);
        assertThat(json(fromPath).get("Error").get("message").asText())
                .contains("state_config")
                .contains("only \"New\"");
        assertThat(json(none).get("Error").get("message").asText())
                .isEqualTo("ExtendedSubnetConfigSet must contain at least one subnet");
        assertThat(json(gateway).get("Error").get("message").asText())
                .contains("HTTP gateway without a listening server");
        assertThat(json(unknown).get("Error").get("message").asText()).contains("nonmainnet_features");
        assertThat(engines).isEmpty();
    }

    @Test
    void createsTheNamedAndListedSubnetsOfTheConfig() {
        RestResponse created = call(
                "POST",
                "/instances",
                "{\"subnet_config_set\":{\"nns\":{\"state_config\":\"New\","
                        + "\"instruction_config\":\"Production\"},\"sns\":null,\"ii\":{\"state_config\":\"New\","
                        + "\"instruction_config\":\"Production\"},\"fiduciary\":null,\"bitcoin\":null,\"system\":[],"
                        + "\"application\":[{\"state_config\":\"New\",\"instruction_config\":\"Production\"},"
                        + "{\"state_config\":\"New\",\"instruction_config\":\"Production\"}],\"verified_application\":[]}}");

        assertThat(created.status()).isEqualTo(201);
        assertThat(settingsSeen.getFirst().subnets())
                .containsExactly(
                        io.diode.pocketic.embedded.api.SubnetKind.NNS,
                        io.diode.pocketic.embedded.api.SubnetKind.II,
                        io.diode.pocketic.embedded.api.SubnetKind.APPLICATION,
                        io.diode.pocketic.embedded.api.SubnetKind.APPLICATION);
    }

    @Test
    void startsAtTheRequestedInitialTimeOrInAutoProgress() throws IOException {
        String subnets = "{\"subnet_config_set\":{\"application\":[{\"state_config\":\"New\"}]},";

        call(
                "POST",
                "/instances",
                subnets + "\"initial_time\":{\"Timestamp\":{\"nanos_since_epoch\":1700000000000000001}}}");
        call("POST", "/instances", subnets + "\"initial_time\":{\"AutoProgress\":{\"artificial_delay_ms\":50}}}");
        RestResponse tooEarly =
                call("POST", "/instances", subnets + "\"initial_time\":{\"Timestamp\":{\"nanos_since_epoch\":1000}}}");

        assertThat(settingsSeen.get(0).initialTime()).contains(Instant.ofEpochSecond(1_700_000_000L, 1));
        assertThat(settingsSeen.get(1).autoProgressDelay()).contains(java.time.Duration.ofMillis(50));
        assertThat(call("GET", "/instances/1/auto_progress", "").bodyText()).isEqualTo("true");
        assertThat(json(tooEarly).get("Error").get("message").asText()).contains("earliest time");
        call("POST", "/instances/1/stop_progress", "{}");
    }

    @Test
    void engineStateErrorsAreClientErrorsWithTheEnginesMessage() throws IOException {
        api = new PocketIcRestApi(
                settings -> new ScriptedIcInstance() {
                    @Override
                    public void tick() {
                        throw new IllegalStateException(
                                "ingress message 1 cannot complete: it waits for an HTTP outcall");
                    }
                },
                1 << 20);
        call("POST", "/instances", PICJS_CREATE);

        RestResponse tick = call("POST", "/instances/0/update/tick", "{}");

        assertThat(tick.status()).isEqualTo(400);
        assertThat(json(tick).get("message").asText()).contains("waits for an HTTP outcall");
    }

    @Test
    void malformedJsonIsA400NamingTheParseError() throws IOException {
        RestResponse create = call("POST", "/instances", "{\"subnet_config_set\": ");
        call("POST", "/instances", PICJS_CREATE);
        RestResponse setTime = call("POST", "/instances/0/update/set_time", "{nanos_since_epoch: 5}");

        assertThat(create.status()).isEqualTo(400);
        assertThat(json(create).get("Error").get("message").asText()).startsWith("malformed JSON");
        assertThat(setTime.status()).isEqualTo(400);
        assertThat(json(setTime).get("message").asText())
                .startsWith("malformed JSON")
                .contains("line 1");
    }

    @Test
    void listsAndDeletesInstancesFreeingTheEngine() throws IOException {
        call("POST", "/instances", PICJS_CREATE);
        call("POST", "/instances", PICJS_CREATE);

        RestResponse deleted = call("DELETE", "/instances/0", "");
        RestResponse again = call("DELETE", "/instances/0", "");

        assertThat(deleted.status()).isEqualTo(200);
        assertThat(engines.get(0).closed).isTrue();
        assertThat(engines.get(1).closed).isFalse();
        assertThat(again.status()).isEqualTo(404);
        assertThat(json(again).get("message").asText()).contains("instance 0 was deleted");
        assertThat(json(call("GET", "/instances", "")).toString()).isEqualTo("[\"Deleted\",\"Available\"]");
        assertThat(call("GET", "/instances/0/read/get_time", "").status()).isEqualTo(404);
        assertThat(call("GET", "/instances/1/read/get_time", "").status()).isEqualTo(200);
    }

    @Test
    void unknownInstancesEndpointsAndMethodsAreClearErrors() throws IOException {
        call("POST", "/instances", PICJS_CREATE);

        assertThat(json(call("GET", "/instances/7/read/get_time", ""))
                        .get("message")
                        .asText())
                .contains("no instance 7");
        assertThat(json(call("GET", "/instances/x/read/get_time", ""))
                        .get("message")
                        .asText())
                .contains("not an instance id");
        RestResponse unknown = call("POST", "/instances/0/update/frobnicate", "{}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(json(unknown).get("message").asText()).contains("update/frobnicate");
        RestResponse wrongMethod = call("GET", "/instances/0/update/tick", "");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(json(wrongMethod).get("message").asText()).contains("use POST");
        RestResponse icHttp = call("POST", "/instances/0/api/v2/canister/aaaaa-aa/call", "");
        assertThat(icHttp.status()).isEqualTo(400);
        assertThat(icHttp.contentType()).startsWith("text/plain");
        assertThat(icHttp.bodyText()).contains("the request body is empty").contains("CBOR envelope");
        assertThat(json(call("POST", "/http_gateway", "{}"))
                        .get("Error")
                        .get("message")
                        .asText())
                .contains("forward_to");
        assertThat(json(call("POST", "/http_gateway", "{\"forward_to\":{\"PocketIcInstance\":0}}"))
                        .get("Error")
                        .get("message")
                        .asText())
                .contains("HTTP gateway without a listening server");
        assertThat(call("GET", "/nowhere", "").status()).isEqualTo(404);
    }

    @Test
    void timeIsReadSetAndNeverMovesBackwards() throws IOException {
        call("POST", "/instances", PICJS_CREATE);
        long start = engines.get(0).time.getEpochSecond() * 1_000_000_000L;

        assertThat(json(call("GET", "/instances/0/read/get_time", ""))
                        .get("nanos_since_epoch")
                        .asLong())
                .isEqualTo(start);
        assertThat(call("POST", "/instances/0/update/set_time", "{\"nanos_since_epoch\":" + (start + 5) + "}")
                        .bodyText())
                .isEqualTo("null");
        assertThat(engines.get(0).time).isEqualTo(Instant.ofEpochSecond(0, start + 5));
        call("POST", "/instances/0/update/set_certified_time", "{\"nanos_since_epoch\":" + (start + 9) + "}");
        assertThat(engines.get(0).time).isEqualTo(Instant.ofEpochSecond(0, start + 9));

        RestResponse backwards = call("POST", "/instances/0/update/set_time", "{\"nanos_since_epoch\":" + start + "}");
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(json(backwards).get("message").asText()).contains("never moves backwards");
        RestResponse negative = call("POST", "/instances/0/update/set_time", "{\"nanos_since_epoch\":-1}");
        assertThat(json(negative).get("message").asText()).contains("out of range");
        RestResponse extra = call("POST", "/instances/0/update/set_time", "{\"nanos_since_epoch\":1,\"x\":1}");
        assertThat(json(extra).get("message").asText()).contains("[x]");
        assertThat(engines.get(0).time).isEqualTo(Instant.ofEpochSecond(0, start + 9));
    }

    @Test
    void tickAcceptsWhatPicJsAndTheRustClientSend() throws IOException {
        call("POST", "/instances", PICJS_CREATE);

        call("POST", "/instances/0/update/tick", "{}");
        call("POST", "/instances/0/update/tick", "{\"blockmakers\":null}");
        RestResponse blockmakers =
                call("POST", "/instances/0/update/tick", "{\"blockmakers\":{\"blockmakers_per_subnet\":[]}}");

        assertThat(engines.get(0).ticks).isEqualTo(2);
        assertThat(json(blockmakers).get("message").asText()).contains("blockmakers is not supported");
    }

    @Test
    void submitAwaitAndStatusOfIngressMessagesInPocketIcShapes() throws IOException {
        call("POST", "/instances", PICJS_CREATE);
        String sender = base64(Principal.anonymous());
        String call = "{\"sender\":\"" + sender + "\",\"canister_id\":\"" + base64(ScriptedIcInstance.CANISTER)
                + "\",\"method\":\"inc\",\"payload\":\"RElETAAA\",\"effective_principal\":\"None\"}";

        JsonNode submitted = json(call("POST", "/instances/0/update/submit_ingress_message", call))
                .get("Ok");
        String messageId = "{\"effective_principal\":\"None\",\"message_id\":\""
                + submitted.get("message_id").asText() + "\"}";
        JsonNode beforeRound =
                json(call("POST", "/instances/0/read/ingress_status", "{\"raw_message_id\":" + messageId + "}"));
        JsonNode awaited = json(call("POST", "/instances/0/update/await_ingress_message", messageId));
        call("POST", "/instances/0/update/tick", "{}");
        JsonNode afterRound = json(call(
                "POST",
                "/instances/0/read/ingress_status",
                "{\"raw_message_id\":" + messageId + ",\"raw_caller\":null}"));
        RestResponse otherCaller = call(
                "POST",
                "/instances/0/read/ingress_status",
                "{\"raw_message_id\":" + messageId + ",\"raw_caller\":{\"principal_id\":\""
                        + base64(ScriptedIcInstance.CANISTER) + "\"}}");

        assertThat(submitted.get("effective_principal").asText()).isEqualTo("None");
        assertThat(engines.get(0).submitted)
                .containsExactly("2vxsx-fae " + ScriptedIcInstance.CANISTER + " inc 6 " + ScriptedIcInstance.CANISTER);
        assertThat(beforeRound.isNull()).isTrue();
        assertThat(awaited.get("Ok").asText()).isEqualTo("AQID");
        assertThat(afterRound.get("Ok").asText()).isEqualTo("AQID");
        assertThat(otherCaller.status()).isEqualTo(403);
    }

    @Test
    void managementCallsWithoutEffectivePrincipalGoToTheCanisterInTheirArgument() throws IOException {
        call("POST", "/instances", PICJS_CREATE);
        Principal target = Principal.fromString("lz3um-vp777-77777-aaaba-cai");
        byte[] argument = IDLArgs.create(
                        List.of(IDLValue.create(Map.of(Label.createNamedLabel("canister_id"), target))))
                .toBytes();
        String create = "{\"sender\":\"" + base64(Principal.anonymous()) + "\",\"canister_id\":\"\",\"method\":"
                + "\"provisional_create_canister_with_cycles\",\"payload\":\"RElETAAA\",\"effective_principal\":\"None\"}";
        String start = "{\"sender\":\"" + base64(Principal.anonymous()) + "\",\"canister_id\":\"\",\"method\":"
                + "\"start_canister\",\"payload\":\"" + Base64.getEncoder().encodeToString(argument)
                + "\",\"effective_principal\":\"None\"}";

        call("POST", "/instances/0/update/submit_ingress_message", create);
        call("POST", "/instances/0/update/submit_ingress_message", start);

        assertThat(engines.get(0).submitted)
                .containsExactly(
                        "2vxsx-fae aaaaa-aa provisional_create_canister_with_cycles 6 " + ScriptedIcInstance.CANISTER,
                        "2vxsx-fae aaaaa-aa start_canister " + argument.length + " " + target);
    }

    @Test
    void rejectsCarryPocketIcNamesAndCertification() throws IOException {
        call("POST", "/instances", PICJS_CREATE);
        engines.get(0).nextResult = new CallResult.Reject(RejectCode.CANISTER_ERROR, "trapped: boom", "IC0503");
        String call = "{\"sender\":\"BA==\",\"canister_id\":\"" + base64(ScriptedIcInstance.CANISTER)
                + "\",\"method\":\"get\",\"payload\":\"\",\"effective_principal\":{\"CanisterId\":\""
                + base64(ScriptedIcInstance.CANISTER) + "\"}}";

        JsonNode query = json(call("POST", "/instances/0/read/query", call)).get("Err");
        JsonNode update = json(call("POST", "/instances/0/update/execute_ingress_message", call))
                .get("Err");

        assertThat(query.toString())
                .isEqualTo("{\"reject_code\":\"CanisterError\",\"reject_message\":\"trapped: boom\","
                        + "\"error_code\":\"CanisterCalledTrap\",\"certified\":false}");
        assertThat(update.get("certified").asBoolean()).isTrue();
    }

    @Test
    void callsToMissingCanistersAreIcRejectsAndBackDoorsA404() throws IOException {
        call("POST", "/instances", PICJS_CREATE);
        String missing = base64(Principal.fromString("lz3um-vp777-77777-aaaba-cai"));

        JsonNode query = json(call(
                        "POST",
                        "/instances/0/read/query",
                        "{\"sender\":\"BA==\",\"canister_id\":\"" + missing
                                + "\",\"method\":\"get\",\"payload\":\"\",\"effective_principal\":\"None\"}"))
                .get("Err");
        RestResponse cycles = call("POST", "/instances/0/read/get_cycles", "{\"canister_id\":\"" + missing + "\"}");
        RestResponse notAPrincipal = call(
                "POST",
                "/instances/0/read/get_cycles",
                "{\"canister_id\":\"" + Base64.getEncoder().encodeToString(new byte[40]) + "\"}");

        assertThat(query.get("reject_code").asText()).isEqualTo("DestinationInvalid");
        assertThat(query.get("error_code").asText()).isEqualTo("CanisterNotFound");
        assertThat(cycles.status()).isEqualTo(404);
        assertThat(json(cycles).get("message").asText()).contains("lz3um-vp777-77777-aaaba-cai");
        assertThat(json(notAPrincipal).get("message").asText()).contains("at most 29");
    }

    @Test
    void cyclesKeepFullU128Precision() throws IOException {
        call("POST", "/instances", PICJS_CREATE);
        String huge = "340282366920938463463374607431768211000";

        RestResponse added = call(
                "POST",
                "/instances/0/update/add_cycles",
                "{\"canister_id\":\"" + base64(ScriptedIcInstance.CANISTER) + "\",\"amount\":" + huge + "}");
        RestResponse tooMuch = call(
                "POST",
                "/instances/0/update/add_cycles",
                "{\"canister_id\":\"" + base64(ScriptedIcInstance.CANISTER) + "\",\"amount\":" + huge + "000}");

        assertThat(added.bodyText()).isEqualTo("{\"cycles\":340282366920938463463374607431768211010}");
        assertThat(call(
                                "POST",
                                "/instances/0/read/get_cycles",
                                "{\"canister_id\":\"" + base64(ScriptedIcInstance.CANISTER) + "\"}")
                        .bodyText())
                .isEqualTo(added.bodyText());
        assertThat(json(tooMuch).get("message").asText()).contains("out of range");
    }

    @Test
    void stableMemoryGoesThroughTheBlobStoreCompressedOrNot() throws IOException {
        call("POST", "/instances", PICJS_CREATE);
        byte[] data = "stable memory".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzipped)) {
            out.write(data);
        }

        RestResponse plainId = api.handle(new RestRequest("POST", "/blobstore", Map.of(), data));
        RestResponse gzipId = api.handle(
                new RestRequest("POST", "/blobstore/", Map.of("content-encoding", "gzip"), gzipped.toByteArray()));
        String canister = base64(ScriptedIcInstance.CANISTER);
        call(
                "POST",
                "/instances/0/update/set_stable_memory",
                "{\"canister_id\":\"" + canister + "\",\"blob_id\":\""
                        + Base64.getEncoder()
                                .encodeToString(java.util.HexFormat.of().parseHex(gzipId.bodyText())) + "\"}");
        JsonNode read =
                json(call("POST", "/instances/0/read/get_stable_memory", "{\"canister_id\":\"" + canister + "\"}"));
        RestResponse unknownBlob = call(
                "POST",
                "/instances/0/update/set_stable_memory",
                "{\"canister_id\":\"" + canister + "\",\"blob_id\":\""
                        + Base64.getEncoder().encodeToString(new byte[32]) + "\"}");

        assertThat(plainId.bodyText()).hasSize(64).isNotEqualTo(gzipId.bodyText());
        assertThat(engines.get(0).stableMemory.get(ScriptedIcInstance.CANISTER)).isEqualTo(data);
        assertThat(Base64.getDecoder().decode(read.get("blob").asText())).isEqualTo(data);
        assertThat(call("GET", "/blobstore/" + plainId.bodyText(), "").body()).isEqualTo(data);
        assertThat(call("GET", "/blobstore/" + gzipId.bodyText(), "").headers())
                .containsEntry("Content-Encoding", "gzip");
        assertThat(unknownBlob.status()).isEqualTo(404);
        assertThat(json(unknownBlob).get("message").asText()).contains("upload it first");
    }

    @Test
    void controllersAndSubnetOfACanister() throws IOException {
        call("POST", "/instances", PICJS_CREATE);
        String canister = "{\"canister_id\":\"" + base64(ScriptedIcInstance.CANISTER) + "\"}";
        String missing = "{\"canister_id\":\"" + base64(Principal.fromString("lz3um-vp777-77777-aaaba-cai")) + "\"}";

        assertThat(call("POST", "/instances/0/read/get_controllers", canister).bodyText())
                .isEqualTo("[{\"principal_id\":\"BA==\"}]");
        assertThat(json(call("POST", "/instances/0/read/get_subnet", canister))
                        .get("subnet_id")
                        .asText())
                .isEqualTo(base64(ScriptedIcInstance.SUBNET));
        assertThat(call("POST", "/instances/0/read/get_subnet", missing).bodyText())
                .isEqualTo("null");
    }

    @Test
    void pendingHttpOutcallsAreListedAndMocked() throws IOException {
        call("POST", "/instances", PICJS_CREATE);
        engines.get(0)
                .pendingOutcalls
                .add(new HttpOutcallRequest(
                        3,
                        ScriptedIcInstance.SUBNET,
                        ScriptedIcInstance.CANISTER,
                        "get",
                        "https://example.org/x",
                        List.of(new HttpHeader("Accept", "*/*")),
                        new byte[0],
                        OptionalLong.of(1000)));

        JsonNode pending =
                json(call("GET", "/instances/0/read/get_canister_http", "")).get(0);
        String subnet = "{\"subnet_id\":\"" + base64(ScriptedIcInstance.SUBNET) + "\"}";
        String reply =
                "{\"CanisterHttpReply\":{\"status\":200,\"headers\":[{\"name\":\"a\",\"value\":\"b\"}],\"body\":\"aGk=\"}}";
        RestResponse differing = call(
                "POST",
                "/instances/0/update/mock_canister_http",
                "{\"subnet_id\":" + subnet
                        + ",\"request_id\":3,\"response\":" + reply
                        + ",\"additional_responses\":[{\"CanisterHttpReject\":"
                        + "{\"reject_code\":2,\"message\":\"down\"}}]}");
        RestResponse mocked = call(
                "POST",
                "/instances/0/update/mock_canister_http",
                "{\"subnet_id\":" + subnet + ",\"request_id\":3,\"response\":" + reply
                        + ",\"additional_responses\":[]}");
        RestResponse again = call(
                "POST",
                "/instances/0/update/mock_canister_http",
                "{\"subnet_id\":" + subnet + ",\"request_id\":3,\"response\":" + reply
                        + ",\"additional_responses\":[]}");

        assertThat(pending.toString())
                .isEqualTo("{\"subnet_id\":{\"subnet_id\":\"" + base64(ScriptedIcInstance.SUBNET)
                        + "\"},\"request_id\":3,\"http_method\":\"GET\",\"url\":\"https://example.org/x\",\"headers\":"
                        + "[{\"name\":\"Accept\",\"value\":\"*/*\"}],\"body\":\"\",\"max_response_bytes\":1000}");
        assertThat(json(differing).get("message").asText()).contains("additional_responses");
        assertThat(mocked.bodyText()).isEqualTo("null");
        HttpOutcallResponse.Reply recorded =
                (HttpOutcallResponse.Reply) engines.get(0).mockedOutcalls.get(3L);
        assertThat(recorded.status()).isEqualTo(200);
        assertThat(recorded.body()).isEqualTo("hi".getBytes(StandardCharsets.UTF_8));
        assertThat(again.status()).isEqualTo(400);
        assertThat(json(again).get("message").asText()).contains("no pending HTTP outcall 3");
    }

    @Test
    void autoProgressAdvancesTimeAndRunsRoundsUntilStopped() throws Exception {
        call("POST", "/instances", PICJS_CREATE);
        Instant start = engines.get(0).time;

        assertThat(call("GET", "/instances/0/auto_progress", "").bodyText()).isEqualTo("false");
        call("POST", "/instances/0/auto_progress", "{\"artificial_delay_ms\":0}");
        assertThat(call("GET", "/instances/0/auto_progress", "").bodyText()).isEqualTo("true");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (call("GET", "/instances/0/read/get_time", "")
                        .bodyText()
                        .equals("{\"nanos_since_epoch\":" + start.getEpochSecond() * 1_000_000_000L + "}")
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        call("POST", "/instances/0/stop_progress", "\"\"");

        assertThat(engines.get(0).ticks).isPositive();
        assertThat(engines.get(0).time).isAfter(start);
        assertThat(call("GET", "/instances/0/auto_progress", "").bodyText()).isEqualTo("false");
    }

    private RestResponse call(String method, String path, String body) {
        return api.handle(new RestRequest(method, path, Map.of(), body.getBytes(StandardCharsets.UTF_8)));
    }

    private JsonNode json(RestResponse response) throws IOException {
        return mapper.readTree(response.body());
    }

    private static String base64(Principal principal) {
        return Base64.getEncoder().encodeToString(principal.getValue());
    }
}
