package io.diode.pocketic.embedded.certification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.ic4j.agent.Agent;
import org.ic4j.agent.AgentBuilder;
import org.ic4j.agent.AgentError;
import org.ic4j.agent.ReplicaTransport;
import org.ic4j.agent.certification.Certificate;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.Test;

/** Certificates verified by ic4j-agent's own code: the check an agent makes on every read_state answer. */
class SubnetSigningKeyTest {

    private static final Principal CANISTER = Principal.fromString("rwlgt-iiaaa-aaaaa-aaaaa-cai");

    private static LabeledTree.Node state() {
        return LabeledTree.empty()
                .with(
                        List.of(bytes("time")),
                        LabeledTree.leaf(RepresentationIndependentHash.leb128(
                                java.math.BigInteger.valueOf(1_700_000_000_000_000_000L))))
                .with(
                        List.of(bytes("canister"), CANISTER.getValue(), bytes("module_hash")),
                        LabeledTree.leaf(new byte[32]));
    }

    private static Agent agentTrusting(byte[] rootKeyDer) throws Exception {
        ReplicaTransport unused = (ReplicaTransport) java.lang.reflect.Proxy.newProxyInstance(
                ReplicaTransport.class.getClassLoader(),
                new Class<?>[] {ReplicaTransport.class},
                (proxy, method, args) -> {
                    throw new UnsupportedOperationException("no network in this test");
                });
        Agent agent = new AgentBuilder().transport(unused).build();
        agent.setRootKey(rootKeyDer);
        return agent;
    }

    private static Certificate decode(byte[] certificate) throws Exception {
        ObjectMapper cbor = new ObjectMapper(new CBORFactory()).registerModule(new Jdk8Module());
        return cbor.readValue(certificate, Certificate.class);
    }

    @Test
    void ic4jAgentVerifiesOurCertificateAndItsWitness() throws Exception {
        SubnetSigningKey certifier = new SubnetSigningKey(new byte[32]);
        Agent agent = agentTrusting(certifier.rootKeyDer());
        LabeledTree.Node state = state();

        agent.verify(decode(certifier.certificate(state.hashTree())), CANISTER, false);
        HashTree witness = state.witness(List.of(List.of(bytes("time"))));
        agent.verify(decode(certifier.certificate(witness)), CANISTER, false);
    }

    @Test
    void ic4jAgentRejectsAForeignKeyAndAChangedTree() throws Exception {
        SubnetSigningKey certifier = new SubnetSigningKey(new byte[32]);
        SubnetSigningKey stranger = new SubnetSigningKey(new byte[] {
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29,
            30, 31, 32
        });
        byte[] certificate = certifier.certificate(state().hashTree());

        assertThatThrownBy(() -> agentTrusting(stranger.rootKeyDer()).verify(decode(certificate), CANISTER, false))
                .isInstanceOf(AgentError.class);
        HashTree other = state().with(List.of(bytes("time")), LabeledTree.leaf(new byte[] {1}))
                .hashTree();
        byte[] swapped = SubnetSigningKey.encode(other, certifier.sign(state().hashTree()));
        assertThatThrownBy(() -> agentTrusting(certifier.rootKeyDer()).verify(decode(swapped), CANISTER, false))
                .isInstanceOf(AgentError.class);
    }

    @Test
    void rootKeyIsTheDerWrappedG2Point() {
        byte[] der = new SubnetSigningKey(new byte[32]).rootKeyDer();
        assertThat(der).hasSize(133);
        assertThat(der[37] & 0x80)
                .as("compressed-point flag of the 96-byte key")
                .isEqualTo(0x80);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
