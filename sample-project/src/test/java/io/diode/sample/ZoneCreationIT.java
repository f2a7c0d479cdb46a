package io.diode.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.diode.pocketic.client.PocketIc;
import io.diode.pocketic.junit.PocketIcTest;
import java.math.BigInteger;
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
    private static FactoryCanister factory;

    @BeforeAll
    static void installFactory(PocketIc instance) {
        pic = instance;
        manifest = CanisterManifestFile.readBuildOutput();
        factory = FactoryCanister.install(pic, ADMIN, manifest.wasm("factory"), FactoryCanister.STARTING_CYCLES);
    }

    @Test
    void anAdminCreatesOneControlledZoneCanisterPerZoneAndTheIndexFindsItBothWays() {
        CreateZoneArgs args = CreateZoneArgs.of(ZONE_ID.toUpperCase().replace("0X", "0x"), BigInteger.ZERO);

        CandidValue record = factory.createZone(ADMIN, args).ok();
        Principal canister = record.field("canister").principal();

        assertThat(record.field("zone_id").text()).as("stored lower-case").isEqualTo(ZONE_ID);
        assertThat(record.field("version").nat()).isEqualTo(new BigInteger(manifest.version("zone")));
        assertThat(record.field("init").field("factory").principal().toString()).isEqualTo(factory.id().toString());
        assertThat(new ZoneCanister(pic, canister).version()).isEqualTo(new BigInteger(manifest.version("zone")));
        assertThat(pic.getControllers(canister)).extracting(Principal::toString)
                .containsExactlyInAnyOrder(CreateZoneArgs.DEFAULT_OWNER.toString(), factory.id().toString());
        assertThat(factory.zoneCanister(ZONE_ID.toUpperCase().replace("0X", "0x")))
                .hasValueSatisfying(found -> assertThat(found.toString()).isEqualTo(canister.toString()));
        assertThat(factory.canisterZone(canister)).contains(ZONE_ID);
        assertThat(factory.canisterZone(factory.id())).isEmpty();

        CandidValue second = factory.createZone(ADMIN, CreateZoneArgs.of(ZONE_ID, BigInteger.ZERO)).err();
        assertThat(second.get("AlreadyExists").field("canister").principal().toString()).isEqualTo(canister.toString());
        assertThat(factory.listZones()).extracting(zone -> zone.field("zone_id").text()).containsOnlyOnce(ZONE_ID);
    }

    @Test
    void nonAdminsInvalidArgumentsAndAFactoryShortOfCyclesAreRefusedWithoutACanister() {
        int zonesBefore = factory.listZones().size();

        CandidValue notAdmin = factory.createZone(TestUsers.user("mallory"), CreateZoneArgs.of("0x" + "f1".repeat(20),
                BigInteger.ZERO)).err();
        CandidValue badHost = factory.createZone(ADMIN, new CreateZoneArgs(java.util.List.of(CreateZoneArgs.DEFAULT_OWNER), "0x" + "f2".repeat(20), "http://rpc.example",
                "/", BigInteger.valueOf(1_000_000), BigInteger.valueOf(600), BigInteger.ZERO)).err();
        CandidValue badZoneId = factory.createZone(ADMIN, CreateZoneArgs.of("0x12", BigInteger.ZERO)).err();
        FactorySettings settings = factory.settings();
        factory.configure(settings.withReserve(FactoryCanister.STARTING_CYCLES.multiply(BigInteger.TEN)));
        CandidValue poor = factory.createZone(ADMIN, CreateZoneArgs.of("0x" + "f3".repeat(20), BigInteger.ZERO)).err();
        factory.configure(settings);

        assertThat(notAdmin.is("NotAuthorized")).isTrue();
        assertThat(badHost.get("InvalidArguments").text()).contains("https");
        assertThat(badZoneId.get("InvalidArguments").text()).startsWith("zone_id");
        CandidValue shortOfCycles = poor.get("InsufficientCycles");
        assertThat(shortOfCycles.field("required").nat()).isGreaterThan(shortOfCycles.field("balance").nat());
        assertThat(factory.listZones()).hasSize(zonesBefore);
    }
}
