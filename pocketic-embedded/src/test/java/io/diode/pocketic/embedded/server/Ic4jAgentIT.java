package io.diode.pocketic.embedded.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.diode.pocketic.embedded.certification.RepresentationIndependentHash;
import io.diode.pocketic.embedded.certification.SubnetSigningKey;
import io.diode.pocketic.embedded.engine.MotokoCanisters;
import io.diode.pocketic.embedded.ichttp.SenderAuthentication;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.ic4j.agent.Agent;
import org.ic4j.agent.AgentBuilder;
import org.ic4j.agent.QueryBuilder;
import org.ic4j.agent.RequestStatusResponse;
import org.ic4j.agent.UpdateBuilder;
import org.ic4j.agent.Waiter;
import org.ic4j.agent.certification.Certificate;
import org.ic4j.agent.certification.hashtree.Label;
import org.ic4j.agent.certification.hashtree.LookupResult;
import org.ic4j.agent.http.ReplicaOkHttpTransport;
import org.ic4j.agent.identity.BasicIdentity;
import org.ic4j.agent.identity.Identity;
import org.ic4j.agent.requestid.RequestId;
import org.ic4j.candid.parser.IDLArgs;
import org.ic4j.candid.parser.IDLType;
import org.ic4j.candid.parser.IDLValue;
import org.ic4j.candid.types.Type;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ic4j-agent, a real IC agent, against the IC HTTP interface of an in-process server, with certificate verification
 * on (its default): it creates and installs a Motoko canister through the management canister, calls, queries,
 * polls request status and reads the module hash and controllers from certified state.
 */
class Ic4jAgentIT {

    private static final Principal MANAGEMENT = Principal.fromString("aaaaa-aa");
    /** The first id of the subnet's range: an effective canister id for creating canisters. */
    private static final Principal FIRST_CANISTER_ID = Principal.fromString("lxzze-o7777-77777-aaaaa-cai");

    private static final Waiter WAITER = Waiter.create(60, 1);

    private static PocketIcServer server;
    private static Agent agent;
    private static Identity identity;
    private static Principal canister;
    private static byte[] counterWasm;
    private static String agentUrl;
    private static RestClient rest;
    private static int instance;

