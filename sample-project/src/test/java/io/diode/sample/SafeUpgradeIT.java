package io.diode.sample;

import static io.diode.sample.SampleFactory.DEFAULT_OWNER;
import static io.diode.sample.SampleFactory.created;
import static io.diode.sample.SampleZone.found;
import static io.diode.sample.SampleZone.messageIdsByKey;
import static io.diode.sample.SampleZone.stored;
import static io.diode.sample.TestMessages.ciphertext;
import static io.diode.sample.TestMessages.keyId;
import static org.assertj.core.api.Assertions.assertThat;

import io.diode.canisters.FactoryActor;
import io.diode.canisters.FactoryActor.UpgradeEntry;
import io.diode.canisters.FactoryActor.UpgradeOutcome;
import io.diode.canisters.FactoryActor.UpgradeZonesResult;
import io.diode.canisters.FactoryActor.ZoneRecord;
import io.diode.canisters.ZoneActor;
import io.diode.pocketic.client.CanisterFixture;
import io.diode.pocketic.client.CanisterSnapshot;
import io.diode.pocketic.client.CanisterStatus;
import io.diode.pocketic.client.PocketIc;
import io.diode.pocketic.client.Principals;
import io.diode.pocketic.client.Sender;
import io.diode.pocketic.junit.PocketIcTest;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, upgrades that roll back: {@code upgrade_zones} stops a Zone, takes a canister snapshot, upgrades, starts.
 * Here the upgrade fails in {@code post_upgrade}: a version 2 Zone refuses the version 1 code its (downgraded)
 * Factory installs. The Factory loads the snapshot back, restarts the Zone and reports {@code RolledBack} with the
 * snapshot id; the Zone runs its version 2 code with all messages and memberships. A later good upgrade replaces that
 * snapshot rather than piling up snapshots.
 */
@PocketIcTest
class SafeUpgradeIT {

    private static final Principal ADMIN = TestUsers.user("admin");
    private static final Principal ALICE = TestUsers.user("alice");

    @Test
    void anUpgradeWhosePostUpgradeTrapsIsRolledBackToTheSnapshotWithEveryMessageKept(PocketIc pic) {
        CanisterManifestFile v1 = CanisterManifestFile.readBuildOutput();
        CanisterManifestFile v2 = CanisterManifestFile.readUpgradeBuildOutput();
        CanisterFixture<FactoryActor> factoryCanister = SampleFactory.install(pic, ADMIN, v2.wasm("factory"));
        FactoryActor factory = factoryCanister.actor();
        ZoneRecord record = created(factory.createZone(SampleFactory.longLivedZone("0x" + "5f".repeat(20))));
        Principal zoneId = Principals.toIc4j(record.canister());
        SampleZone.registerWithRole(pic, zoneId, ALICE, "0x" + "a1".repeat(20), 300);
        ZoneActor zone = SampleFactory.zoneActor(pic, record, ALICE);
        for (int i = 1; i <= 5; i++) {
            stored(zone.addMessage(keyId(i % 2), ciphertext(i, 100 * i)));
        }
        ZoneActor.Usage before = zone.getUsage();
        assertThat(zone.getVersion()).isEqualTo(BigInteger.TWO);

        SampleFactory.upgrade(pic, ADMIN, factoryCanister, v1.wasm("factory"));
        assertThat(factory.getZoneCodeVersion()).isEqualTo(BigInteger.ONE);
        UpgradeOutcome outcome = onlyOutcome(factory.upgradeZones(Optional.empty()));

        if (!(outcome instanceof UpgradeOutcome.RolledBack rolledBack)) {
            throw new AssertionError("expected RolledBack, got " + outcome);
        }
        assertThat(rolledBack.reason()).startsWith("upgrade failed").contains("downgrade from version 2 to 1 refused");
        assertThat(rolledBack.restored()).isTrue();
        assertThat(rolledBack.snapshotId()).isNotEmpty();
        assertThat(pic.listCanisterSnapshots(zoneId, Sender.of(DEFAULT_OWNER)))
                .extracting(CanisterSnapshot::id)
                .as("the owners see the snapshot the Factory took")
                .containsExactly(rolledBack.snapshotId());
        assertThat(pic.canisterStatus(zoneId, Sender.of(DEFAULT_OWNER)).status())
                .isEqualTo(CanisterStatus.RunningState.RUNNING);
        assertThat(zone.getVersion()).isEqualTo(BigInteger.TWO);
        assertThat(factory.listZones())
                .filteredOn(zoneRecord -> zoneRecord.canister().equals(record.canister()))
                .singleElement()
                .extracting(ZoneRecord::version)
                .isEqualTo(BigInteger.TWO);
        assertAllMessagesKept(zone, before);

        // A good upgrade afterwards (Factory back on version 2): upgraded, and its snapshot replaces the old one.
        SampleFactory.upgrade(pic, ADMIN, factoryCanister, v2.wasm("factory"));
        UpgradeOutcome second = onlyOutcome(factory.upgradeZones(Optional.empty()));
        if (!(second instanceof UpgradeOutcome.Upgraded upgraded)) {
            throw new AssertionError("expected Upgraded, got " + second);
        }
        assertThat(upgraded.toVersion()).isEqualTo(BigInteger.TWO);
        assertThat(pic.listCanisterSnapshots(zoneId, Sender.of(DEFAULT_OWNER)))
                .extracting(CanisterSnapshot::id)
                .containsExactly(upgraded.snapshotId());
        assertAllMessagesKept(zone, before);
    }

    private static UpgradeOutcome onlyOutcome(UpgradeZonesResult result) {
        List<UpgradeEntry> entries = switch (result) {
            case UpgradeZonesResult.Ok(List<UpgradeEntry> value) -> value;
            case UpgradeZonesResult.Err(FactoryActor.FactoryError error) ->
                throw new AssertionError("upgrade_zones failed: " + error);
        };
        assertThat(entries).hasSize(1);
        return entries.getFirst().outcome();
    }

    private static void assertAllMessagesKept(ZoneActor zone, ZoneActor.Usage before) {
        assertThat(zone.getUsage()).isEqualTo(before);
        assertThat(zone.getMember()).as("membership kept").isPresent();
        for (int i = 1; i <= 5; i++) {
            assertThat(found(zone.getMessage(BigInteger.valueOf(i))).ciphertext())
                    .isEqualTo(ciphertext(i, 100 * i));
        }
        assertThat(messageIdsByKey(zone, keyId(1))).containsExactly(5L, 3L, 1L);
    }
}
