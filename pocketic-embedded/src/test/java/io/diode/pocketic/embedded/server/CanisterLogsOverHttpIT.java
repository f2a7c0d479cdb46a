package io.diode.pocketic.embedded.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diode.candid.VariantValue;
import io.diode.ic.management.ManagementCandidTypes;
import io.diode.pocketic.embedded.engine.MotokoCanisters;
import io.diode.pocketic.embedded.management.TestCandid;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ic4j.agent.Agent;
import org.ic4j.agent.AgentBuilder;
import org.ic4j.agent.QueryBuilder;
import org.ic4j.agent.UpdateBuilder;
import org.ic4j.agent.Waiter;
import org.ic4j.agent.http.ReplicaOkHttpTransport;
import org.ic4j.agent.identity.BasicIdentity;
import org.ic4j.candid.parser.IDLArgs;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * fetch_canister_logs the way dfx and other IC agents read logs: a query to {@code aaaaa-aa} over the IC HTTP
 * interface, with the canister as effective canister id (ic4j-agent, node signatures and certificates verified).
 */
class CanisterLogsOverHttpIT {

    private static final Principal MANAGEMENT = Principal.fromString("aaaaa-aa");
    private static final Principal FIRST_CANISTER_ID = Principal.fromString("lxzze-o7777-77777-aaaaa-cai");
    private static final Waiter WAITER = Waiter.create(60, 1);

    private static PocketIcServer server;
    private static String agentUrl;
    private static Agent controller;
    private static Principal journal;

    @BeforeAll
    static void deployJournal() throws Exception {
        server = PocketIcServer.start();
        agentUrl = server.baseUrl() + "/instances/" + server.createInstance();
        controller = agent();
        Map<String, Object> create = new HashMap<>();
        create.put("amount", Optional.of(new BigInteger("100000000000000")));
        create.put("settings", Optional.empty());
        create.put("specified_id", Optional.empty());
        create.put("sender_canister_version", Optional.empty());
        journal = TestCandid.firstArgument(update(
                        MANAGEMENT,
                        FIRST_CANISTER_ID,
                        "provisional_create_canister_with_cycles",
                        TestCandid.encode(ManagementCandidTypes.PROVISIONAL_CREATE_CANISTER_WITH_CYCLES_ARGS, create)))
                .field("canister_id")
                .principal();
        Map<String, Object> install = new HashMap<>();
        install.put("mode", VariantValue.of("install"));
        install.put("canister_id", journal);
        install.put("wasm_module", MotokoCanisters.wasm("journal"));
        install.put("arg", IDLArgs.create(List.of()).toBytes());
        install.put("sender_canister_version", Optional.empty());
        update(
                MANAGEMENT,
                journal,
                "install_code",
                TestCandid.encode(ManagementCandidTypes.INSTALL_CODE_ARGS, install));
        update(journal, journal, "inc", IDLArgs.create(List.of()).toBytes());
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static Agent agent() throws Exception {
        Agent agent = new AgentBuilder()
                .transport(ReplicaOkHttpTransport.create(agentUrl))
                .identity(BasicIdentity.fromKeyPair(
                        KeyPairGenerator.getInstance("Ed25519").generateKeyPair()))
                .build();
        agent.fetchRootKey();
        return agent;
    }

    private static byte[] update(Principal target, Principal effectiveCanisterId, String method, byte[] argument)
            throws Exception {
        return UpdateBuilder.create(controller, target, method)
                .effectiveCanisterId(effectiveCanisterId)
                .arg(argument)
                .callAndWait(WAITER)
                .get();
    }

    private static byte[] fetchLogs(Agent agent) throws Exception {
        return QueryBuilder.create(agent, MANAGEMENT, "fetch_canister_logs")
                .effectiveCanisterId(journal)
                .arg(TestCandid.encode(ManagementCandidTypes.CANISTER_ID_RECORD, Map.of("canister_id", journal)))
                .call()
                .get();
    }

    @Test
    void aControllerReadsTheLogsWithAQuery() throws Exception {
        List<TestCandid.Value> records = TestCandid.firstArgument(fetchLogs(controller))
                .field("canister_log_records")
                .vec(value -> value);
        assertThat(records)
                .extracting(record -> new String(record.field("content").blob(), StandardCharsets.UTF_8))
                .containsExactly("count is 1");
    }

    @Test
    void anotherIdentityIsRefused() {
        assertThatThrownBy(() -> fetchLogs(agent()))
                .hasMessageContaining("is not allowed to query ic00 method" + " fetch_canister_logs");
    }
}
