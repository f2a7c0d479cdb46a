package io.diode.sample;

import static io.diode.sample.TestMessages.ciphertext;
import static io.diode.sample.TestMessages.keyId;
import static org.assertj.core.api.Assertions.assertThat;

import io.diode.pocketic.client.PocketIc;
import io.diode.pocketic.junit.PocketIcTest;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, monitoring over time: the Factory samples every Zone's balance at each refill pass (its hourly timer
 * here, after time travel), keeps the history, and derives each Zone's burn rate per day and the time until it
 * freezes ({@code get_fleet_monitoring}). Between passes one Zone does real work (members write messages, each
 * message paid by the Zone), the other only pays storage: the busy Zone's burn must be the larger.
 */
@PocketIcTest
class FleetMonitoringIT {

    private static final Principal ADMIN = TestUsers.user("admin");
    private static final Principal MEMBER = TestUsers.user("member");
    private static final int PASSES = 4;
    private static final int MESSAGES_PER_PASS = 10;
    private static final long HOUR_NS = 3_600_000_000_000L;

    @Test
    void burnRateAndRunwayFollowTheWorkDoneBetweenRefillPasses(PocketIc pic) {
        FactoryCanister factory = FactoryCanister.install(pic, ADMIN, CanisterManifestFile.readBuildOutput().wasm("factory"),
                FactoryCanister.STARTING_CYCLES);
        factory.configure(factory.settings().withRefillInterval(3_600));
        ZoneCanister busy = factory.createZone(zone("f1"));
        ZoneCanister idle = factory.createZone(zone("f2"));
        busy.registerWithRole(MEMBER, "0x" + "5a".repeat(20), 300);

        int message = 0;
        for (int pass = 0; pass < PASSES; pass++) {
            for (int i = 0; i < MESSAGES_PER_PASS; i++, message++) {
                busy.storeMessage(MEMBER, keyId(message % 3), ciphertext(message, 4_096));
            }
            pic.advanceTime(Duration.ofHours(1));
            pic.tick(3);
        }

        CandidValue busyView = monitoringOf(factory, busy.id());
        CandidValue idleView = monitoringOf(factory, idle.id());
        List<CandidValue> samples = busyView.field("samples").vec();
        assertThat(samples).as("one sample per refill pass").hasSizeGreaterThanOrEqualTo(PASSES);
        for (int i = 1; i < samples.size(); i++) {
            long gap = samples.get(i).field("at_ns").nat().longValueExact() - samples.get(i - 1).field("at_ns").nat().longValueExact();
            assertThat(gap).as("passes an hour apart").isBetween(HOUR_NS - 60_000_000_000L, HOUR_NS + 60_000_000_000L);
        }
        assertThat(samples.getFirst().field("deposited").nat()).as("the first pass refilled the new Zone").isPositive();

        BigInteger busyBurn = busyView.field("burn_cycles_per_day").opt().orElseThrow().nat();
        BigInteger idleBurn = idleView.field("burn_cycles_per_day").opt().orElseThrow().nat();
        assertThat(idleBurn).as("storage alone burns").isPositive();
        assertThat(busyBurn).as("writing messages burns more than idling").isGreaterThan(idleBurn.multiply(BigInteger.TWO));

        BigInteger balance = busyView.field("balance").opt().orElseThrow().nat();
        BigInteger limit = busyView.field("freezing_limit_cycles").nat();
        assertThat(limit).as("idle burn × freezing threshold").isPositive().isLessThan(balance);
        BigInteger runway = busyView.field("seconds_until_freezing").opt().orElseThrow().nat();
        assertThat(runway).isEqualTo(balance.subtract(limit).multiply(BigInteger.valueOf(86_400)).divide(busyBurn));
        assertThat(idleView.field("seconds_until_freezing").opt().orElseThrow().nat()).isGreaterThan(runway);
        assertThat(busyView.field("custody").is("Factory")).isTrue();
    }

    private static CreateZoneArgs zone(String zoneByte) {
        return new CreateZoneArgs(List.of(CreateZoneArgs.DEFAULT_OWNER), "0x" + zoneByte.repeat(20), "https://rpc.example",
                "/", BigInteger.valueOf(1_000_000), BigInteger.valueOf(86_400), BigInteger.ZERO);
    }

    private static CandidValue monitoringOf(FactoryCanister factory, Principal canister) {
        return factory.fleetMonitoring().stream()
                .filter(view -> view.field("canister").principal().toString().equals(canister.toString()))
                .findFirst().orElseThrow(() -> new AssertionError(canister + " is not in get_fleet_monitoring"));
    }
}
