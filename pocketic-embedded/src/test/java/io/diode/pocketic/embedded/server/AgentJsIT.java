package io.diode.pocketic.embedded.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.diode.pocketic.embedded.engine.MotokoCanisters;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.ic4j.candid.parser.IDLArgs;
import org.ic4j.candid.parser.IDLValue;
import org.ic4j.candid.types.Type;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.Test;

/**
 * agent-js ({@code @dfinity/agent} 3.x from npm), the agent of browsers and Node, against an instance's IC HTTP
 * interface with every check it makes by default: certificates against the fetched root key, query signatures
 * against the certified node keys, certificate freshness. The node script {@code src/test/js/ic-http-agent.cjs}
 * calls, queries (a composite query among them), polls and reads certified canister state; this test checks what
 * it printed.
 */
class AgentJsIT {

    @Test
    void agentJsUpdatesQueriesPollsAndReadsCertifiedState() throws Exception {
        byte[] wasm = MotokoCanisters.wasm("counter");
        PicJs.install(PicJs.AGENT_JS);
        try (PocketIcServer server = PocketIcServer.start()) {
            RestClient rest = new RestClient(server.baseUrl());
            int instance = rest.createInstance();
            Principal canister = rest.installCanister(
                    instance,
                    wasm,
                    IDLArgs.create(List.of(IDLValue.create(BigInteger.valueOf(41), Type.NAT)))
                            .toBytes());

            byte[] composite = MotokoCanisters.wasm("composite");
            Principal reader = rest.installCanister(instance, composite);
            Principal target = rest.installCanister(instance, composite);
            rest.update(
                    instance,
                    reader,
                    "set",
                    IDLArgs.create(List.of(IDLValue.create(BigInteger.valueOf(3), Type.NAT)))
                            .toBytes());
            rest.update(
                    instance,
                    target,
                    "set",
                    IDLArgs.create(List.of(IDLValue.create(BigInteger.valueOf(42), Type.NAT)))
                            .toBytes());

            PicJs.Run run = PicJs.runScript(
                    PicJs.AGENT_JS,
                    "ic-http-agent.cjs",
                    List.of(server.agentUrl(instance), canister.toString(), reader.toString(), target.toString()),
                    180);

            assertThat(run.exitCode()).as(run.output()).isZero();
            String lastLine = run.output()
                    .strip()
                    .lines()
                    .reduce((first, second) -> second)
                    .orElseThrow();
            JsonNode result = new ObjectMapper().readTree(lastLine);
            assertThat(result.get("before").asText()).isEqualTo("41");
            assertThat(result.get("afterInc").asText()).isEqualTo("42");
            assertThat(result.get("queried").asText()).isEqualTo("42");
            assertThat(result.get("polled").asText()).isEqualTo("43");
            assertThat(result.get("trap").asText()).contains("boom after increment");
            assertThat(result.get("moduleHash").asText())
                    .isEqualTo(HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(wasm)));
            assertThat(result.get("controllers").toString()).contains("2vxsx-fae");
            assertThat(result.get("composite").asText()).isEqualTo("42");
            assertThat(result.get("readerAfter").asText())
                    .as("the composite query's own change is discarded")
                    .isEqualTo("3");
            assertThat(result.get("compositeAsUpdate").asText())
                    .contains("Composite query cannot be called in replicated mode");
        }
    }
}