    @BeforeAll
    static void startServerAndInstallCounter() throws Exception {
        counterWasm = MotokoCanisters.wasm("counter");
        server = PocketIcServer.start();
        rest = new RestClient(server.baseUrl());
        instance = server.createInstance();
        identity = BasicIdentity.fromKeyPair(
                KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        agentUrl = server.baseUrl() + "/instances/" + instance;
        agent = new AgentBuilder()
                .transport(ReplicaOkHttpTransport.create(agentUrl))
                .identity(identity)
                .build();
        agent.fetchRootKey();
        canister = createCanister();
        install(canister, counterWasm, natArgument(5));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static Principal createCanister() throws Exception {
        Map<String, Object> settings = new TreeMap<>();
        settings.put("amount", Optional.of(new BigInteger("100000000000000")));
        Map<String, IDLType> fields = new TreeMap<>();
        fields.put("amount", IDLType.createType(Type.OPT, IDLType.createType(Type.NAT)));
        byte[] reply = update(
                MANAGEMENT, FIRST_CANISTER_ID, "provisional_create_canister_with_cycles", record(settings, fields));
        Map<?, ?> created = IDLArgs.fromBytes(reply).getArgs().getFirst().getValue();
        return (Principal) created.values().iterator().next();
    }

    private static void install(Principal target, byte[] wasm, byte[] argument) throws Exception {
        Map<String, Object> install = new TreeMap<>();
        Map<String, IDLType> fields = new TreeMap<>();
        install.put("mode", Map.of(org.ic4j.candid.types.Label.createNamedLabel("install"), Optional.empty()));
        Map<org.ic4j.candid.types.Label, IDLType> modes = new TreeMap<>();
        modes.put(org.ic4j.candid.types.Label.createNamedLabel("install"), IDLType.createType(Type.NULL));
        fields.put("mode", IDLType.createType(Type.VARIANT, modes));
        install.put("canister_id", target);
        fields.put("canister_id", IDLType.createType(Type.PRINCIPAL));
        install.put("wasm_module", wasm);
        fields.put("wasm_module", IDLType.createType(Type.VEC, IDLType.createType(Type.NAT8)));
        install.put("arg", argument);
        fields.put("arg", IDLType.createType(Type.VEC, IDLType.createType(Type.NAT8)));
        update(MANAGEMENT, target, "install_code", record(install, fields));
    }

    private static byte[] record(Map<String, Object> values, Map<String, IDLType> types) {
        Map<org.ic4j.candid.types.Label, Object> labelled = new TreeMap<>();
        values.forEach((name, value) -> labelled.put(org.ic4j.candid.types.Label.createNamedLabel(name), value));
        Map<org.ic4j.candid.types.Label, IDLType> labelledTypes = new TreeMap<>();
        types.forEach((name, type) -> labelledTypes.put(org.ic4j.candid.types.Label.createNamedLabel(name), type));
        return IDLArgs.create(List.of(IDLValue.create(labelled, IDLType.createType(Type.RECORD, labelledTypes))))
                .toBytes();
    }

    private static byte[] natArgument(long value) {
        return IDLArgs.create(List.of(IDLValue.create(BigInteger.valueOf(value), Type.NAT)))
                .toBytes();
    }

    private static BigInteger nat(byte[] candid) {
        return IDLArgs.fromBytes(candid).getArgs().getFirst().getValue();
    }

    private static byte[] update(Principal target, Principal effectiveCanisterId, String method, byte[] argument)
            throws Exception {
        return UpdateBuilder.create(agent, target, method)
                .effectiveCanisterId(effectiveCanisterId)
                .arg(argument)
                .callAndWait(WAITER)
                .get();
    }

    private static LookupResult lookup(Certificate certificate, String... path) {
        List<Label> labels = new ArrayList<>();
        labels.add(new Label("canister"));
        labels.add(new Label(canister.getValue()));
        for (String label : path) {
            labels.add(new Label(label));
        }
        return certificate.tree.lookupPath(labels);
    }

    @Test
    void statusPublishesTheRootKeyAgentsVerifyWith() throws Exception {
        byte[] rootKey = agent.status().get().rootKey.orElseThrow();
        assertThat(rootKey).hasSize(133);
    }

    @Test
    void aQueryGetsADataCertificateOfTheCanistersCertifiedData() throws Exception {
        Principal certified = createCanister();
        install(
                certified,
                MotokoCanisters.wasm("certified"),
                IDLArgs.create(List.of()).toBytes());
        byte[] data = MessageDigest.getInstance("SHA-256").digest("zone state".getBytes());
        update(
                certified,
                certified,
                "set",
                IDLArgs.create(List.of(
                                IDLValue.create(data, IDLType.createType(Type.VEC, IDLType.createType(Type.NAT8)))))
                        .toBytes());

        byte[] reply = QueryBuilder.create(agent, certified, "certificate")
                .effectiveCanisterId(certified)
                .arg(IDLArgs.create(List.of()).toBytes())
                .call()
                .get();
        Optional<?> certificateBytes =
                IDLArgs.fromBytes(reply).getArgs().getFirst().getValue();
        Certificate certificate = new ObjectMapper(new CBORFactory())
                .registerModule(new com.fasterxml.jackson.datatype.jdk8.Jdk8Module())
                .readValue(bytes(certificateBytes.orElseThrow()), Certificate.class);
        agent.verify(certificate, certified, false);
        // ic4j consumes the path list while looking up: hand it a mutable one
        assertThat(certificate.tree.lookupPath(new ArrayList<>(List.of(
                                new Label("canister"), new Label(certified.getValue()), new Label("certified_data"))))
                        .value)
                .isEqualTo(data);

        byte[] inUpdate = update(
                certified,
                certified,
                "certificateInUpdate",
                IDLArgs.create(List.of()).toBytes());
        assertThat((Boolean) IDLArgs.fromBytes(inUpdate).getArgs().getFirst().getValue())
                .isFalse();
    }

    /** A v3 (synchronous) call, which ic4j 0.7.2 does not make: the envelope built and signed by hand. */
    private static HttpResponse<byte[]> synchronousCall(Principal target, String method, byte[] argument)
            throws Exception {
        ObjectMapper cbor = new ObjectMapper(new CBORFactory());
        ObjectNode content = cbor.createObjectNode();
        content.put("request_type", "call");
        content.put("sender", identity.sender().getValue());
        content.put("canister_id", target.getValue());
        content.put("method_name", method);
        content.put("arg", argument);
        content.put("ingress_expiry", (System.currentTimeMillis() + 120_000) * 1_000_000L);
        ObjectNode envelope = cbor.createObjectNode();
        envelope.set("content", content);
        envelope.put("sender_pubkey", identity.getPublicKey());
        envelope.put(
                "sender_sig",
                identity.sign(SenderAuthentication.signedBytes(RepresentationIndependentHash.requestId(content)))
                        .signature
                        .orElseThrow());
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(agentUrl + "/api/v3/canister/" + target + "/call"))
                                .header("Content-Type", "application/cbor")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(cbor.writeValueAsBytes(envelope)))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
    }

