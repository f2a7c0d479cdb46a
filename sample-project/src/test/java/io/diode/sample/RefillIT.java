package io.diode.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.diode.pocketic.client.PocketIc;
import io.diode.pocketic.junit.PocketIcTest;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 6, refill: storage fees drain a Zone as time passes; the Factory's timer (and the Zone's own top-up
 * requests) bring it back to the refill target, child requests stay within the per-child and aggregate quotas,
 * and the Factory never pays below its reserve. Each test has its own PocketIC instance, because time jumps run
 * every canister's timers.
 */
@PocketIcTest
class RefillIT {

    private static final Principal ADMIN = TestUsers.user("admin");
    private static final BigInteger TRILLION = BigInteger.TEN.pow(12);
    private static final BigInteger BILLION = BigInteger.TEN.pow(9);
    /** Storage fee of a 13-node application subnet, cycles per GiB per second (the engine's fee table). */
    private static final BigInteger STORAGE_FEE_PER_GIB_SECOND = BigInteger.valueOf(127_000);
    private static final BigInteger GIB = BigInteger.ONE.shiftLeft(30);
    private static final Duration ZONE_MAINTENANCE_INTERVAL = Duration.ofMinutes(10);
    private static final Pattern RECEIVED = Pattern.compile("received ([\\d_]+) cycles");

    private static byte[] factoryWasm;

    @BeforeAll
    static void readBuild() {
        factoryWasm = CanisterManifestFile.readBuildOutput().wasm("factory");
    }

    @Test
    void afterStorageFeesDrainAZoneBelowItsThresholdATickRunsTheFactoryTimerWhichRestoresIt(PocketIc pic) {
        FactoryCanister factory = FactoryCanister.install(pic, ADMIN, factoryWasm, FactoryCanister.STARTING_CYCLES);
        // Child requests alone could not restore the Zone (quota 0.1 T): the Factory's own refill must.
        BigInteger quota = TRILLION.divide(BigInteger.TEN);
        factory.configure(factory.settings().withRefillInterval(3_600).withQuotas(quota, TRILLION.multiply(BigInteger.TEN)));
        BigInteger threshold = TRILLION.multiply(BigInteger.valueOf(3)).divide(BigInteger.TEN);
        ZoneCanister zone = factory.createZone(CreateZoneArgs.of("0x" + "a1".repeat(20), threshold));
        BigInteger target = factory.settings().refillTargetCycles();

        BigInteger drained = drainBelow(pic, factory, zone, threshold);
        pic.tick(5);

        CandidValue report = factory.lastRefillReport().orElseThrow(() -> new AssertionError("the refill timer did not run"));
        CandidValue entry = childEntry(report, zone.id());
        assertThat(entry.field("zone_id").text()).isEqualTo("0x" + "a1".repeat(20));
        BigInteger before = entry.field("before").opt().orElseThrow().nat();
        BigInteger deposited = entry.field("outcome").get("ToppedUp").field("deposited").nat();
        assertThat(before).as("balance the timer saw (the Zone's own request may have added up to the quota first)")
                .isBetween(drained.subtract(BILLION), drained.add(quota));
        assertThat(deposited).isEqualTo(target.subtract(before));
        assertThat(entry.field("after").opt().orElseThrow().nat()).isEqualTo(target);
        assertThat(report.field("factory_balance_after").nat())
                .isLessThanOrEqualTo(report.field("factory_balance_before").nat().subtract(deposited));
        // The Zone's own request may have read the same low balance concurrently and been paid too: at most the
        // per-child quota on top of the target (both reads precede both deposits, as they can on the IC).
        assertThat(zone.cyclesBalance()).isBetween(target.subtract(BILLION), target.add(quota));
        receivedByRequest(zone).ifPresent(received -> assertThat(received).isLessThanOrEqualTo(quota));
    }

    @Test
    void childRequestsArePaidWithinThePerChildAndAggregateQuotasThenRefusedUntilTheNextPeriod(PocketIc pic) {
        FactoryCanister factory = FactoryCanister.install(pic, ADMIN, factoryWasm, FactoryCanister.STARTING_CYCLES);
        BigInteger perChild = BigInteger.valueOf(100_000_000);
        BigInteger aggregate = BigInteger.valueOf(150_000_000);
        FactorySettings settings = factory.settings();
        // The Factory's own refill must not run here (30 days), and both Zones always want more (target 5 T,
        // thresholds 10 T): only their requests move cycles, bounded by the quotas of one-hour periods.
        factory.configure(new FactorySettings(TRILLION.multiply(BigInteger.valueOf(5)), settings.factoryReserveCycles(),
                perChild, aggregate, BigInteger.valueOf(3_600), BigInteger.valueOf(30L * 86_400),
                settings.zoneCreationCycles()));
        ZoneCanister first = factory.createZone(CreateZoneArgs.of("0x" + "b1".repeat(20), TRILLION.multiply(BigInteger.TEN)));
        ZoneCanister second = factory.createZone(CreateZoneArgs.of("0x" + "b2".repeat(20), TRILLION.multiply(BigInteger.TEN)));

        runZoneMaintenance(pic);
        BigInteger paidFirst = receivedByRequest(first).orElseThrow();
        BigInteger paidSecond = receivedByRequest(second).orElseThrow();
        assertThat(List.of(paidFirst, paidSecond)).allSatisfy(paid -> assertThat(paid).isPositive().isLessThanOrEqualTo(perChild));
        assertThat(paidFirst.add(paidSecond)).isEqualTo(aggregate);

        runZoneMaintenance(pic);
        assertThat(lastOutcome(first)).hasValueSatisfying(outcome -> assertThat(outcome).startsWith("refused: #QuotaExhausted"));
        assertThat(lastOutcome(second)).hasValueSatisfying(outcome -> assertThat(outcome).startsWith("refused: #QuotaExhausted"));
        assertThat(factory.lastRefillReport()).as("the Factory's own refill did not run").isEmpty();

        pic.advanceTime(Duration.ofHours(1));
        runZoneMaintenance(pic);
        assertThat(receivedByRequest(first).orElseThrow().add(receivedByRequest(second).orElseThrow()))
                .as("a new period, a new aggregate quota").isEqualTo(aggregate);
    }

