package io.diode.pocketic.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.diode.candid.CandidDecoder;
import io.diode.candid.CandidEncoder;
import io.diode.candid.IdlType;
import io.diode.candid.VariantValue;
import io.diode.ic.management.ManagementCandidTypes;
import io.diode.pocketic.client.StubPocketIcServer.Answer;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.ic4j.candid.parser.IDLArgs;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client's JSON mapping and error mapping, against a scripted local HTTP server. */
class PocketIcClientTest {

    private static final Principal CANISTER = Principal.fromString("rwlgt-iiaaa-aaaaa-aaaaa-cai");
    private static final Principal ALICE =
            Principal.fromString("hpikg-6exdt-jn33w-ndty3-fc7jc-tl2lr-buih3-cs3y7-tftkp-sfp62-gqe");
    private static final String MESSAGE_ID = Base64.getEncoder().encodeToString(new byte[32]);

    private final StubPocketIcServer stub = new StubPocketIcServer();

    @AfterEach
    void stopStub() {
        stub.close();
    }

    private PocketIc connect() {
        return PocketIc.builder(stub.url())
                .requestTimeout(Duration.ofSeconds(5))
                .processingTimeout(Duration.ofSeconds(5))
                .create();
    }

    /** Scripts execute_ingress_message (an update call in one request) with the given answer. */
    private void onUpdate(String answer) {
        stub.on("POST", "/instances/0/update/execute_ingress_message", request -> Answer.json(answer));
    }

    private static String ok(byte[] reply) {
        return "{\"Ok\":\"" + Base64.getEncoder().encodeToString(reply) + "\"}";
    }

    @Test
    void createsAnInstanceWithOneApplicationSubnetAndDeletesItOnClose() {
        try (PocketIc pic = connect()) {
            assertThat(pic.instanceId()).isEqualTo("0");
            assertThat(pic.agentUrl()).isEqualTo(URI.create(stub.url() + "/instances/0/"));
        }
        JsonNode config = stub.requestsTo("/instances").getFirst().json();
        assertThat(config.at("/subnet_config_set/application")).hasSize(1);
        assertThat(config.at("/subnet_config_set/application/0/state_config").asText())
                .isEqualTo("New");
        assertThat(config.at("/subnet_config_set/nns").isNull()).isTrue();
        assertThat(stub.requestsTo("/instances/0"))
                .extracting(StubPocketIcServer.Recorded::method)
                .containsExactly("DELETE");
    }

    @Test
    void sendsTheInitialTimeAsNanoseconds() {
        InstanceConfig config = InstanceConfig.defaults()
                .withSystemSubnets(1)
                .withInitialTime(Instant.ofEpochSecond(1_700_000_000L, 5));
        try (PocketIc ignored = PocketIc.builder(stub.url()).config(config).create()) {
            JsonNode body = stub.requestsTo("/instances").getFirst().json();
            assertThat(body.at("/initial_time/Timestamp/nanos_since_epoch").bigIntegerValue())
                    .isEqualTo(new BigInteger("1700000000000000005"));
            assertThat(body.at("/subnet_config_set/system")).hasSize(1);
        }
    }

    @Test
    void refusesAnInstanceWithoutSubnets() {
        assertThatThrownBy(() -> PocketIc.builder(stub.url())
                        .config(InstanceConfig.empty())
                        .create())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one subnet");
        assertThatThrownBy(() -> InstanceConfig.defaults().withSubnets(SubnetKind.NNS, 2))
                .hasMessageContaining("0 or 1 NNS");
    }

    @Test
    void reportsTheServersRefusalToCreateAnInstance() {
        stub.on(
                "POST",
                "/instances",
                request ->
                        new Answer(400, "{\"Error\":{\"message\":\"not supported by pocketic-embedded: state_dir\"}}"));
        assertThatThrownBy(this::connect)
                .isInstanceOf(PocketIcException.class)
                .hasMessageContaining("state_dir")
                .satisfies(e -> assertThat(((PocketIcException) e).httpStatus()).hasValue(400));
    }

