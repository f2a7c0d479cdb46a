package io.diode.pocketic.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diode.candid.CandidException;
import io.diode.pocketic.client.CanisterCallException;
import io.diode.pocketic.client.CanisterFixture;
import io.diode.pocketic.client.HttpOutcallResponse;
import io.diode.pocketic.client.PendingCall;
import io.diode.pocketic.client.PocketIc;
import io.diode.pocketic.client.Principals;
import io.diode.pocketic.client.RejectCode;
import io.diode.pocketic.client.Sender;
import io.diode.pocketic.junit.PocketIcBackend;
import io.diode.pocketic.launcher.RunningPocketIcServer;
import java.math.BigInteger;
import java.time.Duration;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Typed actors over the PocketIC REST API, against the scenario canister on the in-process server. */
class TypedActorIT {

    private static final Principal ALICE =
            Principal.fromString("hpikg-6exdt-jn33w-ndty3-fc7jc-tl2lr-buih3-cs3y7-tftkp-sfp62-gqe");
    private static RunningPocketIcServer server;

    @BeforeAll
    static void startServer() {
        server = PocketIcBackend.EMBEDDED.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static PocketIc instance() {
        return PocketIc.builder(server.url())
                .requestTimeout(Duration.ofMinutes(2))
                .create();
    }

    @Test
    void typedUpdatesAndQueriesWithoutMethodNameStringsOrCasts() {
        try (PocketIc pic = instance()) {
            CanisterFixture<ScenarioActor> fixture = pic.setupCanister(ScenarioCanister.WASM, ScenarioActor.class);
            ScenarioActor scenario = fixture.actor();
            assertThat(scenario.increment()).isEqualTo(BigInteger.ONE);
            assertThat(scenario.increment()).isEqualTo(BigInteger.TWO);
            assertThat(scenario.get()).isEqualTo(BigInteger.TWO);
            assertThat(scenario.greet("Ada")).isEqualTo("Hello, Ada!");
            assertThat(scenario.whoami()).isEqualTo(io.diode.candid.Principal.anonymous());
            assertThat(pic.actor(fixture.canisterId(), ScenarioActor.class, Sender.of(ALICE))
                            .whoami())
                    .isEqualTo(Principals.toCandid(ALICE));
            assertThat(scenario.toString())
                    .contains("ScenarioActor[")
                    .contains(fixture.canisterId().toString());
        }
    }

    @Test
    void aRejectIsACanisterCallExceptionAndArgumentMistakesAreCandidErrors() {
        try (PocketIc pic = instance()) {
            ScenarioActor scenario = pic.setupCanister(ScenarioCanister.WASM, ScenarioActor.class)
                    .actor();
            assertThatThrownBy(scenario::fail)
                    .isInstanceOfSatisfying(
                            CanisterCallException.class,
                            reject -> assertThat(reject.rejectCode()).isEqualTo(RejectCode.CANISTER_ERROR));
            assertThat(scenario.get()).as("the trap rolled back").isZero();
            assertThatThrownBy(() -> scenario.greet(null))
                    .isInstanceOf(CandidException.class)
                    .hasMessageContaining("must be a String, got null");
            assertThatThrownBy(() -> pic.setupCanister(ScenarioCanister.WASM, ScenarioActor.class, "unexpected"))
                    .hasMessageContaining("takes 0 Candid arguments");
        }
    }

    @Test
    void aDeferredCallWaitsForTheMockedHttpOutcall() {
        try (PocketIc pic = instance()) {
            Principal canister = pic.setupCanister(ScenarioCanister.WASM, ScenarioActor.class)
                    .canisterId();
            PendingCall<String> fetch = pic.deferredActor(canister, ScenarioActor.class, Sender.of(ALICE))
                    .submit(actor -> actor.fetch("https://rpc.example/status"));
            pic.tick(2);
            assertThat(pic.pendingHttpOutcalls())
                    .singleElement()
                    .satisfies(outcall -> assertThat(outcall.url()).isEqualTo("https://rpc.example/status"));
            pic.mockHttpOutcall(pic.pendingHttpOutcalls().getFirst(), HttpOutcallResponse.reply(200, "all good"));
            assertThat(fetch.await()).isEqualTo("200 all good");
            assertThatThrownBy(() -> pic.deferredActor(canister, ScenarioActor.class, Sender.of(ALICE))
                            .submit(ScenarioActor::get))
                    .hasMessageContaining("is a query");
        }
    }
}
