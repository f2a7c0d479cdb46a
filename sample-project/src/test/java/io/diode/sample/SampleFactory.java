package io.diode.sample;

import io.diode.candid.CandidInterface;
import io.diode.canisters.FactoryActor;
import io.diode.canisters.FactoryActor.CreateZoneArgs;
import io.diode.canisters.FactoryActor.CreateZoneResult;
import io.diode.canisters.FactoryActor.FactoryError;
import io.diode.canisters.FactoryActor.Settings;
import io.diode.canisters.FactoryActor.ZoneRecord;
import io.diode.canisters.ZoneActor;
import io.diode.pocketic.client.CanisterFixture;
import io.diode.pocketic.client.CanisterSettings;
import io.diode.pocketic.client.PocketIc;
import io.diode.pocketic.client.Principals;
import io.diode.pocketic.client.Sender;
import java.math.BigInteger;
import java.util.List;
import org.ic4j.types.Principal;

/**
 * What the ITs need around the generated {@link FactoryActor}: a Factory installed with cycles and controlled by its
 * admin (the Factory's admins are its controllers), the zone arguments most tests use, and the unwrapping of
 * {@code create_zone}'s result. Every call goes through the typed actor.
 */
final class SampleFactory {

    /** What the Factory gets on creation: enough for several Zones (2 T each) above its 2 T default reserve. */
    static final BigInteger STARTING_CYCLES = new BigInteger("100000000000000");

    /** The owner used when a test does not care who owns the zone. */
    static final Principal DEFAULT_OWNER = TestUsers.user("zone-owner");

    private SampleFactory() {}

    /**
     * Creates a canister controlled by {@code admin} with {@link #STARTING_CYCLES}, installs the Factory {@code wasm}
     * on it and returns it with an actor whose calls are made as {@code admin}.
     */
    static CanisterFixture<FactoryActor> install(PocketIc pic, Principal admin, byte[] wasm) {
        Principal canister = pic.createCanister(CanisterSettings.none(), STARTING_CYCLES, Sender.of(admin));
        pic.installCode(canister, wasm, CandidInterface.of(FactoryActor.class).encodeInitArguments(), Sender.of(admin));
        return new CanisterFixture<>(canister, pic.actor(canister, FactoryActor.class, Sender.of(admin)));
    }

    /** Upgrades the Factory itself to {@code wasm} as its {@code admin}, keeping its state (enhanced orthogonal persistence). */
    static void upgrade(PocketIc pic, Principal admin, CanisterFixture<FactoryActor> factory, byte[] wasm) {
        pic.upgradeCanister(
                factory.canisterId(),
                wasm,
                CandidInterface.of(FactoryActor.class).encodeInitArguments(),
                Sender.of(admin));
    }

    /** A zone owned by {@link #DEFAULT_OWNER} with a 1 MB store and a one-day membership cache, as a test of the battery wants. */
    static CreateZoneArgs longLivedZone(String zoneId) {
        return new CreateZoneArgs(
                BigInteger.ZERO,
                BigInteger.valueOf(86_400),
                List.of(Principals.toCandid(DEFAULT_OWNER)),
                "https://rpc.example",
                "/",
                BigInteger.valueOf(1_000_000),
                zoneId);
    }

    /** The actor of a Zone the Factory created, calling as {@code sender}. */
    static ZoneActor zoneActor(PocketIc pic, ZoneRecord zone, Principal sender) {
        return pic.actor(Principals.toIc4j(zone.canister()), ZoneActor.class, Sender.of(sender));
    }

    /** A zone owned by {@link #DEFAULT_OWNER} with a 1 MB store, a 10-minute membership cache and the given top-up threshold. */
    static CreateZoneArgs zone(String zoneId, BigInteger lowCyclesThreshold) {
        return new CreateZoneArgs(
                lowCyclesThreshold,
                BigInteger.valueOf(600),
                List.of(Principals.toCandid(DEFAULT_OWNER)),
                "https://rpc.example",
                "/",
                BigInteger.valueOf(1_000_000),
                zoneId);
    }

    /** The record of a {@code create_zone} that must have succeeded. */
    static ZoneRecord created(CreateZoneResult result) {
        return switch (result) {
            case CreateZoneResult.Ok(ZoneRecord record) -> record;
            case CreateZoneResult.Err(FactoryError error) -> throw new AssertionError("create_zone failed: " + error);
        };
    }

    /** The error of a {@code create_zone} that must have been refused. */
    static FactoryError refused(CreateZoneResult result) {
        return switch (result) {
            case CreateZoneResult.Err(FactoryError error) -> error;
            case CreateZoneResult.Ok(ZoneRecord record) -> throw new AssertionError("create_zone succeeded: " + record);
        };
    }

    /** The entries of an {@code upgrade_zones} that must have been accepted. */
    static List<FactoryActor.UpgradeEntry> upgradeEntries(FactoryActor.UpgradeZonesResult result) {
        return switch (result) {
            case FactoryActor.UpgradeZonesResult.Ok(List<FactoryActor.UpgradeEntry> entries) -> entries;
            case FactoryActor.UpgradeZonesResult.Err(FactoryError error) ->
                throw new AssertionError("upgrade_zones failed: " + error);
        };
    }

    /** The report of a {@code refill_zones} that must have run. */
    static FactoryActor.RefillReport refilled(FactoryActor.RefillZonesResult result) {
        return switch (result) {
            case FactoryActor.RefillZonesResult.Ok(FactoryActor.RefillReport report) -> report;
            case FactoryActor.RefillZonesResult.Err(FactoryError error) ->
                throw new AssertionError("refill_zones failed: " + error);
        };
    }

    /** The entry of {@code zone} in a refill report. */
    static FactoryActor.RefillEntry entryOf(FactoryActor.RefillReport report, ZoneRecord zone) {
        return report.children().stream()
                .filter(entry -> entry.canister().equals(zone.canister()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(zone.canister() + " is not in the refill report " + report));
    }

    /** The current {@code list_zones} record of {@code zone}. */
    static ZoneRecord recordOf(FactoryActor factory, ZoneRecord zone) {
        return factory.listZones().stream()
                .filter(record -> record.canister().equals(zone.canister()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(zone.canister() + " is not in list_zones"));
    }

    static Settings withReserve(Settings settings, BigInteger cycles) {
        return new Settings(
                settings.aggregateQuotaCycles(),
                cycles,
                settings.perChildQuotaCycles(),
                settings.quotaPeriodSeconds(),
                settings.refillIntervalSeconds(),
                settings.refillTargetCycles(),
                settings.zoneCreationCycles());
    }

    /** {@code settings} with a refill pass every {@code intervalSeconds} topping Zones up to {@code targetCycles}. */
    static Settings withRefill(Settings settings, long intervalSeconds, BigInteger targetCycles) {
        return new Settings(
                settings.aggregateQuotaCycles(),
                settings.factoryReserveCycles(),
                settings.perChildQuotaCycles(),
                settings.quotaPeriodSeconds(),
                BigInteger.valueOf(intervalSeconds),
                targetCycles,
                settings.zoneCreationCycles());
    }
}