    @Test
    void updateCallExecutesTheIngressMessageInOneRequestAndReturnsTheReplyBytes() {
        onUpdate(ok(new byte[] {1, 2, 3}));
        try (PocketIc pic = connect()) {
            byte[] reply = pic.updateCall(CANISTER, "greet", new byte[] {9}, Sender.of(ALICE));
            assertThat(reply).containsExactly(1, 2, 3);
        }
        assertThat(stub.requests)
                .extracting(StubPocketIcServer.Recorded::path)
                .containsExactly("/instances", "/instances/0/update/execute_ingress_message", "/instances/0");
        JsonNode call = stub.requestsTo("/instances/0/update/execute_ingress_message")
                .getFirst()
                .json();
        assertThat(call.get("method").asText()).isEqualTo("greet");
        assertThat(Base64.getDecoder().decode(call.get("payload").asText())).containsExactly(9);
        assertThat(Base64.getDecoder().decode(call.get("sender").asText())).isEqualTo(ALICE.getValue());
        assertThat(Base64.getDecoder().decode(call.get("canister_id").asText())).isEqualTo(CANISTER.getValue());
        assertThat(Base64.getDecoder()
                        .decode(call.at("/effective_principal/CanisterId").asText()))
                .isEqualTo(CANISTER.getValue());
    }

    @Test
    void aRejectBecomesACanisterCallExceptionWithCodes() {
        onUpdate("{\"Err\":{\"reject_code\":\"CanisterError\",\"reject_message\":\"Canister called `ic0.trap` with "
                + "message: boom\",\"error_code\":\"CanisterCalledTrap\",\"certified\":true}}");
        try (PocketIc pic = connect()) {
            assertThatThrownBy(() -> pic.updateCall(CANISTER, "explode", new byte[0]))
                    .isInstanceOfSatisfying(CanisterCallException.class, e -> {
                        assertThat(e.rejectCode()).isEqualTo(RejectCode.CANISTER_ERROR);
                        assertThat(e.errorCode()).isEqualTo("CanisterCalledTrap");
                        assertThat(e.rejectMessage()).contains("boom");
                        assertThat(e.certified()).isTrue();
                        assertThat(e).hasMessageContaining("explode");
                    });
        }
    }

    @Test
    void aRejectBeforeExecutionIsAlsoACanisterCallException() {
        stub.on(
                "POST",
                "/instances/0/update/execute_ingress_message",
                request -> Answer.json("{\"Err\":{\"reject_code\":3,\"reject_message\":\"Canister x not found\","
                        + "\"error_code\":\"CanisterNotFound\",\"certified\":true}}"));
        try (PocketIc pic = connect()) {
            assertThatThrownBy(() -> pic.updateCall(CANISTER, "greet", new byte[0]))
                    .isInstanceOfSatisfying(
                            CanisterCallException.class,
                            e -> assertThat(e.rejectCode()).isEqualTo(RejectCode.DESTINATION_INVALID));
        }
    }

    @Test
    void queryCallMapsOkAndRejectsMalformedAnswers() {
        AtomicInteger calls = new AtomicInteger();
        stub.on(
                "POST",
                "/instances/0/read/query",
                request -> Answer.json(
                        calls.incrementAndGet() == 1 ? ok("hi".getBytes(StandardCharsets.UTF_8)) : "{\"Ok\":5}"));
        try (PocketIc pic = connect()) {
            assertThat(pic.queryCall(CANISTER, "read", new byte[0])).asString().isEqualTo("hi");
            assertThatThrownBy(() -> pic.queryCall(CANISTER, "read", new byte[0]))
                    .isInstanceOf(PocketIcException.class)
                    .hasMessageContaining("malformed")
                    .hasMessageContaining("/read/query");
        }
    }

    @Test
    void aBodyThatIsNotJsonIsAClearError() {
        stub.on("GET", "/instances/0/read/get_time", request -> new Answer(200, "<html>proxy error</html>"));
        try (PocketIc pic = connect()) {
            assertThatThrownBy(pic::getTime)
                    .isInstanceOf(PocketIcException.class)
                    .hasMessageContaining("not JSON")
                    .hasMessageContaining("proxy error");
        }
    }