    /** ic4j decodes a blob as byte[] or Byte[] depending on how it was typed. */
    private static byte[] bytes(Object blob) {
        if (blob instanceof byte[] raw) {
            return raw;
        }
        Byte[] boxed = (Byte[]) blob;
        byte[] raw = new byte[boxed.length];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = boxed[i];
        }
        return raw;
    }

    @Test
    void restPubKeyIsTheRootKeyAgentsFetch() throws Exception {
        JsonNode topology = rest.json("GET", "/instances/" + instance + "/_/topology", "");
        String subnetId = topology.get("subnet_configs").fieldNames().next();
        JsonNode key = rest.json(
                "POST",
                "/instances/" + instance + "/read/pub_key",
                "{\"subnet_id\":\""
                        + java.util.Base64.getEncoder()
                                .encodeToString(Principal.fromString(subnetId).getValue()) + "\"}");
        byte[] bytes = new byte[key.size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) key.get(i).asInt();
        }
        assertThat(bytes).isEqualTo(agent.status().get().rootKey.orElseThrow());
        assertThat(rest.send(
                                "POST",
                                "/instances/" + instance + "/read/pub_key",
                                "{\"subnet_id\":\""
                                        + java.util.Base64.getEncoder().encodeToString(canister.getValue()) + "\"}")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void anAgentTrustingAnotherRootKeyRefusesOurCertificates() throws Exception {
        Agent suspicious = new AgentBuilder()
                .transport(ReplicaOkHttpTransport.create(agentUrl))
                .identity(identity)
                .build();
        suspicious.setRootKey(new SubnetSigningKey(new byte[32]).rootKeyDer());
        assertThatThrownBy(() -> suspicious
                        .fetchCertificate(canister, canister, "module_hash")
                        .get())
                .hasMessageContaining("Certificate verification failed");
    }

    @Test
    void updateThenQueryThroughTheAgent() throws Exception {
        BigInteger before = nat(QueryBuilder.create(agent, canister, "get")
                .effectiveCanisterId(canister)
                .arg(IDLArgs.create(List.of()).toBytes())
                .call()
                .get());
        BigInteger after =
                nat(update(canister, canister, "inc", IDLArgs.create(List.of()).toBytes()));
        assertThat(after).isEqualTo(before.add(BigInteger.ONE));
        BigInteger queried = nat(QueryBuilder.create(agent, canister, "get")
                .effectiveCanisterId(canister)
                .arg(IDLArgs.create(List.of()).toBytes())
                .call()
                .get());
        assertThat(queried).isEqualTo(after);
    }

    @Test
    void queryWithNodeSignatureVerification() throws Exception {
        BigInteger verified = nat(QueryBuilder.create(agent, canister, "get")
                .effectiveCanisterId(canister)
                .arg(IDLArgs.create(List.of()).toBytes())
                .callWithVerification()
                .get());
        assertThat(verified).isGreaterThanOrEqualTo(BigInteger.valueOf(5));
    }

    @Test
    void requestStatusPollingSeesTheReply() throws Exception {
        RequestId requestId = UpdateBuilder.create(agent, canister, "add")
                .effectiveCanisterId(canister)
                .arg(natArgument(10))
                .call()
                .get();
        RequestStatusResponse status =
                agent.requestStatusRaw(requestId, canister).get();
        assertThat(status.status).isEqualTo(RequestStatusResponse.InnerStatus.REPLIED_STATUS);
        assertThat(nat(status.replied.orElseThrow().arg)).isGreaterThanOrEqualTo(BigInteger.valueOf(15));
    }

    @Test
    void theRestApiSeesAnAgentsMessageAndOnlyItsSenderMayAsk() throws Exception {
        RequestId requestId = UpdateBuilder.create(agent, canister, "inc")
                .effectiveCanisterId(canister)
                .arg(IDLArgs.create(List.of()).toBytes())
                .call()
                .get();
        java.util.Base64.Encoder base64 = java.util.Base64.getEncoder();
        String messageId =
                "{\"effective_principal\":\"None\",\"message_id\":\"" + base64.encodeToString(requestId.get()) + "\"}";
        JsonNode status = rest.json(
                "POST",
                "/instances/" + instance + "/read/ingress_status",
                "{\"raw_message_id\":" + messageId + ",\"raw_caller\":{\"principal_id\":\""
                        + base64.encodeToString(identity.sender().getValue()) + "\"}}");
        assertThat(status.has("Ok")).as(status.toString()).isTrue();
        assertThat(rest.send(
                                "POST",
                                "/instances/" + instance + "/read/ingress_status",
                                "{\"raw_message_id\":" + messageId + ",\"raw_caller\":{\"principal_id\":\"BA==\"}}")
                        .status())
                .isEqualTo(403);
    }

    @Test
    void aCallWaitingForAnOutcallIsProcessingUntilTheTestMocksIt() throws Exception {
        Principal outcall = createCanister();
        install(
                outcall,
                MotokoCanisters.wasm("outcall"),
                IDLArgs.create(List.of()).toBytes());
        RequestId requestId = UpdateBuilder.create(agent, outcall, "fetch")
                .effectiveCanisterId(outcall)
                .arg(IDLArgs.create(List.of(IDLValue.create("https://example.org/x")))
                        .toBytes())
                .call()
                .get();
        assertThat(agent.requestStatusRaw(requestId, outcall).get().status)
                .isEqualTo(RequestStatusResponse.InnerStatus.PROCESSING_STATUS);
        assertThat(synchronousCall(
                                outcall,
                                "fetch",
                                IDLArgs.create(List.of(IDLValue.create("https://example.org/y")))
                                        .toBytes())
                        .statusCode())
                .as("a v3 call that cannot complete answers 202, as on a replica")
                .isEqualTo(202);

        JsonNode pending = rest.json("GET", "/instances/" + instance + "/read/get_canister_http", "")
                .get(0);
        rest.json(
                "POST",
                "/instances/" + instance + "/update/mock_canister_http",
                "{\"subnet_id\":"
                        + pending.get("subnet_id") + ",\"request_id\":" + pending.get("request_id") + ",\"response\":"
                        + "{\"CanisterHttpReply\":{\"status\":200,\"headers\":[],\"body\":\"aGk=\"}},"
                        + "\"additional_responses\":[]}");
        rest.json("POST", "/instances/" + instance + "/update/tick", "");

        RequestStatusResponse status =
                agent.requestStatusRaw(requestId, outcall).get();
        assertThat(status.status).isEqualTo(RequestStatusResponse.InnerStatus.REPLIED_STATUS);
        assertThat(IDLArgs.fromBytes(status.replied.orElseThrow().arg)
                        .getArgs()
                        .get(1)
                        .<String>getValue())
                .isEqualTo("hi");
    }

    @Test
    void aTrapIsACertifiedRejectWithTheCanisterMessage() {
        assertThatThrownBy(() -> update(
                        canister,
                        canister,
                        "incThenTrap",
                        IDLArgs.create(List.of()).toBytes()))
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("boom after increment");
    }

    @Test
    void certifiedModuleHashAndControllers() throws Exception {
        Certificate moduleHash =
                agent.fetchCertificate(canister, canister, "module_hash").get();
        assertThat(lookup(moduleHash, "module_hash").value)
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(counterWasm));

        Certificate controllers =
                agent.fetchCertificate(canister, canister, "controllers").get();
        JsonNode principals = new ObjectMapper(new CBORFactory()).readTree(lookup(controllers, "controllers").value);
        List<Principal> decoded = new ArrayList<>();
        for (JsonNode principal : principals) {
            decoded.add(Principal.from(principal.binaryValue()));
        }
        assertThat(decoded).contains(identity.sender());
    }

    @Test
    void canisterStatusThroughTheManagementCanister() throws Exception {
        Map<String, Object> argument = new TreeMap<>();
        argument.put("canister_id", canister);
        byte[] reply = update(
                MANAGEMENT,
                canister,
                "canister_status",
                record(argument, Map.of("canister_id", IDLType.createType(Type.PRINCIPAL))));
        assertThat(IDLArgs.fromBytes(reply).getArgs()).hasSize(1);
    }
}
