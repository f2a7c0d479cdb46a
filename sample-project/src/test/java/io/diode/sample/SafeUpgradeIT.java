package io.diode.sample;

import static io.diode.sample.TestMessages.ciphertext;
import static io.diode.sample.TestMessages.keyId;
import static org.assertj.core.api.Assertions.assertThat;

import io.diode.pocketic.client.CanisterSnapshot;
import io.diode.pocketic.client.CanisterStatus;
import io.diode.pocketic.client.PocketIc;
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
        FactoryCanister factory = FactoryCanister.install(pic, ADMIN, v2.wasm("factory"), FactoryCanister.STARTING_CYCLES);
        ZoneCanister zone = factory.createZone(new CreateZoneArgs(List.of(CreateZoneArgs.DEFAULT_OWNER), "0x" + "5f".repeat(20),
                "https://rpc.example", "/", BigInteger.valueOf(1_000_000), BigInteger.valueOf(86_400), BigInteger.ZERO));
        zone.registerWithRole(ALICE, "0x" + "a1".repeat(20), 300);
        for (int i = 1; i <= 5; i++) {
            zone.storeMessage(ALICE, keyId(i % 2), ciphertext(i, 100 * i));
        }
        ZoneCanister.Usage before = zone.usage();
        assertThat(zone.version()).isEqualTo(2);

        factory.upgradeTo(v1.wasm("factory"));
        assertThat(factory.zoneCodeVersion()).isEqualTo(1);
        CandidValue outcome = onlyOutcome(factory.upgradeZones(ADMIN, Optional.empty()));

        CandidValue rolledBack = outcome.get("RolledBack");
        assertThat(rolledBack.field("reason").text()).startsWith("upgrade failed")
                .contains("downgrade from version 2 to 1 refused");
        assertThat(rolledBack.field("restored").bool()).isTrue();
        byte[] snapshotId = rolledBack.field("snapshot_id").blob();
        assertThat(snapshotId).isNotEmpty();
        assertThat(pic.listCanisterSnapshots(CreateZoneArgs.DEFAULT_OWNER, zone.id())).extracting(CanisterSnapshot::id)
                .as("the owners see the snapshot the Factory took").containsExactly(snapshotId);
        assertThat(pic.canisterStatus(CreateZoneArgs.DEFAULT_OWNER, zone.id()).status())
                .isEqualTo(CanisterStatus.RunningState.RUNNING);
        assertThat(zone.version()).isEqualTo(2);
        assertThat(factory.zoneRecord(zone.id()).field("version").natLong()).isEqualTo(2);
        assertAllMessagesKept(zone, before);

        // A good upgrade afterwards (Factory back on version 2): upgraded, and its snapshot replaces the old one.
        factory.upgradeTo(v2.wasm("factory"));
        CandidValue upgraded = onlyOutcome(factory.upgradeZones(ADMIN, Optional.empty())).get("Upgraded");
        assertThat(upgraded.field("to_version").natLong()).isEqualTo(2);
        byte[] secondSnapshot = upgraded.field("snapshot_id").blob();
        assertThat(pic.listCanisterSnapshots(CreateZoneArgs.DEFAULT_OWNER, zone.id())).extracting(CanisterSnapshot::id)
                .containsExactly(secondSnapshot);
        assertAllMessagesKept(zone, before);
    }

    private static CandidValue onlyOutcome(CandidValue result) {
        List<CandidValue> entries = result.ok().vec();
        assertThat(entries).hasSize(1);
        return entries.getFirst().field("outcome");
    }

    private static void assertAllMessagesKept(ZoneCanister zone, ZoneCanister.Usage before) {
        assertThat(zone.usage()).isEqualTo(before);
        assertThat(zone.getMember(ALICE)).as("membership kept").isPresent();
        for (int i = 1; i <= 5; i++) {
            assertThat(zone.getMessage(ALICE, i).ok().field("ciphertext").blob()).isEqualTo(ciphertext(i, 100 * i));
        }
        assertThat(zone.messageIdsByKey(ALICE, keyId(1))).containsExactly(5L, 3L, 1L);
    }
}
