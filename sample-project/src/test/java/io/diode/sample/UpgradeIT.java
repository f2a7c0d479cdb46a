package io.diode.sample;

import static io.diode.sample.TestMessages.ciphertext;
import static io.diode.sample.TestMessages.keyId;
import static org.assertj.core.api.Assertions.assertThat;

import io.diode.pocketic.client.CanisterSettings;
import io.diode.pocketic.client.CanisterStatus;
import io.diode.pocketic.client.PocketIc;
import io.diode.pocketic.junit.PocketIcTest;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 6, upgrade: a version 1 Factory creates Zones holding messages; the Factory is upgraded to version 2 (the
 * {@code build-canisters-v2} output: the same sources with the version constants at 2), then {@code upgrade_zones}
 * moves its children to the Zone code it embeds. Versions become 2 and data survives; a child the Factory no longer
 * controls is reported as skipped (self-managed) while the others are upgraded. One PocketIC instance serves the class.
 */
@PocketIcTest
class UpgradeIT {

    private static final Principal ADMIN = TestUsers.user("admin");
    private static final Principal ALICE = TestUsers.user("alice");
    private static final String ALICE_ADDRESS = "0xabcdef0123456789abcdef0123456789abcdef01";

    private static PocketIc pic;
    private static CanisterManifestFile v1;
    private static CanisterManifestFile v2;

    @BeforeAll
    static void readBuilds(PocketIc instance) {
        pic = instance;
        v1 = CanisterManifestFile.readBuildOutput();
        v2 = CanisterManifestFile.readUpgradeBuildOutput();
    }

    @Test
    void aV2FactoryUpgradesItsZonesKeepingTheirDataAndSkipsTheChildItNoLongerControls() {
        FactoryCanister factory = FactoryCanister.install(pic, ADMIN, v1.wasm("factory"), FactoryCanister.STARTING_CYCLES);
        assertThat(factory.version()).isEqualTo(new BigInteger(v1.version("factory")));
        List<ZoneCanister> zones = List.of(zoneWithMessages(factory, "d1"), zoneWithMessages(factory, "d2"),
                zoneWithMessages(factory, "d3"));
        ZoneCanister orphan = zones.get(2);
        // The orphan's controllers no longer include the Factory (the test calls as the Factory, which PocketIC allows).
        pic.updateSettings(factory.id(), orphan.id(), CanisterSettings.none().withControllers(ADMIN));
        // Let the Zones' recurring timers run once: stopping a Zone must work after its timers ran.
        pic.advanceTime(Duration.ofMinutes(11));
        pic.tick(3);
        Map<Principal, ZoneCanister.Usage> usageBefore = zones.stream()
                .collect(Collectors.toMap(ZoneCanister::id, ZoneCanister::usage));

        factory.upgradeTo(v2.wasm("factory"));

        assertThat(factory.version()).isEqualTo(new BigInteger(v2.version("factory"))).isEqualTo(2);
        assertThat(factory.zoneCodeVersion()).isEqualTo(new BigInteger(v2.version("zone"))).isEqualTo(2);
        assertThat(factory.listZones()).as("the Factory's index survives its own upgrade").hasSize(3);

        Map<String, CandidValue> outcomes = factory.upgradeZones(ADMIN, Optional.empty()).ok().vec().stream()
                .collect(Collectors.toMap(entry -> entry.field("canister").principal().toString(),
                        entry -> entry.field("outcome")));

        assertThat(outcomes).hasSize(3);
        for (ZoneCanister zone : zones.subList(0, 2)) {
            CandidValue upgraded = outcomes.get(zone.id().toString()).get("Upgraded");
            assertThat(upgraded.field("from_version").natLong()).isEqualTo(1);
            assertThat(upgraded.field("to_version").natLong()).isEqualTo(2);
            assertThat(zone.version()).isEqualTo(2);
            assertDataKept(zone, usageBefore.get(zone.id()));
        }
        assertThat(outcomes.get(orphan.id().toString()).get("Skipped").text()).startsWith("self-managed")
                .contains("stop_canister");
        assertThat(orphan.version()).isEqualTo(1);
        assertThat(pic.canisterStatus(ADMIN, orphan.id()).status()).isEqualTo(CanisterStatus.RunningState.RUNNING);
        assertDataKept(orphan, usageBefore.get(orphan.id()));
        Map<String, Long> recordedVersions = factory.listZones().stream().collect(Collectors.toMap(
                record -> record.field("canister").principal().toString(), record -> record.field("version").natLong()));
        assertThat(recordedVersions).containsEntry(zones.get(0).id().toString(), 2L)
                .containsEntry(zones.get(1).id().toString(), 2L).containsEntry(orphan.id().toString(), 1L);
    }

    @Test
    void aBatchUpgradeReportsPrincipalsThatAreNotChildrenAndOnlyAdminsMayUpgrade() {
        FactoryCanister factory = FactoryCanister.install(pic, ADMIN, v1.wasm("factory"), FactoryCanister.STARTING_CYCLES);
        ZoneCanister zone = zoneWithMessages(factory, "e1");
        ZoneCanister.Usage before = zone.usage();

        List<CandidValue> entries = factory.upgradeZones(ADMIN, Optional.of(List.of(zone.id(), factory.id()))).ok().vec();
        CandidValue nonAdmin = factory.upgradeZones(ALICE, Optional.empty());

        Map<String, CandidValue> byCanister = entries.stream().collect(Collectors.toMap(
                entry -> entry.field("canister").principal().toString(), Function.identity()));
        assertThat(byCanister.get(zone.id().toString()).field("outcome").get("Upgraded").field("to_version").natLong())
                .as("same code, same version: an upgrade in place").isEqualTo(1);
        CandidValue notAChild = byCanister.get(factory.id().toString());
        assertThat(notAChild.field("zone_id").opt()).isEmpty();
        assertThat(notAChild.field("outcome").get("Failed").text()).contains("not a Zone canister");
        assertThat(nonAdmin.err().is("NotAuthorized")).isTrue();
        assertDataKept(zone, before);
    }

    /** A Zone created by {@code factory} where ALICE is a member and has stored two messages. */
    private static ZoneCanister zoneWithMessages(FactoryCanister factory, String zoneByte) {
        // A one-day membership cache: the roles must outlive the time the test lets pass for the timers.
        ZoneCanister zone = factory.createZone(new CreateZoneArgs(List.of(CreateZoneArgs.DEFAULT_OWNER), "0x" + zoneByte.repeat(20), "https://rpc.example", "/",
                BigInteger.valueOf(1_000_000), BigInteger.valueOf(86_400), BigInteger.ZERO));
        assertThat(zone.version()).isEqualTo(new BigInteger(v1.version("zone")));
        zone.registerWithRole(ALICE, ALICE_ADDRESS, 300);
        zone.storeMessage(ALICE, keyId(1), ciphertext(1, 64));
        zone.storeMessage(ALICE, keyId(2), ciphertext(2, 64));
        return zone;
    }

    /** Both messages and ALICE's membership are still there, and usage is unchanged. */
    private static void assertDataKept(ZoneCanister zone, ZoneCanister.Usage before) {
        assertThat(zone.usage()).isEqualTo(before);
        assertThat(zone.getMember(ALICE)).as("membership kept").isPresent();
        assertThat(zone.getMessage(ALICE, 1).ok().field("ciphertext").blob()).isEqualTo(ciphertext(1, 64));
        assertThat(zone.getMessage(ALICE, 2).ok().field("ciphertext").blob()).isEqualTo(ciphertext(2, 64));
        assertThat(zone.messageIdsByKey(ALICE, keyId(2))).containsExactly(2L);
    }
}
