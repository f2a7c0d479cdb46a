package io.diode.sample;

import static io.diode.sample.SampleFactory.DEFAULT_OWNER;
import static io.diode.sample.SampleFactory.created;
import static io.diode.sample.SampleFactory.refused;
import static io.diode.sample.SampleFactory.zone;
import static org.assertj.core.api.Assertions.assertThat;

import io.diode.canisters.FactoryActor;
import io.diode.canisters.FactoryActor.ConfigureResult;
import io.diode.canisters.FactoryActor.CreateZoneArgs;
import io.diode.canisters.FactoryActor.FactoryError;
import io.diode.canisters.FactoryActor.Settings;
import io.diode.canisters.FactoryActor.ZoneRecord;
import io.diode.canisters.ZoneActor;
import io.diode.pocketic.client.CanisterFixture;
import io.diode.pocketic.client.PocketIc;
import io.diode.pocketic.client.Principals;
import io.diode.pocketic.client.Sender;
import io.diode.pocketic.junit.PocketIcTest;
import java.math.BigInteger;
import java.util.List;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 6, Factory: {@code create_zone} is for admins only, validates its arguments as the Zone will, creates one
 * canister per zone (zone ids compared case-insensitively) that the owners and the Factory control and that reports the Zone code
 * version of the manifest, and keeps the zone ↔ canister index. One PocketIC instance and one Factory serve the class.
 */
@PocketIcTest
class ZoneCreationIT {

    private static final Principal ADMIN = TestUsers.user("admin");
    private static final String ZONE_ID = "0x1234567890abcdef1234567890abcdef12345678";

    private static PocketIc pic;
    private static CanisterManifestFile manifest;
    private static CanisterFixture<FactoryActor> factoryCanister;
    private static FactoryActor factory;

    @BeforeAll
    static void installFactory(PocketIc instance) {
        pic = instance;
        manifest = CanisterManifestFile.readBuildOutput();
        factoryCanister = SampleFactory.install(pic, ADMIN, manifest.wasm("factory"));
        factory = factoryCanister.actor();
    }

    @Test
    void anAdminCreatesOneControlledZoneCanisterPerZoneAndTheIndexFindsItBothWays() {
        io.diode.candid.Principal factoryId = Principals.toCandid(factoryCanister.canisterId());

        ZoneRecord record =
                created(factory.createZone(zone(ZONE_ID.toUpperCase().replace("0X", "0x"), BigInteger.ZERO)));
        io.diode.candid.Principal canister = record.canister();

        assertThat(record.zoneId()).as("stored lower-case").isEqualTo(ZONE_ID);
        assertThat(record.version()).isEqualTo(new BigInteger(manifest.version("zone")));
        assertThat(record.init().factory()).isEqualTo(factoryId);
        assertThat(pic.actor(Principals.toIc4j(canister), ZoneActor.class).getVersion())
                .isEqualTo(new BigInteger(manifest.version("zone")));
        assertThat(pic.getControllers(Principals.toIc4j(canister)))
                .extracting(Principals::toCandid)
                .containsExactlyInAnyOrder(Principals.toCandid(DEFAULT_OWNER), factoryId);
        assertThat(factory.getZoneCanister(ZONE_ID.toUpperCase().replace("0X", "0x")))
                .contains(canister);
        assertThat(factory.getCanisterZone(canister)).contains(ZONE_ID);
        assertThat(factory.getCanisterZone(factoryId)).isEmpty();

        assertThat(refused(factory.createZone(zone(ZONE_ID, BigInteger.ZERO))))
                .isEqualTo(new FactoryError.AlreadyExists(canister));
        assertThat(factory.listZones()).extracting(ZoneRecord::zoneId).containsOnlyOnce(ZONE_ID);
    }

    @Test
    void nonAdminsInvalidArgumentsAndAFactoryShortOfCyclesAreRefusedWithoutACanister() {
        int zonesBefore = factory.listZones().size();
        FactoryActor asMallory =
                pic.actor(factoryCanister.canisterId(), FactoryActor.class, Sender.of(TestUsers.user("mallory")));

        FactoryError notAdmin = refused(asMallory.createZone(zone("0x" + "f1".repeat(20), BigInteger.ZERO)));
        FactoryError badHost = refused(factory.createZone(new CreateZoneArgs(
                BigInteger.ZERO,
                BigInteger.valueOf(600),
                List.of(Principals.toCandid(DEFAULT_OWNER)),
                "http://rpc.example",
                "/",
                BigInteger.valueOf(1_000_000),
                "0x" + "f2".repeat(20))));
        FactoryError badZoneId = refused(factory.createZone(zone("0x12", BigInteger.ZERO)));
        Settings settings = factory.getSettings();
        assertThat(factory.configure(
                        SampleFactory.withReserve(settings, SampleFactory.STARTING_CYCLES.multiply(BigInteger.TEN))))
                .isEqualTo(new ConfigureResult.Ok());
        FactoryError poor = refused(factory.createZone(zone("0x" + "f3".repeat(20), BigInteger.ZERO)));
        assertThat(factory.configure(settings)).isEqualTo(new ConfigureResult.Ok());

        assertThat(notAdmin).isEqualTo(new FactoryError.NotAuthorized());
        assertThat(badHost)
                .isInstanceOfSatisfying(
                        FactoryError.InvalidArguments.class,
                        invalid -> assertThat(invalid.value()).contains("https"));
        assertThat(badZoneId)
                .isInstanceOfSatisfying(
                        FactoryError.InvalidArguments.class,
                        invalid -> assertThat(invalid.value()).startsWith("zone_id"));
        assertThat(poor)
                .isInstanceOfSatisfying(
                        FactoryError.InsufficientCycles.class,
                        shortOfCycles -> assertThat(shortOfCycles.required()).isGreaterThan(shortOfCycles.balance()));
        assertThat(factory.listZones()).hasSize(zonesBefore);
    }
}
