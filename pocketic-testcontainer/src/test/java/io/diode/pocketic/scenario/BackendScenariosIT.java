package io.diode.pocketic.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diode.ic.Sha256;
import io.diode.pocketic.client.CandidArguments;
import io.diode.pocketic.client.CanisterCallException;
import io.diode.pocketic.client.CanisterSettings;
import io.diode.pocketic.client.CanisterStatus;
import io.diode.pocketic.client.HttpOutcallResponse;
import io.diode.pocketic.client.InstanceDeletedException;
import io.diode.pocketic.client.PendingHttpOutcall;
import io.diode.pocketic.client.PocketIc;
import io.diode.pocketic.client.RejectCode;
import io.diode.pocketic.client.Sender;
import io.diode.pocketic.junit.BackendAvailability;
import io.diode.pocketic.junit.PocketIcBackend;
import io.diode.pocketic.launcher.RunningPocketIcServer;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The same canister scenarios on every backend: the in-process server, the launched jar (or POCKET_IC_BIN), and a
 * container. One server per backend for the whole class, one instance per scenario.
 */
class BackendScenariosIT {

    private static final Map<PocketIcBackend, RunningPocketIcServer> SERVERS = new EnumMap<>(PocketIcBackend.class);
    private static final Principal ALICE =
            Principal.fromString("hpikg-6exdt-jn33w-ndty3-fc7jc-tl2lr-buih3-cs3y7-tftkp-sfp62-gqe");

    private static PocketIc instanceOn(PocketIcBackend backend) {
        BackendAvailability.requireAvailable(backend);
        RunningPocketIcServer server;
        synchronized (SERVERS) {
            server = SERVERS.computeIfAbsent(backend, PocketIcBackend::start);
        }
        return PocketIc.builder(server.url())
                .requestTimeout(Duration.ofMinutes(2))
                .create();
    }

    @AfterAll
    static void stopServers() {
        SERVERS.values().forEach(RunningPocketIcServer::close);
        SERVERS.clear();
    }

    private static Principal installScenario(PocketIc pic) {
        Principal canister = pic.createCanister();
        pic.installCode(canister, ScenarioCanister.WASM, CandidArguments.encode());
        return canister;
    }

    @ParameterizedTest
    @EnumSource(PocketIcBackend.class)
    void updatesQueriesAndTypedCalls(PocketIcBackend backend) {
        try (PocketIc pic = instanceOn(backend)) {
            Principal canister = installScenario(pic);
            assertThat(pic.updateCall(canister, "increment", BigInteger.class, Sender.of(ALICE)))
                    .isEqualTo(BigInteger.ONE);
            assertThat(pic.updateCall(canister, "increment", BigInteger.class, Sender.of(ALICE)))
                    .isEqualTo(BigInteger.TWO);
            assertThat(pic.queryCall(canister, "get", BigInteger.class, Sender.of(ALICE)))
                    .isEqualTo(BigInteger.TWO);
            assertThat(pic.queryCall(canister, "greet", String.class, List.of("Ada"), Sender.of(ALICE)))
                    .isEqualTo("Hello, Ada!");
            assertThat(pic.queryCall(canister, "whoami", Principal.class, Sender.of(ALICE)))
                    .isEqualTo(ALICE);
        }
    }