    @Test
    void serverErrorsCarryTheServersMessageAndStatus() {
        stub.on(
                "POST",
                "/instances/0/update/set_time",
                request -> new Answer(400, "{\"message\":\"time cannot go backwards\"}"));
        try (PocketIc pic = connect()) {
            assertThatThrownBy(() -> pic.setTime(Instant.EPOCH)).isInstanceOfSatisfying(PocketIcException.class, e -> {
                assertThat(e).hasMessageContaining("time cannot go backwards").hasMessageContaining("400");
                assertThat(e.httpStatus()).hasValue(400);
            });
        }
    }

    @Test
    void anInstanceDeletedUnderTheClientIsReportedAsSuch() {
        stub.on(
                "POST",
                "/instances/0/update/tick",
                request -> new Answer(
                        404, "{\"message\":\"instance 0 was deleted; create a new one with POST /instances\"}"));
        try (PocketIc pic = connect()) {
            assertThatThrownBy(pic::tick).isInstanceOf(InstanceDeletedException.class);
        }
    }

    @Test
    void callsAfterDeletionFailWithoutReachingTheServer() {
        PocketIc pic = connect();
        pic.close();
        int before = stub.requests.size();
        assertThatThrownBy(pic::tick)
                .isInstanceOf(InstanceDeletedException.class)
                .hasMessageContaining("deleted");
        assertThat(stub.requests).hasSize(before);
        pic.close(); // idempotent
        assertThat(stub.requestsTo("/instances/0")).hasSize(1);
    }

    @Test
    void anUnreachableServerIsAClearErrorNotAHang() throws Exception {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        long start = System.nanoTime();
        assertThatThrownBy(() -> PocketIc.builder(URI.create("http://127.0.0.1:" + freePort))
                        .connectTimeout(Duration.ofSeconds(2))
                        .create())
                .isInstanceOf(PocketIcException.class)
                .hasMessageContaining("not reachable");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aServerThatDoesNotAnswerTimesOut() {
        stub.on("POST", "/instances/0/update/tick", request -> {
            Thread.sleep(5_000);
            return Answer.json("null");
        });
        try (PocketIc pic = PocketIc.builder(stub.url())
                .requestTimeout(Duration.ofMillis(300))
                .create()) {
            assertThatThrownBy(pic::tick)
                    .isInstanceOf(PocketIcTimeoutException.class)
                    .hasMessageContaining("did not answer");
        }
    }

    @Test
    void followsTheRealServersStartedAndBusyAnswers() {
        AtomicInteger ticks = new AtomicInteger();
        AtomicInteger polls = new AtomicInteger();
        stub.on(
                "POST",
                "/instances/0/update/tick",
                request -> ticks.incrementAndGet() == 1
                        ? new Answer(409, "{\"state_label\":\"AAAA\",\"op_id\":\"busy\"}")
                        : new Answer(202, "{\"state_label\":\"S1\",\"op_id\":\"tick-1\"}"));
        stub.on(
                "GET",
                "/read_graph/S1/tick-1",
                request -> polls.incrementAndGet() < 3
                        ? new Answer(200, "{\"state_label\":\"S1\",\"op_id\":\"tick-1\"}")
                        : Answer.json("{\"nanos_since_epoch\":1}"));
        try (PocketIc pic = connect()) {
            pic.tick();
        }
        assertThat(ticks).hasValue(2);
        assertThat(polls).hasValue(3);
    }

    @Test
    void timeIsNanosecondsSinceTheEpoch() {
        stub.on(
                "GET",
                "/instances/0/read/get_time",
                request -> Answer.json("{\"nanos_since_epoch\":1700000000123456789}"));
        stub.on("POST", "/instances/0/update/set_time", request -> Answer.json("null"));
        try (PocketIc pic = connect()) {
            assertThat(pic.getTime()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L, 123_456_789));
            pic.advanceTime(Duration.ofSeconds(2));
            assertThatThrownBy(() -> pic.advanceTime(Duration.ofSeconds(-1))).hasMessageContaining("forward");
        }
        assertThat(stub.requestsTo("/instances/0/update/set_time")
                        .getFirst()
                        .json()
                        .get("nanos_since_epoch")
                        .bigIntegerValue())
                .isEqualTo(new BigInteger("1700000002123456789"));
    }

