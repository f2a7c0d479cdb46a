package io.diode.pocketic.embedded.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.diode.pocketic.embedded.engine.MotokoCanisters;
import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.ic4j.agent.Agent;
import org.ic4j.agent.AgentBuilder;
import org.ic4j.agent.QueryBuilder;
import org.ic4j.agent.UpdateBuilder;
import org.ic4j.agent.Waiter;
import org.ic4j.agent.http.ReplicaOkHttpTransport;
import org.ic4j.agent.identity.BasicIdentity;
import org.ic4j.candid.parser.IDLArgs;
import org.ic4j.candid.parser.IDLValue;
import org.ic4j.candid.types.Type;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Composite queries through the two HTTP interfaces users reach them by: the PocketIC REST API ({@code read/query},
 * as PocketIC clients send queries) and the IC HTTP interface, driven by ic4j-agent with verification on.
 */
class CompositeQueryOverHttpIT {

    private static PocketIcServer server;
    private static RestClient rest;
    private static int instance;
    private static Principal reader;
    private static Principal target;
    private static Agent agent;

    @BeforeAll
    static void startServerAndInstallTwoReaders() throws Exception {
        byte[] wasm = MotokoCanisters.wasm("composite");
        server = PocketIcServer.start();
        rest = new RestClient(server.baseUrl());
        instance = rest.createInstance();
        reader = rest.installCanister(instance, wasm);
        target = rest.installCanister(instance, wasm);
        rest.update(instance, reader, "set", nat(3));
        rest.update(instance, target, "set", nat(42));
        agent = new AgentBuilder()
                .transport(ReplicaOkHttpTransport.create(server.agentUrl(instance)))
                .identity(BasicIdentity.fromKeyPair(
                        KeyPairGenerator.getInstance("Ed25519").generateKeyPair()))
                .build();
        agent.fetchRootKey();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static byte[] nat(long value) {
        return IDLArgs.create(List.of(IDLValue.create(BigInteger.valueOf(value), Type.NAT)))
                .toBytes();
    }

    private static byte[] principal(Principal value) {
        return IDLArgs.create(List.of(IDLValue.create(value))).toBytes();
    }

    private static BigInteger decodeNat(byte[] candid) {
        return IDLArgs.fromBytes(candid).getArgs().getFirst().getValue();
    }

    @Test
    void restQueryRunsTheCallGraphAndDiscardsItsChanges() throws Exception {
        assertThat(decodeNat(rest.query(instance, reader, "readVia", principal(target))))
                .isEqualTo(42);
        // readVia added 7 to the reader's count before calling: discarded
        assertThat(decodeNat(rest.query(
                        instance, reader, "value", IDLArgs.create(List.of()).toBytes())))
                .isEqualTo(3);
    }

    @Test
    void restUpdateOfACompositeQueryIsTheReplicatedModeError() throws Exception {
        JsonNode submitted = rest.json(
                "POST",
                "/instances/" + instance + "/update/submit_ingress_message",
                RestClient.callBody(reader, "readVia", principal(target)));
        JsonNode result = rest.json(
                "POST",
                "/instances/" + instance + "/update/await_ingress_message",
                submitted.get("Ok").toString());
        JsonNode error = result.get("Err");
        assertThat(error).as(result.toString()).isNotNull();
        assertThat(error.get("error_code").asText()).isEqualTo("CompositeQueryCalledInReplicatedMode");
        assertThat(error.get("reject_code").asText()).isEqualTo("CanisterError");
        assertThat(error.get("reject_message").asText())
                .isEqualTo("Composite query cannot be called in replicated mode");
    }

    @Test
    void restQueryOfAGraphTooDeepFailsAsAWhole() throws Exception {
        JsonNode result = rest.json(
                "POST", "/instances/" + instance + "/read/query", RestClient.callBody(reader, "chain", nat(7)));
        assertThat(result.get("Err").get("error_code").asText()).isEqualTo("QueryCallGraphTooDeep");
    }

    @Test
    void ic4jQueriesACompositeQueryWithTheNodeSignatureVerified() throws Exception {
        byte[] reply = QueryBuilder.create(agent, reader, "readVia")
                .effectiveCanisterId(reader)
                .arg(principal(target))
                .callWithVerification()
                .get();
        assertThat(decodeNat(reply)).isEqualTo(42);
        String message = (String) IDLArgs.fromBytes(QueryBuilder.create(agent, reader, "callUpdate")
                        .effectiveCanisterId(reader)
                        .arg(principal(target))
                        .call()
                        .get())
                .getArgs()
                .getFirst()
                .getValue();
        assertThat(message)
                .isEqualTo(
                        "destination_invalid: Error from Canister " + target + ": Canister has no query method 'inc'.");
    }

    @Test
    void ic4jCallingACompositeQueryAsAnUpdateGetsTheCertifiedReject() {
        assertThatThrownBy(() -> UpdateBuilder.create(agent, reader, "readVia")
                        .effectiveCanisterId(reader)
                        .arg(principal(target))
                        .callAndWait(Waiter.create(60, 1))
                        .get())
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("Composite query cannot be called in replicated mode");
    }
}
