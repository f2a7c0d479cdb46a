package io.diode.pocketic.embedded.ichttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.diode.pocketic.embedded.certification.HashTree;
import io.diode.pocketic.embedded.certification.LabeledTree;
import io.diode.pocketic.embedded.certification.RepresentationIndependentHash;
import io.diode.pocketic.embedded.certification.SelfAuthenticatingPrincipal;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.ic4j.agent.identity.BasicIdentity;
import org.ic4j.agent.identity.Identity;
import org.junit.jupiter.api.Test;

class IcHttpBuildingBlocksTest {

    private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());
    private static final Instant NOW = Instant.ofEpochSecond(1_685_570_200L);

    private static ObjectNode specExampleContent() {
        ObjectNode content = CBOR.createObjectNode();
        content.put("request_type", "call");
        content.put("sender", new byte[] {0x04});
        content.put("canister_id", HexFormat.of().parseHex("00000000000004D2"));
        content.put("method_name", "hello");
        content.put("arg", "DIDL\u0000\u00FD*".getBytes(StandardCharsets.ISO_8859_1));
        content.put("ingress_expiry", 1_685_570_400_000_000_000L);
        return content;
    }

    @Test
    void requestIdMatchesTheSpecificationExample() {
        assertThat(RepresentationIndependentHash.requestId(specExampleContent()).toString())
                .isEqualTo("1d1091364d6bb8a6c16b203ee75467d59ead468f523eb058880ae8ec80e2b101");
    }

    private static byte[] envelope(ObjectNode content, Identity identity) throws Exception {
        ObjectNode envelope = CBOR.createObjectNode();
        envelope.set("content", content);
        if (identity != null) {
            byte[] message = SenderAuthentication.signedBytes(RepresentationIndependentHash.requestId(content));
            envelope.put("sender_pubkey", identity.getPublicKey());
            envelope.put("sender_sig", identity.sign(message).signature.orElseThrow());
        }
        return CBOR.writeValueAsBytes(envelope);
    }

    @Test
    void acceptsEnvelopesSignedByIc4jEd25519IdentityAndRejectsTamperedOnes() throws Exception {
        Identity identity = BasicIdentity.fromKeyPair(
                KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        ObjectNode content = specExampleContent();
        content.put("sender", identity.sender().getValue());
        byte[] signed = envelope(content, identity);
        EnvelopeParser parser = new EnvelopeParser();
        SenderAuthentication authentication = new SenderAuthentication();

        Envelope<CallRequest> call = parser.parseCall(signed);
        authentication.authenticate(call, NOW);
        assertThat(call.request().methodName()).isEqualTo("hello");
        assertThat(SelfAuthenticatingPrincipal.of(identity.getPublicKey()).toString())
                .isEqualTo(identity.sender().toString());

        ObjectNode tampered = (ObjectNode) CBOR.readTree(signed);
        ((ObjectNode) tampered.get("content")).put("method_name", "steal");
        Envelope<CallRequest> forged = parser.parseCall(CBOR.writeValueAsBytes(tampered));
        assertThatThrownBy(() -> authentication.authenticate(forged, NOW))
                .isInstanceOf(IcHttpException.class)
                .hasMessageContaining("Invalid signature")
                .extracting(e -> ((IcHttpException) e).httpStatus())
                .isEqualTo(400);
    }

    @Test
    void anonymousNeedsNoSignatureButExpiryIsChecked() throws Exception {
        Envelope<CallRequest> call = new EnvelopeParser().parseCall(envelope(specExampleContent(), null));
        new SenderAuthentication().authenticate(call, NOW);
        assertThatThrownBy(() -> new SenderAuthentication().authenticate(call, NOW.plusSeconds(3600)))
                .isInstanceOf(IcHttpException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void malformedBodiesGetClearBadRequests() {
        EnvelopeParser parser = new EnvelopeParser();
        assertThatThrownBy(() -> parser.parseCall(new byte[] {(byte) 0xff, 0x00}))
                .isInstanceOf(IcHttpException.class)
                .hasMessageContaining("CBOR");
        assertThatThrownBy(() -> parser.parseQuery(CBOR.writeValueAsBytes(Map.of("content", Map.of()))))
                .isInstanceOf(IcHttpException.class)
                .hasMessageContaining("request_type");
    }

    @Test
    void callsAndQueriesShareTheirFieldsButNotTheirRequestType() throws Exception {
        EnvelopeParser parser = new EnvelopeParser();
        ObjectNode content = specExampleContent();
        content.put("request_type", "query");
        byte[] query = envelope(content, null);

        QueryRequest parsed = parser.parseQuery(query).request();
        assertThat(parsed.requestId()).isEqualTo(RepresentationIndependentHash.requestId(content));
        assertThat(parsed.sender().getValue()).containsExactly(0x04);
        assertThat(parsed.canisterId().getValue()).isEqualTo(HexFormat.of().parseHex("00000000000004D2"));
        assertThat(parsed.methodName()).isEqualTo("hello");
        assertThat(parsed.arg()).isEqualTo("DIDL\u0000\u00FD*".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(parsed.ingressExpiryNanos()).isEqualTo(1_685_570_400_000_000_000L);
        assertThat(parser.parseCall(envelope(specExampleContent(), null)).request())
                .usingRecursiveComparison()
                .ignoringFields("requestId")
                .isEqualTo(parsed);

        assertThatThrownBy(() -> parser.parseCall(query))
                .isInstanceOf(IcHttpException.class)
                .hasMessage("this endpoint takes request_type 'call', got 'query'");
        content.remove("method_name");
        assertThatThrownBy(() -> parser.parseQuery(envelope(content, null)))
                .isInstanceOf(IcHttpException.class)
                .hasMessage("the request lacks the required field 'method_name'");
    }

    @Test
    void witnessesKeepTheRootDigest() {
        LabeledTree.Node state = LabeledTree.empty()
                .with(List.of(bytes("time")), LabeledTree.leaf(new byte[] {1, 2, 3}))
                .with(List.of(bytes("request_status"), new byte[32], bytes("status")), LabeledTree.leaf("replied"))
                .with(List.of(bytes("request_status"), new byte[] {9}, bytes("status")), LabeledTree.leaf("done"));
        HashTree witness = state.witness(List.of(List.of(bytes("request_status"), new byte[32])));
        assertThat(witness.digest()).isEqualTo(state.hashTree().digest());
        assertThat(witness).isNotEqualTo(state.hashTree());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