    @Test
    void tickRunsTheGivenNumberOfRounds() {
        stub.on("POST", "/instances/0/update/tick", request -> Answer.json("null"));
        try (PocketIc pic = connect()) {
            pic.tick(3);
        }
        assertThat(stub.requestsTo("/instances/0/update/tick")).hasSize(3);
    }

    @Test
    void createCanisterSendsCandidToTheManagementCanister() {
        byte[] reply = CandidEncoder.encode(
                ManagementCandidTypes.CREATE_CANISTER_RESULT, Map.of("canister_id", Principals.toCandid(CANISTER)));
        onUpdate(ok(reply));
        try (PocketIc pic = connect()) {
            Principal created = pic.createCanister(
                    CanisterSettings.none().withControllers(ALICE).withFreezingThreshold(3600),
                    BigInteger.valueOf(5_000_000_000_000L));
            assertThat(created).isEqualTo(CANISTER);
        }
        JsonNode call = stub.requestsTo("/instances/0/update/execute_ingress_message")
                .getFirst()
                .json();
        assertThat(call.get("method").asText()).isEqualTo("provisional_create_canister_with_cycles");
        assertThat(Base64.getDecoder().decode(call.get("canister_id").asText())).isEmpty();
        assertThat(call.get("effective_principal").asText()).isEqualTo("None");
        Map<String, Object> argument = sent(call, ManagementCandidTypes.PROVISIONAL_CREATE_CANISTER_WITH_CYCLES_ARGS);
        assertThat(argument.get("amount")).isEqualTo(Optional.of(BigInteger.valueOf(5_000_000_000_000L)));
        @SuppressWarnings("unchecked")
        Map<String, Object> settings = ((Optional<Map<String, Object>>) argument.get("settings")).orElseThrow();
        assertThat(settings.get("freezing_threshold")).isEqualTo(Optional.of(BigInteger.valueOf(3600)));
        assertThat(settings.get("controllers")).isEqualTo(Optional.of(List.of(Principals.toCandid(ALICE))));
    }

    @Test
    void createsCanistersOnAChosenSubnetOrWithAChosenId() {
        byte[] reply = CandidEncoder.encode(
                ManagementCandidTypes.CREATE_CANISTER_RESULT, Map.of("canister_id", Principals.toCandid(CANISTER)));
        onUpdate(ok(reply));
        Principal subnet = Principal.fromString("2vxsx-fae");
        try (PocketIc pic = connect()) {
            pic.createCanisterOnSubnet(subnet, CanisterSettings.none(), BigInteger.TEN);
            pic.createCanisterWithId(CANISTER, CanisterSettings.none(), BigInteger.TEN);
        }
        List<StubPocketIcServer.Recorded> calls = stub.requestsTo("/instances/0/update/execute_ingress_message");
        assertThat(Base64.getDecoder()
                        .decode(calls.get(0)
                                .json()
                                .at("/effective_principal/SubnetId")
                                .asText()))
                .isEqualTo(subnet.getValue());
        JsonNode withId = calls.get(1).json();
        assertThat(Base64.getDecoder()
                        .decode(withId.at("/effective_principal/CanisterId").asText()))
                .isEqualTo(CANISTER.getValue());
        Map<String, Object> argument = sent(withId, ManagementCandidTypes.PROVISIONAL_CREATE_CANISTER_WITH_CYCLES_ARGS);
        assertThat(argument.get("specified_id")).isEqualTo(Optional.of(Principals.toCandid(CANISTER)));
    }