    @Test
    void theFactoryPaysOnlyWhatItHoldsAboveItsReserveAndReportsWhy(PocketIc pic) {
        FactoryCanister factory = FactoryCanister.install(pic, ADMIN, factoryWasm, FactoryCanister.STARTING_CYCLES);
        ZoneCanister zone = factory.createZone(CreateZoneArgs.of("0x" + "c1".repeat(20), BigInteger.ZERO));
        FactorySettings settings = factory.settings();
        // Only 2 B cycles above the reserve: far less than the Zone lacks below a 5 T target.
        BigInteger reserve = factory.cyclesBalance().subtract(BigInteger.TWO.multiply(BILLION));
        factory.configure(settings.withRefillTarget(TRILLION.multiply(BigInteger.valueOf(5))).withReserve(reserve));

        assertThat(factory.refillZones(TestUsers.user("mallory")).err().is("NotAuthorized")).isTrue();
        CandidValue report = factory.refillZones(ADMIN).ok();

        CandidValue entry = childEntry(report, zone.id());
        BigInteger factoryBefore = report.field("factory_balance_before").nat();
        // What the Factory held above the reserve when it decided (its calls cost a little before that).
        assertThat(entry.field("outcome").get("ToppedUp").field("deposited").nat())
                .isPositive().isLessThanOrEqualTo(factoryBefore.subtract(reserve));
        assertThat(report.field("factory_balance_after").nat())
                .as("the reserve, less the fees of the refill's own calls after the deposit")
                .isBetween(reserve.subtract(BILLION), reserve);

        CandidValue again = childEntry(factory.refillZones(ADMIN).ok(), zone.id());
        assertThat(again.field("outcome").get("Skipped").is("FactoryReserve")).isTrue();
        assertThat(again.field("after").opt().orElseThrow().nat()).isEqualTo(again.field("before").opt().orElseThrow().nat());
        assertThat(factory.lastRefillReport()).isPresent();
    }

    /**
     * Moves time forward, without running a round, until storage fees have taken the Zone below {@code threshold}
     * (aiming at half of it); the Zone's balance then.
     */
    private static BigInteger drainBelow(PocketIc pic, FactoryCanister factory, ZoneCanister zone, BigInteger threshold) {
        BigInteger aim = threshold.divide(BigInteger.TWO);
        for (int jump = 0; jump < 5; jump++) {
            BigInteger balance = zone.cyclesBalance();
            if (balance.compareTo(threshold) < 0) {
                return balance;
            }
            // The Zone's controller, the Factory, may read its status; PocketIC lets a test call as any principal.
            BigInteger memory = pic.canisterStatus(factory.id(), zone.id()).memorySize();
            BigInteger feePerSecond = memory.multiply(STORAGE_FEE_PER_GIB_SECOND).divide(GIB).max(BigInteger.ONE);
            long seconds = balance.subtract(aim).divide(feePerSecond).longValueExact() + 1;
            pic.advanceTime(Duration.ofSeconds(seconds));
        }
        throw new AssertionError("storage fees did not take the Zone below " + threshold + ": " + zone.cyclesBalance());
    }

    /** Lets every Zone's maintenance timer fire and its top-up request complete. */
    private static void runZoneMaintenance(PocketIc pic) {
        pic.advanceTime(ZONE_MAINTENANCE_INTERVAL.plusMinutes(1));
        pic.tick(5);
    }

    private static CandidValue childEntry(CandidValue report, Principal zone) {
        return report.field("children").vec().stream()
                .filter(child -> child.field("canister").principal().toString().equals(zone.toString()))
                .findFirst().orElseThrow(() -> new AssertionError("no entry for " + zone + " in " + report));
    }

    private static Optional<String> lastOutcome(ZoneCanister zone) {
        return zone.topUpStatus().field("last_outcome").opt().map(CandidValue::text);
    }

    /** Cycles the Zone's last top-up request obtained, if it obtained any. */
    private static Optional<BigInteger> receivedByRequest(ZoneCanister zone) {
        return lastOutcome(zone).map(RECEIVED::matcher).filter(Matcher::find)
                .map(match -> new BigInteger(match.group(1).replace("_", "")));
    }
}
