package io.diode.sample;

import static io.diode.sample.SampleFactory.created;
import static io.diode.sample.SampleFactory.upgradeEntries;
import static io.diode.sample.SampleZone.found;
import static io.diode.sample.SampleZone.messageIdsByKey;
import static io.diode.sample.SampleZone.stored;
import static io.diode.sample.TestMessages.ciphertext;
import static io.diode.sample.TestMessages.keyId;
import static org.assertj.core.api.Assertions.assertThat;

import io.diode.canisters.FactoryActor;
import io.diode.canisters.FactoryActor.FactoryError;
import io.diode.canisters.FactoryActor.UpgradeEntry;
import io.diode.canisters.FactoryActor.UpgradeOutcome;
import io.diode.canisters.FactoryActor.UpgradeZonesResult;
import io.diode.canisters.FactoryActor.ZoneRecord;
import io.diode.canisters.ZoneActor;
import io.diode.pocketic.client.CanisterFixture;
import io.diode.pocketic.client.CanisterSettings;
import io.diode.pocketic.client.CanisterStatus;
import io.diode.pocketic.client.PocketIc;
import io.diode.pocketic.client.Principals;
import io.diode.pocketic.client.Sender;
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
    private static final BigInteger ONE = BigInteger.ONE;
    private static final BigInteger TWO = BigInteger.TWO;

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
        CanisterFixture<FactoryActor> factoryCanister = SampleFactory.install(pic, ADMIN, v1.wasm("factory"));
        FactoryActor factory = factoryCanister.actor();
        assertThat(factory.getVersion()).isEqualTo(new BigInteger(v1.version("factory")));
        List<ZoneRecord> zones = List.of(
                zoneWithMessages(factory, "d1"), zoneWithMessages(factory, "d2"), zoneWithMessages(factory, "d3"));
        ZoneRecord orphan = zones.get(2);
        // The orphan's controllers no longer include the Factory (the test calls as the Factory, which PocketIC
        // allows).
        pic.updateSettings(
                Principals.toIc4j(orphan.canister()),
                CanisterSettings.none().withControllers(ADMIN),
                Sender.of(factoryCanister.canisterId()));
        // Let the Zones' recurring timers run once: stopping a Zone must work after its timers ran.
        pic.advanceTime(Duration.ofMinutes(11));
        pic.tick(3);
        Map<io.diode.candid.Principal, ZoneActor.Usage> usageBefore = zones.stream()
                .collect(Collectors.toMap(
                        ZoneRecord::canister, zone -> alice(zone).getUsage()));

        SampleFactory.upgrade(pic, ADMIN, factoryCanister, v2.wasm("factory"));

        assertThat(factory.getVersion())
                .isEqualTo(new BigInteger(v2.version("factory")))
                .isEqualTo(TWO);
        assertThat(factory.getZoneCodeVersion())
                .isEqualTo(new BigInteger(v2.version("zone")))
                .isEqualTo(TWO);
        assertThat(factory.listZones())
                .as("the Factory's index survives its own upgrade")
                .hasSize(3);

        Map<io.diode.candid.Principal, UpgradeOutcome> outcomes =
                upgradeEntries(factory.upgradeZones(Optional.empty())).stream()
                        .collect(Collectors.toMap(UpgradeEntry::canister, UpgradeEntry::outcome));

        assertThat(outcomes).hasSize(3);
        for (ZoneRecord zone : zones.subList(0, 2)) {
            assertThat(outcomes.get(zone.canister()))
                    .isInstanceOfSatisfying(UpgradeOutcome.Upgraded.class, upgraded -> {
                        assertThat(upgraded.fromVersion()).isEqualTo(ONE);
                        assertThat(upgraded.toVersion()).isEqualTo(TWO);
                    });
            assertThat(alice(zone).getVersion()).isEqualTo(TWO);
            assertDataKept(alice(zone), usageBefore.get(zone.canister()));
        }
        assertThat(outcomes.get(orphan.canister()))
                .isInstanceOfSatisfying(
                        UpgradeOutcome.Skipped.class,
                        skipped -> assertThat(skipped.value())
                                .startsWith("self-managed")
                                .contains("stop_canister"));
        assertThat(alice(orphan).getVersion()).isEqualTo(ONE);
        assertThat(pic.canisterStatus(Principals.toIc4j(orphan.canister()), Sender.of(ADMIN))
                        .status())
                .isEqualTo(CanisterStatus.RunningState.RUNNING);
        assertDataKept(alice(orphan), usageBefore.get(orphan.canister()));
        Map<io.diode.candid.Principal, BigInteger> recordedVersions =
                factory.listZones().stream().collect(Collectors.toMap(ZoneRecord::canister, ZoneRecord::version));
        assertThat(recordedVersions)
                .containsEntry(zones.get(0).canister(), TWO)
                .containsEntry(zones.get(1).canister(), TWO)
                .containsEntry(orphan.canister(), ONE);
    }

    @Test
    void aBatchUpgradeReportsPrincipalsThatAreNotChildrenAndOnlyAdminsMayUpgrade() {
        CanisterFixture<FactoryActor> factoryCanister = SampleFactory.install(pic, ADMIN, v1.wasm("factory"));
        FactoryActor factory = factoryCanister.actor();
        io.diode.candid.Principal factoryId = Principals.toCandid(factoryCanister.canisterId());
        ZoneRecord zone = zoneWithMessages(factory, "e1");
        ZoneActor.Usage before = alice(zone).getUsage();

        List<UpgradeEntry> entries =
                upgradeEntries(factory.upgradeZones(Optional.of(List.of(zone.canister(), factoryId))));
        UpgradeZonesResult nonAdmin = pic.actor(factoryCanister.canisterId(), FactoryActor.class, Sender.of(ALICE))
                .upgradeZones(Optional.empty());

        Map<io.diode.candid.Principal, UpgradeEntry> byCanister =
                entries.stream().collect(Collectors.toMap(UpgradeEntry::canister, Function.identity()));
        assertThat(byCanister.get(zone.canister()).outcome())
                .as("same code, same version: an upgrade in place")
                .isInstanceOfSatisfying(
                        UpgradeOutcome.Upgraded.class,
                        upgraded -> assertThat(upgraded.toVersion()).isEqualTo(ONE));
        UpgradeEntry notAChild = byCanister.get(factoryId);
        assertThat(notAChild.zoneId()).isEmpty();
        assertThat(notAChild.outcome())
                .isInstanceOfSatisfying(
                        UpgradeOutcome.Failed.class,
                        failed -> assertThat(failed.value()).contains("not a Zone canister"));
        assertThat(nonAdmin).isEqualTo(new UpgradeZonesResult.Err(new FactoryError.NotAuthorized()));
        assertDataKept(alice(zone), before);
    }

    /** A Zone created by {@code factory} where ALICE is a member and has stored two messages. */
    private static ZoneRecord zoneWithMessages(FactoryActor factory, String zoneByte) {
        // A one-day membership cache: the roles must outlive the time the test lets pass for the timers.
        ZoneRecord zone = created(factory.createZone(SampleFactory.longLivedZone("0x" + zoneByte.repeat(20))));
        ZoneActor asAlice = alice(zone);
        assertThat(asAlice.getVersion()).isEqualTo(new BigInteger(v1.version("zone")));
        SampleZone.registerWithRole(pic, Principals.toIc4j(zone.canister()), ALICE, ALICE_ADDRESS, 300);
        stored(asAlice.addMessage(keyId(1), ciphertext(1, 64)));
        stored(asAlice.addMessage(keyId(2), ciphertext(2, 64)));
        return zone;
    }

    private static ZoneActor alice(ZoneRecord zone) {
        return SampleFactory.zoneActor(pic, zone, ALICE);
    }

    /** Both messages and ALICE's membership are still there, and usage is unchanged. */
    private static void assertDataKept(ZoneActor zone, ZoneActor.Usage before) {
        assertThat(zone.getUsage()).isEqualTo(before);
        assertThat(zone.getMember()).as("membership kept").isPresent();
        assertThat(found(zone.getMessage(ONE)).ciphertext()).isEqualTo(ciphertext(1, 64));
        assertThat(found(zone.getMessage(TWO)).ciphertext()).isEqualTo(ciphertext(2, 64));
        assertThat(messageIdsByKey(zone, keyId(2))).containsExactly(2L);
    }
}