    @Test
    void smallModulesInstallInOneMessageLargeOnesInChunks() {
        byte[] hash = new byte[32];
        byte[] chunkReply = CandidEncoder.encode(ManagementCandidTypes.CHUNK_HASH, Map.of("hash", hash));
        byte[] empty = CandidEncoder.empty();
        stub.on(
                "POST",
                "/instances/0/update/execute_ingress_message",
                request -> Answer.json(
                        ok(request.json().get("method").asText().equals("upload_chunk") ? chunkReply : empty)));
        try (PocketIc pic = connect()) {
            pic.installCode(CANISTER, new byte[1000], new byte[] {0x44});
            pic.upgradeCanister(CANISTER, new byte[2_500_000], new byte[0]);
        }
        List<String> methods = stub.requestsTo("/instances/0/update/execute_ingress_message").stream()
                .map(request -> request.json().get("method").asText())
                .toList();
        assertThat(methods)
                .containsExactly(
                        "install_code",
                        "clear_chunk_store",
                        "upload_chunk",
                        "upload_chunk",
                        "upload_chunk",
                        "install_chunked_code");
        JsonNode install = stub.requestsTo("/instances/0/update/execute_ingress_message")
                .getFirst()
                .json();
        assertThat(sent(install, ManagementCandidTypes.INSTALL_CODE_ARGS).get("mode"))
                .isEqualTo(VariantValue.of("install"));
        JsonNode chunked = stub.requestsTo("/instances/0/update/execute_ingress_message")
                .getLast()
                .json();
        Map<String, Object> chunkedArgument = sent(chunked, ManagementCandidTypes.INSTALL_CHUNKED_CODE_ARGS);
        assertThat((List<?>) chunkedArgument.get("chunk_hashes_list")).hasSize(3);
        assertThat(((VariantValue) chunkedArgument.get("mode")).label()).isEqualTo("upgrade");
        assertThat(Base64.getDecoder()
                        .decode(chunked.at("/effective_principal/CanisterId").asText()))
                .isEqualTo(CANISTER.getValue());
    }

    @Test
    void typedCallsEncodeAndDecodeCandidWithIc4j() {
        stub.on("POST", "/instances/0/read/query", request -> {
            String name = IDLArgs.fromBytes(Base64.getDecoder()
                            .decode(request.json().get("payload").asText()))
                    .getArgs()
                    .getFirst()
                    .getValue();
            return Answer.json(ok(CandidArguments.encode("Hello, " + name + "!")));
        });
        try (PocketIc pic = connect()) {
            assertThat(pic.queryCall(CANISTER, "greet", String.class, "Ada")).isEqualTo("Hello, Ada!");
            assertThatThrownBy(() -> pic.queryCall(CANISTER, "greet", BigInteger.class, "Ada"))
                    .isInstanceOf(PocketIcException.class)
                    .hasMessageContaining("BigInteger");
        }
    }

    @Test
    void callsWithoutASenderAreAnonymousAndASenderComesLast() {
        onUpdate(ok(CandidArguments.encode(BigInteger.ONE)));
        stub.on("POST", "/instances/0/read/query", request -> Answer.json(ok(CandidArguments.encode("Hello, Ada!"))));
        try (PocketIc pic = connect()) {
            pic.updateCall(CANISTER, "increment", BigInteger.class);
            pic.updateCall(CANISTER, "increment", BigInteger.class, Sender.of(ALICE));
            pic.updateCall(CANISTER, "add", BigInteger.class, List.of(BigInteger.TWO), Sender.of(ALICE));
            pic.queryCall(CANISTER, "greet", String.class, "Ada");
            pic.queryCall(CANISTER, "greet", String.class, List.of("Ada"), Sender.of(ALICE));
        }
        assertThat(ingressMessages())
                .extracting(call -> senderOf(call))
                .containsExactly(Principal.anonymous(), ALICE, ALICE);
        assertThat(stub.requestsTo("/instances/0/read/query"))
                .extracting(r -> senderOf(r.json()))
                .containsExactly(Principal.anonymous(), ALICE);
        JsonNode add = ingressMessages().get(2);
        assertThat(CandidArguments.decode(
                        Base64.getDecoder().decode(add.get("payload").asText()), BigInteger.class))
                .isEqualTo(BigInteger.TWO);
    }

