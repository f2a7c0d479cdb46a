package io.diode.sample;

import static io.diode.sample.SampleFactory.created;
import static io.diode.sample.SampleFactory.entryOf;
import static io.diode.sample.SampleFactory.refilled;
import static org.assertj.core.api.Assertions.assertThat;

import io.diode.canisters.FactoryActor;
import io.diode.canisters.FactoryActor.ConfigureResult;
import io.diode.canisters.FactoryActor.FactoryError;
import io.diode.canisters.FactoryActor.RefillEntry;
import io.diode.canisters.FactoryActor.RefillOutcome;
import io.diode.canisters.FactoryActor.RefillOutcomeSkipped;
import io.diode.canisters.FactoryActor.RefillReport;
import io.diode.canisters.FactoryActor.RefillZonesResult;
import io.diode.canisters.FactoryActor.Settings;
import io.diode.canisters.FactoryActor.ZoneRecord;
import io.diode.canisters.ZoneActor;
import io.diode.pocketic.client.CanisterFixture;
import io.diode.pocketic.client.PocketIc;
import io.diode.pocketic.client.Principals;
import io.diode.pocketic.client.Sender;
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
    private static final ConfigureResult CONFIGURED = new ConfigureResult.Ok();

    private static byte[] factoryWasm;

    @BeforeAll
    static void readBuild() {
        factoryWasm = CanisterManifestFile.readBuildOutput().wasm("factory");
    }

    @Test
    void afterStorageFeesDrainAZoneBelowItsThresholdATickRunsTheFactoryTimerWhichRestoresIt(PocketIc pic) {
        CanisterFixture<FactoryActor> factoryCanister = SampleFactory.install(pic, ADMIN, factoryWasm);
        FactoryActor factory = factoryCanister.actor();
        // Child requests alone could not restore the Zone (quota 0.1 T): the Factory's own refill must.
        BigInteger quota = TRILLION.divide(BigInteger.TEN);
        Settings settings = factory.getSettings();
        assertThat(factory.configure(new Settings(
                        TRILLION.multiply(BigInteger.TEN),
                        settings.factoryReserveCycles(),
                        quota,
                        settings.quotaPeriodSeconds(),
                        BigInteger.valueOf(3_600),
                        settings.refillTargetCycles(),
                        settings.zoneCreationCycles())))
                .isEqualTo(CONFIGURED);
        BigInteger threshold = TRILLION.multiply(BigInteger.valueOf(3)).divide(BigInteger.TEN);
        ZoneRecord zoneRecord = created(factory.createZone(SampleFactory.zone("0x" + "a1".repeat(20), threshold)));
        ZoneActor zone = zoneActor(pic, zoneRecord);
        BigInteger target = factory.getSettings().refillTargetCycles();

        BigInteger drained = drainBelow(pic, factoryCanister, zoneRecord, threshold);
        pic.tick(5);

        RefillReport report =
                factory.getLastRefillReport().orElseThrow(() -> new AssertionError("the refill timer did not run"));
        RefillEntry entry = entryOf(report, zoneRecord);
        assertThat(entry.zoneId()).isEqualTo("0x" + "a1".repeat(20));
        BigInteger before = entry.before().orElseThrow();
        if (!(entry.outcome() instanceof RefillOutcome.ToppedUp(BigInteger deposited))) {
            throw new AssertionError("expected ToppedUp, got " + entry.outcome());
        }
        assertThat(before)
                .as("balance the timer saw (the Zone's own request may have added up to the quota first)")
                .isBetween(drained.subtract(BILLION), drained.add(quota));
        assertThat(deposited).isEqualTo(target.subtract(before));
        assertThat(entry.after()).contains(target);
        assertThat(report.factoryBalanceAfter())
                .isLessThanOrEqualTo(report.factoryBalanceBefore().subtract(deposited));
        // The Zone's own request may have read the same low balance concurrently and been paid too: at most the
        // per-child quota on top of the target (both reads precede both deposits, as they can on the IC).
        assertThat(zone.cyclesBalance()).isBetween(target.subtract(BILLION), target.add(quota));
        receivedByRequest(zone).ifPresent(received -> assertThat(received).isLessThanOrEqualTo(quota));
    }

    @Test
    void childRequestsArePaidWithinThePerChildAndAggregateQuotasThenRefusedUntilTheNextPeriod(PocketIc pic) {
        FactoryActor factory = SampleFactory.install(pic, ADMIN, factoryWasm).actor();
        BigInteger perChild = BigInteger.valueOf(100_000_000);
        BigInteger aggregate = BigInteger.valueOf(150_000_000);
        Settings settings = factory.getSettings();
        // The Factory's own refill must not run here (30 days), and both Zones always want more (target 5 T,
        // thresholds 10 T): only their requests move cycles, bounded by the quotas of one-hour periods.
        assertThat(factory.configure(new Settings(
                        aggregate,
                        settings.factoryReserveCycles(),
                        perChild,
                        BigInteger.valueOf(3_600),
                        BigInteger.valueOf(30L * 86_400),
                        TRILLION.multiply(BigInteger.valueOf(5)),
                        settings.zoneCreationCycles())))
                .isEqualTo(CONFIGURED);
        ZoneActor first = zoneActor(
                pic,
                created(factory.createZone(
                        SampleFactory.zone("0x" + "b1".repeat(20), TRILLION.multiply(BigInteger.TEN)))));
        ZoneActor second = zoneActor(
                pic,
                created(factory.createZone(
                        SampleFactory.zone("0x" + "b2".repeat(20), TRILLION.multiply(BigInteger.TEN)))));

        runZoneMaintenance(pic);
        BigInteger paidFirst = receivedByRequest(first).orElseThrow();
        BigInteger paidSecond = receivedByRequest(second).orElseThrow();
        assertThat(List.of(paidFirst, paidSecond))
                .allSatisfy(paid -> assertThat(paid).isPositive().isLessThanOrEqualTo(perChild));
        assertThat(paidFirst.add(paidSecond)).isEqualTo(aggregate);

        runZoneMaintenance(pic);
        assertThat(first.getTopUpStatus().lastOutcome())
                .hasValueSatisfying(outcome -> assertThat(outcome).startsWith("refused: #QuotaExhausted"));
        assertThat(second.getTopUpStatus().lastOutcome())
                .hasValueSatisfying(outcome -> assertThat(outcome).startsWith("refused: #QuotaExhausted"));
        assertThat(factory.getLastRefillReport())
                .as("the Factory's own refill did not run")
                .isEmpty();

        pic.advanceTime(Duration.ofHours(1));
        runZoneMaintenance(pic);
        assertThat(receivedByRequest(first)
                        .orElseThrow()
                        .add(receivedByRequest(second).orElseThrow()))
                .as("a new period, a new aggregate quota")
                .isEqualTo(aggregate);
    }

    @Test
    void theFactoryPaysOnlyWhatItHoldsAboveItsReserveAndReportsWhy(PocketIc pic) {
        CanisterFixture<FactoryActor> factoryCanister = SampleFactory.install(pic, ADMIN, factoryWasm);
        FactoryActor factory = factoryCanister.actor();
        ZoneRecord zone = created(factory.createZone(SampleFactory.zone("0x" + "c1".repeat(20), BigInteger.ZERO)));
        Settings settings = factory.getSettings();
        // Only 2 B cycles above the reserve: far less than the Zone lacks below a 5 T target. Inside an update the
        // Factory sees its balance less what the IC reserves for the update's whole instruction limit (40 B
        // instructions at 2 cycles each for a Wasm64 canister, plus the 5 M base fee), so that is left out too.
        BigInteger updateReservation = BigInteger.valueOf(80_005_000_000L);
        BigInteger reserve =
                factory.cyclesBalance().subtract(updateReservation).subtract(BigInteger.TWO.multiply(BILLION));
        assertThat(factory.configure(new Settings(
                        settings.aggregateQuotaCycles(),
                        reserve,
                        settings.perChildQuotaCycles(),
                        settings.quotaPeriodSeconds(),
                        settings.refillIntervalSeconds(),
                        TRILLION.multiply(BigInteger.valueOf(5)),
                        settings.zoneCreationCycles())))
                .isEqualTo(CONFIGURED);

        assertThat(pic.actor(factoryCanister.canisterId(), FactoryActor.class, Sender.of(TestUsers.user("mallory")))
                        .refillZones())
                .isEqualTo(new RefillZonesResult.Err(new FactoryError.NotAuthorized()));
        RefillReport report = refilled(factory.refillZones());

        RefillEntry entry = entryOf(report, zone);
        // What the Factory held above the reserve when it decided (its calls cost a little before that).
        assertThat(entry.outcome())
                .isInstanceOfSatisfying(
                        RefillOutcome.ToppedUp.class,
                        toppedUp -> assertThat(toppedUp.deposited())
                                .isPositive()
                                .isLessThanOrEqualTo(
                                        report.factoryBalanceBefore().subtract(reserve)));
        assertThat(report.factoryBalanceAfter())
                .as("the reserve, less the fees of the refill's own calls after the deposit")
                .isBetween(reserve.subtract(BILLION), reserve);

        RefillEntry again = entryOf(refilled(factory.refillZones()), zone);
        assertThat(again.outcome()).isEqualTo(new RefillOutcome.Skipped(RefillOutcomeSkipped.FACTORY_RESERVE));
        assertThat(again.after()).isEqualTo(again.before()).isPresent();
        assertThat(factory.getLastRefillReport()).isPresent();
    }

    /**
     * Moves time forward, without running a round, until storage fees have taken the Zone below {@code threshold}
     * (aiming at half of it); the Zone's balance then.
     */
    private static BigInteger drainBelow(
            PocketIc pic, CanisterFixture<FactoryActor> factory, ZoneRecord zoneRecord, BigInteger threshold) {
        Principal zoneId = Principals.toIc4j(zoneRecord.canister());
        ZoneActor zone = zoneActor(pic, zoneRecord);
        BigInteger aim = threshold.divide(BigInteger.TWO);
        for (int jump = 0; jump < 5; jump++) {
            BigInteger balance = zone.cyclesBalance();
            if (balance.compareTo(threshold) < 0) {
                return balance;
            }
            // The Zone's controller, the Factory, may read its status; PocketIC lets a test call as any principal.
            BigInteger memory =
                    pic.canisterStatus(zoneId, Sender.of(factory.canisterId())).memorySize();
            BigInteger feePerSecond =
                    memory.multiply(STORAGE_FEE_PER_GIB_SECOND).divide(GIB).max(BigInteger.ONE);
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

    private static ZoneActor zoneActor(PocketIc pic, ZoneRecord zone) {
        return SampleFactory.zoneActor(pic, zone, Principal.anonymous());
    }

    /** Cycles the Zone's last top-up request obtained, if it obtained any. */
    private static Optional<BigInteger> receivedByRequest(ZoneActor zone) {
        return zone.getTopUpStatus()
                .lastOutcome()
                .map(RECEIVED::matcher)
                .filter(Matcher::find)
                .map(match -> new BigInteger(match.group(1).replace("_", "")));
    }
}
