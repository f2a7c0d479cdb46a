package io.diode.pocketic.embedded.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.diode.pocketic.embedded.api.MessageId;
import io.diode.pocketic.embedded.certification.RepresentationIndependentHash;
import io.diode.pocketic.embedded.certification.SelfAuthenticatingPrincipal;
import io.diode.pocketic.embedded.ichttp.EnvelopeParser;
import io.diode.pocketic.embedded.ichttp.SenderAuthentication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ic4j.agent.Agent;
import org.ic4j.agent.AgentBuilder;
import org.ic4j.agent.certification.Certificate;
import org.ic4j.agent.certification.hashtree.Label;
import org.ic4j.agent.http.ReplicaOkHttpTransport;
import org.ic4j.agent.identity.BasicIdentity;
import org.ic4j.agent.identity.Identity;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The checks a live server's IC HTTP interface makes on requests. Bad requests each get a clear refusal in the
 * interface's shape (a 4xx with a plain-text reason, or a CBOR reject for what the IC rejects in execution), and
 * the server keeps serving; good ones pass (a secp256k1 sender, the subnet endpoint).
 */
class IcHttpRequestChecksIT {

    private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());
    /** On the subnet, never created. */
    private static final Principal UNKNOWN_CANISTER = Principal.fromString("lxzze-o7777-77777-aaaaa-cai");

    private static final Principal OFF_SUBNET = Principal.fromString("rwlgt-iiaaa-aaaaa-aaaaa-cai");

    private static PocketIcServer server;
    private static String agentUrl;
    private static Identity identity;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        server = PocketIcServer.start();
        int instance = new RestClient(server.baseUrl()).createInstance();
        agentUrl = server.agentUrl(instance);
        identity = BasicIdentity.fromKeyPair(
                KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ObjectNode content(String type, Principal canister, Instant expiry) {
        ObjectNode content = CBOR.createObjectNode();
        content.put("request_type", type);
        content.put("sender", identity.sender().getValue());
        content.put("canister_id", canister.getValue());
        content.put("method_name", "get");
        content.put("arg", "DIDL\0\0".getBytes());
        content.put("ingress_expiry", expiry.getEpochSecond() * 1_000_000_000L);
        return content;
    }

    private static byte[] signed(ObjectNode content) throws Exception {
        MessageId id = RepresentationIndependentHash.requestId(content);
        ObjectNode envelope = CBOR.createObjectNode();
        envelope.set("content", content);
        envelope.put("sender_pubkey", identity.getPublicKey());
        envelope.put(
                "sender_sig",
                identity.sign(SenderAuthentication.signedBytes(id)).signature.orElseThrow());
        return CBOR.writeValueAsBytes(envelope);
    }

    private HttpResponse<byte[]> post(String path, byte[] body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(agentUrl + path))
                        .header("Content-Type", "application/cbor")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body());
    }

    private static Instant soon() {
        return Instant.now().plus(Duration.ofMinutes(3));
    }

    @Test
    void malformedCborIsA400NamingCbor() throws Exception {
        HttpResponse<byte[]> response =
                post("/api/v2/canister/" + UNKNOWN_CANISTER + "/query", new byte[] {(byte) 0xff, 1});
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("content-type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(text(response)).contains("not valid CBOR");
    }

    @Test
    void aSecp256k1IdentityFromIc4jIsAccepted() throws Exception {
        KeyPairGenerator generator =
                KeyPairGenerator.getInstance("EC", new org.bouncycastle.jce.provider.BouncyCastleProvider());
        generator.initialize(new java.security.spec.ECGenParameterSpec("secp256k1"));
        Identity secp256k1 = org.ic4j.agent.identity.Secp256k1Identity.fromKeyPair(generator.generateKeyPair());
        ObjectNode content = content("query", UNKNOWN_CANISTER, soon());
        content.put("sender", secp256k1.sender().getValue());
        ObjectNode envelope = CBOR.createObjectNode();
        envelope.set("content", content);
        envelope.put("sender_pubkey", secp256k1.getPublicKey());
        envelope.put(
                "sender_sig",
                secp256k1
                        .sign(SenderAuthentication.signedBytes(RepresentationIndependentHash.requestId(content)))
                        .signature
                        .orElseThrow());

        HttpResponse<byte[]> response =
                post("/api/v2/canister/" + UNKNOWN_CANISTER + "/query", CBOR.writeValueAsBytes(envelope));
        // past the signature check: the canister's absence is what the answer reports
        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        assertThat(CBOR.readTree(response.body()).get("error_code").asText()).isEqualTo("IC0301");
    }

    @Test
    void aWrongSignatureIsRefused() throws Exception {
        ObjectNode envelope = (ObjectNode) CBOR.readTree(signed(content("query", UNKNOWN_CANISTER, soon())));
        byte[] signature = envelope.get("sender_sig").binaryValue();
        signature[0] ^= 1;
        envelope.put("sender_sig", signature);
        HttpResponse<byte[]> response =
                post("/api/v2/canister/" + UNKNOWN_CANISTER + "/query", CBOR.writeValueAsBytes(envelope));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(text(response)).contains("Invalid signature");
    }

    @Test
    void anExpiredRequestIsRefused() throws Exception {
        HttpResponse<byte[]> response = post(
                "/api/v2/canister/" + UNKNOWN_CANISTER + "/call",
                signed(content("call", UNKNOWN_CANISTER, Instant.now().minus(Duration.ofMinutes(10)))));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(text(response)).contains("expired");
    }

    @Test
    void anUnknownCanisterIsACertifiedOrSignedRejectIc0301() throws Exception {
        HttpResponse<byte[]> query = post(
                "/api/v2/canister/" + UNKNOWN_CANISTER + "/query", signed(content("query", UNKNOWN_CANISTER, soon())));
        assertThat(query.statusCode()).isEqualTo(200);
        JsonNode rejected = CBOR.readTree(query.body());
        assertThat(rejected.get("status").asText()).isEqualTo("rejected");
        assertThat(rejected.get("reject_code").asInt()).isEqualTo(3);
        assertThat(rejected.get("error_code").asText()).isEqualTo("IC0301");
        assertThat(rejected.get("signatures")).hasSize(1);

        HttpResponse<byte[]> call = post(
                "/api/v3/canister/" + UNKNOWN_CANISTER + "/call", signed(content("call", UNKNOWN_CANISTER, soon())));
        assertThat(call.statusCode()).isEqualTo(200);
        JsonNode certified = CBOR.readTree(call.body());
        assertThat(certified.get("status").asText()).isEqualTo("replied");
        assertThat(certified.get("certificate").binaryValue()).isNotEmpty();
    }

    @Test
    void aWrongEffectiveCanisterIdIsRefused() throws Exception {
        Principal other = Principal.fromString("lqy7q-dh777-77777-aaaaq-cai");
        HttpResponse<byte[]> response =
                post("/api/v2/canister/" + other + "/call", signed(content("call", UNKNOWN_CANISTER, soon())));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(text(response)).contains("effective canister id").contains(UNKNOWN_CANISTER.toString());

        HttpResponse<byte[]> offSubnet =
                post("/api/v2/canister/" + OFF_SUBNET + "/call", signed(content("call", OFF_SUBNET, soon())));
        assertThat(offSubnet.statusCode()).isEqualTo(400);
        assertThat(text(offSubnet)).contains("not on any of this instance's subnets");
    }

    @Test
    void anOversizedBodyIsA413AndTheServerStaysUp() throws Exception {
        byte[] huge = new byte[8 * 1024 * 1024];
        Arrays.fill(huge, (byte) 1);
        HttpResponse<byte[]> response = post("/api/v2/canister/" + UNKNOWN_CANISTER + "/call", huge);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(text(response)).contains("more than the " + EnvelopeParser.MAX_BODY_BYTES + " allowed");

        HttpResponse<byte[]> status = http.send(
                HttpRequest.newBuilder(URI.create(agentUrl + "/api/v2/status"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(CBOR.readTree(status.body()).get("root_key").binaryValue()).hasSize(133);
    }

    @Test
    void theSubnetEndpointCertifiesTheSubnetKeyUnderTheRootKey() throws Exception {
        byte[] rootKey = CBOR.readTree(http.send(
                                HttpRequest.newBuilder(URI.create(agentUrl + "/api/v2/status"))
                                        .GET()
                                        .build(),
                                HttpResponse.BodyHandlers.ofByteArray())
                        .body())
                .get("root_key")
                .binaryValue();
        Principal subnet = SelfAuthenticatingPrincipal.of(rootKey);
        ObjectNode content = CBOR.createObjectNode();
        content.put("request_type", "read_state");
        content.put("sender", identity.sender().getValue());
        content.putArray("paths")
                .addArray()
                .add("subnet".getBytes())
                .add(subnet.getValue())
                .add("public_key".getBytes());
        content.put("ingress_expiry", soon().getEpochSecond() * 1_000_000_000L);

        HttpResponse<byte[]> response = post("/api/v2/subnet/" + subnet + "/read_state", signed(content));
        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        Certificate certificate = new ObjectMapper(new CBORFactory())
                .registerModule(new Jdk8Module())
                .readValue(CBOR.readTree(response.body()).get("certificate").binaryValue(), Certificate.class);
        Agent agent = new AgentBuilder()
                .transport(ReplicaOkHttpTransport.create(agentUrl))
                .identity(identity)
                .build();
        agent.setRootKey(rootKey);
        agent.verify(certificate, subnet, false);
        assertThat(certificate.tree.lookupPath(new ArrayList<>(
                                List.of(new Label("subnet"), new Label(subnet.getValue()), new Label("public_key"))))
                        .value)
                .isEqualTo(rootKey);

        HttpResponse<byte[]> otherSubnet = post("/api/v2/subnet/" + OFF_SUBNET + "/read_state", signed(content));
        assertThat(otherSubnet.statusCode()).isEqualTo(404);
        assertThat(text(otherSubnet)).contains("no subnet");
    }

    @Test
    void unknownPathsOnTheGatewayAreClearErrors() throws Exception {
        // a path outside /api is canister HTTP, which needs a canister (see HttpGatewayIT)
        HttpResponse<byte[]> response = http.send(
                HttpRequest.newBuilder(URI.create(agentUrl + "/index.html"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(text(response)).contains("which canister");
        HttpResponse<byte[]> noOperation = post("/api/v2/canister/" + UNKNOWN_CANISTER + "/frobnicate", new byte[1]);
        assertThat(noOperation.statusCode()).isEqualTo(404);
        assertThat(text(noOperation)).contains("call, query or read_state");
    }
}