    @Test
    void aManagementCallNamesTheCanisterAsTargetAndTheSenderAsSender() {
        onUpdate(ok(IDLArgs.create(List.of()).toBytes()));
        try (PocketIc pic = connect()) {
            pic.stopCanister(CANISTER, Sender.of(ALICE));
            pic.startCanister(CANISTER);
        }
        List<JsonNode> calls = ingressMessages();
        assertThat(calls)
                .extracting(call -> call.get("method").asText())
                .containsExactly("stop_canister", "start_canister");
        assertThat(calls).extracting(call -> senderOf(call)).containsExactly(ALICE, Principal.anonymous());
        for (JsonNode call : calls) {
            assertThat(Base64.getDecoder().decode(call.get("canister_id").asText()))
                    .isEmpty();
            assertThat(Base64.getDecoder()
                            .decode(call.at("/effective_principal/CanisterId").asText()))
                    .isEqualTo(CANISTER.getValue());
        }
    }

    @Test
    void aSenderPassedAmongCandidArgumentsIsRefusedWithTheOverloadToUse() {
        try (PocketIc pic = connect()) {
            assertThatThrownBy(
                            () -> pic.updateCall(CANISTER, "add", BigInteger.class, BigInteger.TWO, Sender.of(ALICE)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("a Sender is not a Candid argument")
                    .hasMessageContaining("List.of(arguments...), sender)");
        }
        assertThat(ingressMessages()).isEmpty();
    }

    /** The ingress messages the client sent, however it sent them (submit and await, or in one request). */
    private List<JsonNode> ingressMessages() {
        return stub.requests.stream()
                .filter(request -> request.path().endsWith("_ingress_message")
                        && !request.path().endsWith("/await_ingress_message"))
                .map(StubPocketIcServer.Recorded::json)
                .toList();
    }

    private static Principal senderOf(JsonNode call) {
        return Principal.from(Base64.getDecoder().decode(call.get("sender").asText()));
    }

    @Test
    void readsCyclesControllersAndStableMemory() {
        String alice = Base64.getEncoder().encodeToString(ALICE.getValue());
        stub.on("POST", "/instances/0/read/get_cycles", request -> Answer.json("{\"cycles\":123456789012345678901}"));
        stub.on("POST", "/instances/0/update/add_cycles", request -> Answer.json("{\"cycles\":10}"));
        stub.on(
                "POST",
                "/instances/0/read/get_controllers",
                request -> Answer.json("[{\"principal_id\":\"" + alice + "\"}]"));
        stub.on("POST", "/instances/0/read/get_stable_memory", request -> Answer.json("{\"blob\":\"AQI=\"}"));
        stub.on("POST", "/blobstore", request -> new Answer(200, "00ff"));
        stub.on("POST", "/instances/0/update/set_stable_memory", request -> Answer.json("null"));
        try (PocketIc pic = connect()) {
            assertThat(pic.getCycles(CANISTER)).isEqualTo(new BigInteger("123456789012345678901"));
            assertThat(pic.addCycles(CANISTER, BigInteger.TEN)).isEqualTo(BigInteger.TEN);
            assertThat(pic.getControllers(CANISTER)).containsExactly(ALICE);
            assertThat(pic.getStableMemory(CANISTER)).containsExactly(1, 2);
            pic.setStableMemory(CANISTER, new byte[] {7});
        }
        assertThat(stub.requestsTo("/instances/0/update/set_stable_memory")
                        .getFirst()
                        .json()
                        .get("blob_id")
                        .asText())
                .isEqualTo(Base64.getEncoder().encodeToString(new byte[] {0, (byte) 0xff}));
    }

    @Test
    void pendingHttpOutcallsAreReadAndMocked() {
        String subnet = Base64.getEncoder().encodeToString(ALICE.getValue());
        stub.on(
                "GET",
                "/instances/0/read/get_canister_http",
                request -> Answer.json(
                        "[{\"subnet_id\":{\"subnet_id\":\"" + subnet + "\"},\"request_id\":7,\"http_method\":\"POST\","
                                + "\"url\":\"https://rpc.example/\",\"headers\":[{\"name\":\"a\",\"value\":\"b\"}],"
                                + "\"body\":\"e30=\",\"max_response_bytes\":null}]"));
        stub.on("POST", "/instances/0/update/mock_canister_http", request -> Answer.json("null"));
        try (PocketIc pic = connect()) {
            List<PendingHttpOutcall> pending = pic.pendingHttpOutcalls();
            assertThat(pending).hasSize(1);
            PendingHttpOutcall outcall = pending.getFirst();
            assertThat(outcall.url()).isEqualTo("https://rpc.example/");
            assertThat(outcall.requestId()).isEqualTo(BigInteger.valueOf(7));
            assertThat(outcall.headers()).containsExactly(new HttpHeader("a", "b"));
            assertThat(outcall.body()).asString().isEqualTo("{}");
            assertThat(outcall.maxResponseBytes()).isEmpty();
            pic.mockHttpOutcall(outcall, HttpOutcallResponse.reply(200, "{\"result\":1}"));
        }
        JsonNode mock = stub.requestsTo("/instances/0/update/mock_canister_http")
                .getFirst()
                .json();
        assertThat(mock.at("/subnet_id/subnet_id").asText()).isEqualTo(subnet);
        assertThat(mock.get("request_id").asInt()).isEqualTo(7);
        assertThat(mock.at("/response/CanisterHttpReply/status").asInt()).isEqualTo(200);
        assertThat(mock.get("additional_responses")).isEmpty();
    }

    @Test
    void decodesTheCanisterStatusAndRejectsAMalformedOne() {
        // a server that sends only some of today's fields (an older IC): the client reads what it needs
        Map<String, Object> status = Map.of(
                "status", VariantValue.of("stopped"),
                "settings",
                        Map.of(
                                "controllers",
                                List.of(Principals.toCandid(ALICE)),
                                "freezing_threshold",
                                BigInteger.valueOf(2_592_000)),
                "module_hash", Optional.of(new byte[] {1, 2}),
                "memory_size", BigInteger.valueOf(4096),
                "cycles", BigInteger.valueOf(99),
                "idle_cycles_burned_per_day", BigInteger.ONE);
        IdlType olderStatus = IdlType.record(
                IdlType.field(
                        "status",
                        IdlType.variant(
                                IdlType.field("running", IdlType.Primitive.NULL),
                                IdlType.field("stopping", IdlType.Primitive.NULL),
                                IdlType.field("stopped", IdlType.Primitive.NULL))),
                IdlType.field(
                        "settings",
                        IdlType.record(
                                IdlType.field("controllers", IdlType.vec(IdlType.Primitive.PRINCIPAL)),
                                IdlType.field("freezing_threshold", IdlType.Primitive.NAT))),
                IdlType.field("module_hash", IdlType.opt(IdlType.blob())),
                IdlType.field("memory_size", IdlType.Primitive.NAT),
                IdlType.field("cycles", IdlType.Primitive.NAT),
                IdlType.field("idle_cycles_burned_per_day", IdlType.Primitive.NAT));
        byte[] good = CandidEncoder.encode(olderStatus, status);
        AtomicInteger calls = new AtomicInteger();
        stub.on(
                "POST",
                "/instances/0/update/execute_ingress_message",
                request -> Answer.json(
                        calls.incrementAndGet() == 1 ? ok(good) : ok(CandidArguments.encode("not a record"))));
        try (PocketIc pic = connect()) {
            CanisterStatus decoded = pic.canisterStatus(CANISTER, Sender.of(ALICE));
            assertThat(decoded.status()).isEqualTo(CanisterStatus.RunningState.STOPPED);
            assertThat(decoded.controllers()).containsExactly(ALICE);
            assertThat(decoded.freezingThreshold()).isEqualTo(BigInteger.valueOf(2_592_000));
            assertThat(decoded.moduleHash())
                    .hasValueSatisfying(hash -> assertThat(hash).containsExactly(1, 2));
            assertThat(decoded.cycles()).isEqualTo(BigInteger.valueOf(99));
            assertThatThrownBy(() -> pic.canisterStatus(CANISTER, Sender.of(ALICE)))
                    .isInstanceOf(PocketIcException.class)
                    .hasMessageContaining("malformed canister_status reply");
        }
    }

    @Test
    void readsTheTopology() {
        String start = Base64.getEncoder().encodeToString(CANISTER.getValue());
        stub.on(
                "GET",
                "/instances/0/_/topology",
                request -> Answer.json("{\"subnet_configs\":{\"" + ALICE
                        + "\":{\"subnet_kind\":\"Application\",\"size\":13,"
                        + "\"canister_ranges\":[{\"start\":{\"canister_id\":\"" + start
                        + "\"},\"end\":{\"canister_id\":\""
                        + start + "\"}}]}},\"default_effective_canister_id\":{\"canister_id\":\"" + start + "\"}}"));
        try (PocketIc pic = connect()) {
            assertThat(pic.topology()).singleElement().satisfies(subnet -> {
                assertThat(subnet.kind()).isEqualTo(SubnetKind.APPLICATION);
                assertThat(subnet.size()).isEqualTo(13);
                assertThat(subnet.canisterRanges()).hasSize(1);
            });
            assertThat(pic.defaultEffectiveCanisterId()).isEqualTo(CANISTER);
        }
    }

    @Test
    void makeLiveStartsAutoProgressAndAGatewayForTheInstanceOnce() {
        java.util.concurrent.atomic.AtomicBoolean progressing = new java.util.concurrent.atomic.AtomicBoolean();
        stub.on("GET", "/instances/0/auto_progress", request -> Answer.json(String.valueOf(progressing.get())));
        stub.on("POST", "/instances/0/auto_progress", request -> {
            progressing.set(true);
            return Answer.json("null");
        });
        stub.on("POST", "/instances/0/stop_progress", request -> {
            progressing.set(false);
            return Answer.json("null");
        });
        stub.on(
                "POST",
                "/http_gateway",
                request -> new Answer(201, "{\"Created\":{\"instance_id\":3,\"port\":45678}}"));
        stub.on("POST", "/http_gateway/3/stop", request -> Answer.json("null"));
        try (PocketIc pic = connect()) {
            assertThat(pic.makeLive()).isEqualTo(URI.create("http://127.0.0.1:45678"));
            assertThat(pic.makeLive()).isEqualTo(URI.create("http://127.0.0.1:45678"));
            pic.stopLive();
            assertThat(progressing).isFalse();
        }
        assertThat(stub.requestsTo("/http_gateway")).hasSize(1);
        assertThat(stub.requestsTo("/http_gateway").getFirst().json().toString())
                .isEqualTo("{\"forward_to\":{\"PocketIcInstance\":0}}");
        assertThat(stub.requestsTo("/instances/0/auto_progress").stream()
                        .filter(r -> r.method().equals("POST")))
                .hasSize(1);
        assertThat(stub.requestsTo("/http_gateway/3/stop")).hasSize(1);
    }

    @Test
    void closeStopsTheGatewayOfALiveInstanceAndARefusedGatewayIsAClearError() {
        stub.on("GET", "/instances/0/auto_progress", request -> Answer.json("true"));
        stub.on("POST", "/http_gateway", request -> new Answer(201, "{\"Created\":{\"instance_id\":0,\"port\":1234}}"));
        stub.on("POST", "/http_gateway/0/stop", request -> Answer.json("null"));
        try (PocketIc pic = connect()) {
            pic.makeLive();
        }
        assertThat(stub.requestsTo("/http_gateway/0/stop")).hasSize(1);

        stub.on(
                "POST",
                "/http_gateway",
                request -> new Answer(502, "{\"Error\":{\"message\":\"Failed to bind to address 127.0.0.1:80\"}}"));
        try (PocketIc pic = connect()) {
            assertThatThrownBy(pic::makeLive)
                    .isInstanceOf(PocketIcException.class)
                    .hasMessageContaining("Failed to bind to address 127.0.0.1:80");
        }
    }

    /** The Candid argument of a recorded {@code submit_ingress_message}, read as ic.did's {@code type}. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> sent(JsonNode request, IdlType type) {
        return (Map<String, Object>) CandidDecoder.decode(
                        Base64.getDecoder().decode(request.get("payload").asText()), List.of(type))
                .getFirst();
    }
}