    @ParameterizedTest
    @EnumSource(PocketIcBackend.class)
    void aTrapIsATypedRejectAndRollsBack(PocketIcBackend backend) {
        try (PocketIc pic = instanceOn(backend)) {
            Principal canister = installScenario(pic);
            pic.updateCall(canister, "increment", BigInteger.class, Sender.of(ALICE));
            assertThatThrownBy(() -> pic.updateCall(canister, "fail", Void.class, Sender.of(ALICE)))
                    .isInstanceOfSatisfying(CanisterCallException.class, e -> {
                        assertThat(e.rejectCode()).isEqualTo(RejectCode.CANISTER_ERROR);
                        assertThat(e.errorCode()).isNotBlank();
                    });
            assertThat(pic.queryCall(canister, "get", BigInteger.class, Sender.of(ALICE)))
                    .isEqualTo(BigInteger.ONE);
            assertThatThrownBy(() -> pic.queryCall(canister, "no_such_method", new byte[0], Sender.of(ALICE)))
                    .isInstanceOf(CanisterCallException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(PocketIcBackend.class)
    void upgradeKeepsStateReinstallWipesIt(PocketIcBackend backend) {
        try (PocketIc pic = instanceOn(backend)) {
            Principal canister = installScenario(pic);
            pic.updateCall(canister, "increment", BigInteger.class, Sender.of(ALICE));
            pic.upgradeCanister(canister, ScenarioCanister.WASM, CandidArguments.encode());
            assertThat(pic.queryCall(canister, "get", BigInteger.class, Sender.of(ALICE)))
                    .isEqualTo(BigInteger.ONE);
            pic.reinstallCode(canister, ScenarioCanister.WASM, CandidArguments.encode());
            assertThat(pic.queryCall(canister, "get", BigInteger.class, Sender.of(ALICE)))
                    .isEqualTo(BigInteger.ZERO);
        }
    }

    /** The client used to miss the EOP section of a gzipped module and upgrade it without {@code keep}: rejected. */
    @ParameterizedTest
    @EnumSource(PocketIcBackend.class)
    void aGzippedEopModuleUpgradesKeepingMainMemory(PocketIcBackend backend) throws java.io.IOException {
        java.io.ByteArrayOutputStream gzipped = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gzipped)) {
            out.write(ScenarioCanister.WASM);
        }
        try (PocketIc pic = instanceOn(backend)) {
            Principal canister = installScenario(pic);
            pic.updateCall(canister, "increment", BigInteger.class, Sender.of(ALICE));
            pic.upgradeCanister(canister, gzipped.toByteArray(), CandidArguments.encode());
            assertThat(pic.queryCall(canister, "get", BigInteger.class, Sender.of(ALICE)))
                    .isEqualTo(BigInteger.ONE);
        }
    }

    @ParameterizedTest
    @EnumSource(PocketIcBackend.class)
    void timeMovesOnlyWhenTold(PocketIcBackend backend) {
        try (PocketIc pic = instanceOn(backend)) {
            Principal canister = installScenario(pic);
            Instant target = pic.getTime().plus(Duration.ofDays(1));
            pic.setTime(target);
            pic.tick();
            BigInteger canisterNanos = pic.queryCall(canister, "now", BigInteger.class, Sender.of(ALICE));
            assertThat(canisterNanos)
                    .isGreaterThanOrEqualTo(
                            BigInteger.valueOf(target.getEpochSecond()).multiply(BigInteger.valueOf(1_000_000_000L)));
            Instant before = pic.getTime();
            pic.advanceTime(Duration.ofMinutes(5));
            assertThat(pic.getTime()).isAfterOrEqualTo(before.plus(Duration.ofMinutes(5)));
        }
    }

    @ParameterizedTest
    @EnumSource(PocketIcBackend.class)
    void cyclesControllersAndStatus(PocketIcBackend backend) {
        try (PocketIc pic = instanceOn(backend)) {
            Principal canister = pic.createCanister(
                    CanisterSettings.none().withControllers(Principal.anonymous(), ALICE),
                    BigInteger.valueOf(2_000_000_000_000L));
            pic.installCode(canister, ScenarioCanister.WASM, CandidArguments.encode());
            assertThat(pic.getControllers(canister)).containsExactlyInAnyOrder(Principal.anonymous(), ALICE);
            BigInteger before = pic.getCycles(canister);
            assertThat(before).isPositive().isLessThanOrEqualTo(BigInteger.valueOf(2_000_000_000_000L));
            BigInteger after = pic.addCycles(canister, BigInteger.valueOf(1_000_000));
            assertThat(after).isGreaterThan(before);
            CanisterStatus status = pic.canisterStatus(canister, Sender.of(ALICE));
            assertThat(status.status()).isEqualTo(CanisterStatus.RunningState.RUNNING);
            assertThat(status.moduleHash()).isPresent();
            assertThat(status.controllers()).contains(ALICE);
            pic.stopCanister(canister, Sender.of(ALICE));
            assertThat(pic.canisterStatus(canister, Sender.of(ALICE)).status())
                    .isEqualTo(CanisterStatus.RunningState.STOPPED);
        }
    }

    @ParameterizedTest
    @EnumSource(PocketIcBackend.class)
    void httpOutcallsWaitForAMockedResponse(PocketIcBackend backend) {
        try (PocketIc pic = instanceOn(backend)) {
            Principal canister = installScenario(pic);
            PocketIc.SubmittedCall call = pic.submitCall(
                    canister, "fetch", CandidArguments.encode("https://rpc.example/status"), Sender.of(ALICE));
            pic.tick(2);
            List<PendingHttpOutcall> pending = pic.pendingHttpOutcalls();
            assertThat(pending)
                    .singleElement()
                    .satisfies(outcall -> assertThat(outcall.url()).isEqualTo("https://rpc.example/status"));
            pic.mockHttpOutcall(pending.getFirst(), HttpOutcallResponse.reply(200, "all good"));
            assertThat(CandidArguments.decode(pic.awaitCall(call), String.class))
                    .isEqualTo("200 all good");
        }
    }

    @ParameterizedTest
    @EnumSource(PocketIcBackend.class)
    void largeModulesAreInstalledFromChunks(PocketIcBackend backend) {
        try (PocketIc pic = instanceOn(backend)) {
            byte[] large = ScenarioCanister.withPadding(2_500_000);
            Principal canister = pic.createCanister();
            pic.installCode(canister, large, CandidArguments.encode());
            assertThat(pic.updateCall(canister, "increment", BigInteger.class, Sender.of(ALICE)))
                    .isEqualTo(BigInteger.ONE);
            CanisterStatus status = pic.canisterStatus(canister);
            assertThat(status.moduleHash())
                    .hasValueSatisfying(hash -> assertThat(hash).isEqualTo(Sha256.of(large)));
        }
    }

    @ParameterizedTest
    @EnumSource(PocketIcBackend.class)
    void stableMemoryAndAutoProgress(PocketIcBackend backend) {
        try (PocketIc pic = instanceOn(backend)) {
            Principal canister = installScenario(pic);
            byte[] memory = new byte[65_536];
            memory[0] = 42;
            memory[65_535] = 7;
            pic.setStableMemory(canister, memory);
            byte[] read = pic.getStableMemory(canister);
            assertThat(read).hasSizeGreaterThanOrEqualTo(memory.length);
            assertThat(read[0]).isEqualTo((byte) 42);
            assertThat(read[65_535]).isEqualTo((byte) 7);
            assertThat(pic.isAutoProgressEnabled()).isFalse();
            pic.autoProgress();
            assertThat(pic.isAutoProgressEnabled()).isTrue();
            pic.stopProgress();
            assertThat(pic.isAutoProgressEnabled()).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(PocketIcBackend.class)
    void anInstanceDeletedUnderTheClientFailsClearly(PocketIcBackend backend) throws Exception {
        try (PocketIc pic = instanceOn(backend);
                HttpClient http = HttpClient.newHttpClient()) {
            URI instance = URI.create(pic.serverUrl() + "/instances/" + pic.instanceId());
            HttpResponse<Void> deleted = http.send(
                    HttpRequest.newBuilder(instance).DELETE().build(), HttpResponse.BodyHandlers.discarding());
            assertThat(deleted.statusCode()).isBetween(200, 299);
            assertThatThrownBy(pic::getTime).isInstanceOf(InstanceDeletedException.class);
        }
    }
}
