package io.diode.pocketic.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diode.pocketic.client.CandidArguments;
import io.diode.pocketic.client.PocketIc;
import io.diode.pocketic.junit.BackendAvailability;
import io.diode.pocketic.junit.PocketIcBackend;
import io.diode.pocketic.launcher.RunningPocketIcServer;
import java.math.BigInteger;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.ic4j.agent.Agent;
import org.ic4j.agent.AgentBuilder;
import org.ic4j.agent.http.ReplicaOkHttpTransport;
import org.ic4j.agent.identity.AnonymousIdentity;
import org.ic4j.candid.parser.IDLArgs;
import org.ic4j.types.Principal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link PocketIc#makeLive()} gives a URL an IC agent uses as it would use a replica's, on the backends whose
 * gateway port is reachable (a container's is not published).
 */
class LiveModeIT {

    @ParameterizedTest
    @EnumSource(
            value = PocketIcBackend.class,
            names = {"EMBEDDED", "BINARY"})
    void makeLiveReturnsAGatewayAnAgentUses(PocketIcBackend backend) throws Exception {
        BackendAvailability.requireAvailable(backend);
        try (RunningPocketIcServer server = backend.start();
                PocketIc pic = PocketIc.builder(server.url())
                        .requestTimeout(Duration.ofMinutes(2))
                        .create();
                HttpClient http = HttpClient.newHttpClient()) {
            Principal canister = pic.createCanister();
            pic.installCode(canister, ScenarioCanister.WASM, CandidArguments.encode());

            URI gateway = pic.makeLive();
            assertThat(pic.makeLive()).isEqualTo(gateway);
            assertThat(pic.isAutoProgressEnabled()).isTrue();

            HttpResponse<byte[]> status = http.send(
                    HttpRequest.newBuilder(gateway.resolve("/api/v2/status")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(status.statusCode()).isEqualTo(200);
            assertThat(status.headers().firstValue("content-type")).hasValue("application/cbor");

            // an agent with certificate verification: update through the certified request status, then a query
            Agent agent = new AgentBuilder()
                    .transport(ReplicaOkHttpTransport.create(gateway.toString()))
                    .identity(new AnonymousIdentity())
                    .build();
            agent.fetchRootKey();
            byte[] noArguments = IDLArgs.create(java.util.List.of()).toBytes();
            var requestId = agent.updateRaw(canister, canister, "increment", noArguments, java.util.Optional.empty())
                    .get();
            byte[] reply = null;
            for (int attempt = 0; attempt < 100 && reply == null; attempt++) {
                var requestStatus = agent.requestStatusRaw(requestId, canister).get();
                if (requestStatus.replied.isPresent()) {
                    reply = requestStatus.replied.get().arg;
                } else {
                    Thread.sleep(50);
                }
            }
            assertThat(reply).as("the update's certified reply").isNotNull();
            assertThat((BigInteger)
                            IDLArgs.fromBytes(reply).getArgs().getFirst().getValue())
                    .isEqualTo(BigInteger.ONE);
            byte[] queried = agent.queryRaw(canister, canister, "get", noArguments, java.util.Optional.empty())
                    .get();
            assertThat((BigInteger)
                            IDLArgs.fromBytes(queried).getArgs().getFirst().getValue())
                    .isEqualTo(BigInteger.ONE);

            // canister HTTP reaches the canister, which has no http_request method
            HttpResponse<String> page = http.send(
                    HttpRequest.newBuilder(gateway.resolve("/?canisterId=" + canister))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(502);
            assertThat(page.body()).contains(canister.toString(), "http_request");

            pic.stopLive();
            assertThat(pic.isAutoProgressEnabled()).isFalse();
            assertThatThrownBy(() -> http.send(
                            HttpRequest.newBuilder(gateway.resolve("/api/v2/status"))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding()))
                    .isInstanceOf(ConnectException.class);
        }
    }
}
