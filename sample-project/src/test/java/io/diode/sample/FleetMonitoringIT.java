package io.diode.sample;

import static io.diode.sample.SampleFactory.created;
import static io.diode.sample.SampleFactory.longLivedZone;
import static io.diode.sample.SampleZone.stored;
import static io.diode.sample.TestMessages.ciphertext;
import static io.diode.sample.TestMessages.keyId;
import static org.assertj.core.api.Assertions.assertThat;

import io.diode.canisters.FactoryActor;
import io.diode.canisters.FactoryActor.BalanceSample;
import io.diode.canisters.FactoryActor.ConfigureResult;
import io.diode.canisters.FactoryActor.Custody;
import io.diode.canisters.FactoryActor.Settings;
import io.diode.canisters.FactoryActor.ZoneMonitoring;
import io.diode.canisters.FactoryActor.ZoneRecord;
import io.diode.canisters.ZoneActor;
import io.diode.pocketic.client.PocketIc;
import io.diode.pocketic.client.Principals;
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
        FactoryActor factory = SampleFactory.install(
                        pic, ADMIN, CanisterManifestFile.readBuildOutput().wasm("factory"))
                .actor();
        // Hourly passes, and a refill target above what a Zone gets on creation, so that every pass tops Zones up.
        Settings settings = factory.getSettings();
        BigInteger target =
                settings.zoneCreationCycles().add(settings.zoneCreationCycles().shiftRight(1));
        assertThat(factory.configure(SampleFactory.withRefill(settings, 3_600, target)))
                .isEqualTo(new ConfigureResult.Ok());
        ZoneRecord busy = created(factory.createZone(longLivedZone("0x" + "f1".repeat(20))));
        ZoneRecord idle = created(factory.createZone(longLivedZone("0x" + "f2".repeat(20))));
        SampleZone.registerWithRole(pic, Principals.toIc4j(busy.canister()), MEMBER, "0x" + "5a".repeat(20), 300);
        ZoneActor busyZone = SampleFactory.zoneActor(pic, busy, MEMBER);

        int message = 0;
        for (int pass = 0; pass < PASSES; pass++) {
            for (int i = 0; i < MESSAGES_PER_PASS; i++, message++) {
                stored(busyZone.addMessage(keyId(message % 3), ciphertext(message, 4_096)));
            }
            pic.advanceTime(Duration.ofHours(1));
            pic.tick(3);
        }

        ZoneMonitoring busyView = monitoringOf(factory, busy);
        ZoneMonitoring idleView = monitoringOf(factory, idle);
        List<BalanceSample> samples = busyView.samples();
        assertThat(samples).as("one sample per refill pass").hasSizeGreaterThanOrEqualTo(PASSES);
        for (int i = 1; i < samples.size(); i++) {
            long gap = samples.get(i).atNs().longValueExact()
                    - samples.get(i - 1).atNs().longValueExact();
            assertThat(gap).as("passes an hour apart").isBetween(HOUR_NS - 60_000_000_000L, HOUR_NS + 60_000_000_000L);
        }
        assertThat(samples.getFirst().deposited())
                .as("the first pass refilled the new Zone")
                .isPositive();

        BigInteger busyBurn = busyView.burnCyclesPerDay().orElseThrow();
        BigInteger idleBurn = idleView.burnCyclesPerDay().orElseThrow();
        assertThat(idleBurn).as("storage alone burns").isPositive();
        assertThat(busyBurn)
                .as("writing messages burns more than idling")
                .isGreaterThan(idleBurn.multiply(BigInteger.TWO));

        BigInteger balance = busyView.balance().orElseThrow();
        BigInteger limit = busyView.freezingLimitCycles();
        assertThat(limit).as("idle burn × freezing threshold").isPositive().isLessThan(balance);
        BigInteger runway = busyView.secondsUntilFreezing().orElseThrow();
        assertThat(runway)
                .isEqualTo(balance.subtract(limit)
                        .multiply(BigInteger.valueOf(86_400))
                        .divide(busyBurn));
        assertThat(idleView.secondsUntilFreezing().orElseThrow()).isGreaterThan(runway);
        assertThat(busyView.custody()).isEqualTo(new Custody.Factory());
    }

    private static ZoneMonitoring monitoringOf(FactoryActor factory, ZoneRecord zone) {
        return factory.getFleetMonitoring().stream()
                .filter(view -> view.canister().equals(zone.canister()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(zone.canister() + " is not in get_fleet_monitoring"));
    }
}
