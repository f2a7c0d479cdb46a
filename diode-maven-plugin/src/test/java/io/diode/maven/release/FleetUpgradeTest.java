package io.diode.maven.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diode.ic.Sha256;
import io.diode.maven.build.RecordingLog;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.ic4j.candid.parser.IDLArgs;
import org.ic4j.candid.parser.IDLType;
import org.ic4j.candid.parser.IDLValue;
import org.ic4j.candid.types.Label;
import org.ic4j.candid.types.Type;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetUpgradeTest {
    private static final NetworkSettings LOCAL =
            new NetworkSettings("local", URI.create("http://127.0.0.1:4943"), true);
    private static final byte[] FACTORY_V1 = {0, 'a', 's', 'm', 1};
    private static final byte[] FACTORY_V2 = {0, 'a', 's', 'm', 2};
    private static final byte[] ZONE_V2 = {0, 'a', 's', 'm', 22};

    @TempDir
    Path directory;

    private final FakeReplicaGateway gateway = new FakeReplicaGateway();
    private final RecordingLog log = new RecordingLog();
    private final List<Principal> zones = new ArrayList<>();
    private final List<Integer> batchSizes = new ArrayList<>();
    private Principal factory;
    private CanisterIdFile ids;
    /** Zones the fake factory fails to upgrade. */
    private final List<Principal> broken = new ArrayList<>();
    /** Zones whose upgrade the fake factory rolls back to a snapshot. */
    private final List<Principal> rolledBack = new ArrayList<>();
    /** Zones the fake factory skips (self-managed). */
    private final List<Principal> skipped = new ArrayList<>();

    @BeforeEach
    void fleet() throws ReleaseException {
        ids = new CanisterIdFile(directory.resolve("canister_ids.json"));
        factory = gateway.addCanister(Optional.of(Sha256.hex(FACTORY_V1)));
        ids.record("factory", "local", factory);
        for (int index = 0; index < 5; index++) {
            Principal zone = gateway.addCanister(Optional.of("11".repeat(32)));
            zones.add(zone);
            gateway.answer(zone, "get_version", argument -> nat(BigInteger.ONE));
        }
        gateway.answer(
                factory,
                "get_version",
                argument -> nat(BigInteger.valueOf(
                        gateway.moduleHash(factory).orElseThrow().equals(Sha256.hex(FACTORY_V2)) ? 2 : 1)));
        gateway.answer(factory, "list_zones", argument -> zoneList());
        gateway.answer(factory, "upgrade_zones", this::upgradeZones);
    }

    private ManifestModule factoryV2() {
        return new ManifestModule("factory", "2", FACTORY_V2, Sha256.hex(FACTORY_V2), true);
    }

    private ManifestModule zoneV2() {
        return new ManifestModule("zone", "2", ZONE_V2, Sha256.hex(ZONE_V2), true);
    }

    @Test
    void upgradesTheFactoryThenTheFleetInBatchesAndChecksEveryZone() throws ReleaseException {
        FleetUpgrade.Report report = new FleetUpgrade(gateway, new CanisterIds(LOCAL, ids, Map.of()), log)
                .run(factoryV2(), zoneV2(), CanisterVersion.NO_ARGUMENTS, 2, false);

        assertThat(report.succeeded()).isTrue();
        assertThat(batchSizes).containsExactly(2, 2, 1);
        assertThat(report.lines()).hasSize(6);
        assertThat(report.lines().getFirst().upgrade()).isEqualTo("upgraded");
        assertThat(report.lines().get(1).upgrade()).isEqualTo("upgraded v1 -> v2");
        assertThat(gateway.journal.getFirst()).startsWith("upgrade keep " + factory);
        assertThat(String.join("\n", FleetUpgrade.table(report).lines()))
                .contains("zone z0")
                .contains("OK");
    }

    @Test
    void dryRunOnlyPrintsThePlan() throws ReleaseException {
        FleetUpgrade.Report report = new FleetUpgrade(gateway, new CanisterIds(LOCAL, ids, Map.of()), log)
                .run(factoryV2(), zoneV2(), CanisterVersion.NO_ARGUMENTS, 2, true);

        assertThat(report.dryRun()).isTrue();
        assertThat(gateway.journal).isEmpty();
        assertThat(log.text())
                .contains("Upgrade plan on local")
                .contains("5 canister(s) in 3 batch(es)")
                .contains("Dry run");
    }

    @Test
    void aFailingZoneIsReportedAndTheOthersGoOn() throws ReleaseException {
        broken.add(zones.get(1));

        FleetUpgrade.Report report = new FleetUpgrade(gateway, new CanisterIds(LOCAL, ids, Map.of()), log)
                .run(factoryV2(), zoneV2(), CanisterVersion.NO_ARGUMENTS, 1, false);

        assertThat(report.succeeded()).isFalse();
        assertThat(batchSizes).containsExactly(1, 1, 1, 1, 1);
        assertThat(report.lines().stream().filter(line -> !line.ok()).map(FleetUpgrade.Line::canister))
                .containsExactly(zones.get(1).toString());
        assertThat(report.lines().get(2).upgrade()).isEqualTo("failed: stopped");
        assertThat(report.lines().get(3).ok()).isTrue();
    }

    @Test
    void aZoneWithAnotherModuleThanTheFleetIsAMismatch() throws ReleaseException {
        gateway.answer(factory, "upgrade_zones", argument -> {
            byte[] reply = upgradeZones(argument);
            gateway.moduleHashes.put(zones.get(4), "99".repeat(32)); // this zone ended up with other code
            return reply;
        });

        FleetUpgrade.Report report = new FleetUpgrade(gateway, new CanisterIds(LOCAL, ids, Map.of()), log)
                .run(factoryV2(), zoneV2(), CanisterVersion.NO_ARGUMENTS, 10, false);

        assertThat(report.succeeded()).isFalse();
        assertThat(report.lines().get(5).hash()).endsWith("(differs from the fleet)");
        assertThat(report.lines().get(4).ok()).isTrue();
    }

    @Test
    void aRolledBackZoneFailsTheReportWithItsSnapshotAndASelfManagedZoneIsSkippedWithoutFailingIt()
            throws ReleaseException {
        broken.clear();
        rolledBack.add(zones.get(0));
        skipped.add(zones.get(1));

        FleetUpgrade.Report report = new FleetUpgrade(gateway, new CanisterIds(LOCAL, ids, Map.of()), log)
                .run(factoryV2(), zoneV2(), CanisterVersion.NO_ARGUMENTS, 1, false);

        assertThat(report.lines().get(1).upgrade()).isEqualTo("rolled back to snapshot 0a0b: upgrade failed: trapped");
        assertThat(report.lines().get(1).ok()).isFalse();
        assertThat(report.lines().get(2).upgrade()).isEqualTo("skipped: self-managed");
        assertThat(report.lines().get(2).ok()).isTrue();
        assertThat(report.lines().get(3).upgrade()).isEqualTo("upgraded v1 -> v2 (snapshot 0c0d)");
        assertThat(report.succeeded()).isFalse();
        assertThat(log.lines)
                .anyMatch(line -> line.contains(zones.get(0) + ": ROLLED BACK, rolled back to snapshot 0a0b"));
        assertThat(FleetUpgrade.table(report).lines().get(3)).contains("FAILED");
    }

    @Test
    void aFactoryFailureStopsBeforeTheZones() {
        gateway.answer(factory, "get_version", argument -> nat(BigInteger.ONE)); // the new code reports the old version

        assertThatThrownBy(() -> new FleetUpgrade(gateway, new CanisterIds(LOCAL, ids, Map.of()), log)
                        .run(factoryV2(), zoneV2(), CanisterVersion.NO_ARGUMENTS, 2, false))
                .isInstanceOf(ReleaseException.class)
                .hasMessageContaining("version 1 after the upgrade, expected")
                .hasMessageContaining("The zones were not touched");
        assertThat(batchSizes).isEmpty();
    }

    @Test
    void factoryRefusalStopsTheFlow() {
        gateway.answer(factory, "upgrade_zones", argument -> notAuthorized());

        assertThatThrownBy(() -> new FleetUpgrade(gateway, new CanisterIds(LOCAL, ids, Map.of()), log)
                        .run(factoryV2(), zoneV2(), CanisterVersion.NO_ARGUMENTS, 2, false))
                .hasMessageContaining("refused upgrade_zones: NotAuthorized")
                .hasMessageContaining("controller");
    }

    // --- the fake factory's Candid ---

    private byte[] upgradeZones(byte[] argument) throws ReleaseException {
        Object[] batch = (Object[])
                ((Optional<?>) IDLArgs.fromBytes(argument).getArgs().getFirst().getValue()).orElseThrow();
        batchSizes.add(batch.length);
        List<Map<Label, Object>> entries = new ArrayList<>();
        Map<Label, IDLType> entryType = new TreeMap<>();
        for (Object element : batch) {
            Principal zone = (Principal) element;
            Map<Label, Object> entry = new TreeMap<>();
            entry.put(label("canister"), zone);
            entry.put(label("zone_id"), Optional.of("z" + zones.indexOf(zone)));
            Map<Label, Object> outcome = new TreeMap<>();
            if (broken.contains(zone)) {
                outcome.put(label("Failed"), "stopped");
            } else if (rolledBack.contains(zone)) {
                Map<Label, Object> rollback = new TreeMap<>();
                rollback.put(label("snapshot_id"), new byte[] {10, 11});
                rollback.put(label("reason"), "upgrade failed: trapped");
                rollback.put(label("restored"), Boolean.TRUE);
                outcome.put(label("RolledBack"), rollback);
            } else if (skipped.contains(zone)) {
                outcome.put(label("Skipped"), "self-managed");
            } else {
                Map<Label, Object> versions = new TreeMap<>();
                versions.put(label("from_version"), BigInteger.ONE);
                versions.put(label("to_version"), BigInteger.TWO);
                if (!rolledBack.isEmpty()) {
                    versions.put(label("snapshot_id"), new byte[] {12, 13});
                }
                outcome.put(label("Upgraded"), versions);
                gateway.moduleHashes.put(zone, Sha256.hex(ZONE_V2));
                gateway.answer(zone, "get_version", ignored -> nat(BigInteger.TWO));
            }
            entry.put(label("outcome"), outcome);
            entries.add(entry);
        }
        Map<Label, IDLType> versionsType = new TreeMap<>();
        versionsType.put(label("from_version"), IDLType.createType(Type.NAT));
        versionsType.put(label("to_version"), IDLType.createType(Type.NAT));
        entryType.put(label("canister"), IDLType.createType(Type.PRINCIPAL));
        entryType.put(label("zone_id"), IDLType.createType(Type.OPT, IDLType.createType(Type.TEXT)));
        // ic4j-candid writes variant index 0 whatever the case, so the type names only the case this reply uses.
        Map<Label, IDLType> outcomeCases = new TreeMap<>();
        boolean failures = java.util.Arrays.stream(batch).anyMatch(broken::contains);
        if (failures && java.util.Arrays.stream(batch).anyMatch(zone -> !broken.contains(zone))) {
            throw new IllegalStateException("the fake factory cannot mix outcomes in one reply; use batches of one");
        }
        Map<Label, IDLType> rollbackType = new TreeMap<>();
        rollbackType.put(label("snapshot_id"), IDLType.createType(Type.VEC, IDLType.createType(Type.NAT8)));
        rollbackType.put(label("reason"), IDLType.createType(Type.TEXT));
        rollbackType.put(label("restored"), IDLType.createType(Type.BOOL));
        if (!rolledBack.isEmpty()) {
            versionsType.put(label("snapshot_id"), IDLType.createType(Type.VEC, IDLType.createType(Type.NAT8)));
        }
        if (java.util.Arrays.stream(batch).anyMatch(rolledBack::contains)) {
            outcomeCases.put(label("RolledBack"), IDLType.createType(Type.RECORD, rollbackType));
        } else if (java.util.Arrays.stream(batch).anyMatch(skipped::contains)) {
            outcomeCases.put(label("Skipped"), IDLType.createType(Type.TEXT));
        } else if (failures) {
            outcomeCases.put(label("Failed"), IDLType.createType(Type.TEXT));
        } else {
            outcomeCases.put(label("Upgraded"), IDLType.createType(Type.RECORD, versionsType));
        }
        entryType.put(label("outcome"), IDLType.createType(Type.VARIANT, outcomeCases));
        Map<Label, Object> ok = new TreeMap<>();
        ok.put(label("ok"), entries.toArray());
        Map<Label, IDLType> resultCases = new TreeMap<>();
        resultCases.put(label("ok"), IDLType.createType(Type.VEC, IDLType.createType(Type.RECORD, entryType)));
        return IDLArgs.create(List.of(IDLValue.create(ok, IDLType.createType(Type.VARIANT, resultCases))))
                .toBytes();
    }

    private byte[] zoneList() {
        List<Map<Label, Object>> records = new ArrayList<>();
        for (int index = 0; index < zones.size(); index++) {
            Map<Label, Object> record = new TreeMap<>();
            record.put(label("canister"), zones.get(index));
            record.put(label("zone_id"), "z" + index);
            record.put(label("version"), BigInteger.ONE);
            records.add(record);
        }
        Map<Label, IDLType> type = new TreeMap<>();
        type.put(label("canister"), IDLType.createType(Type.PRINCIPAL));
        type.put(label("zone_id"), IDLType.createType(Type.TEXT));
        type.put(label("version"), IDLType.createType(Type.NAT));
        return IDLArgs.create(List.of(IDLValue.create(
                        records.toArray(), IDLType.createType(Type.VEC, IDLType.createType(Type.RECORD, type)))))
                .toBytes();
    }

    private static byte[] nat(BigInteger value) {
        return IDLArgs.create(List.of(IDLValue.create(value, IDLType.createType(Type.NAT))))
                .toBytes();
    }

    /** {@code variant { err = variant { NotAuthorized } }}, typed with one case each (ic4j-candid writes case index 0). */
    private static byte[] notAuthorized() {
        Map<Label, Object> error = new TreeMap<>();
        error.put(label("NotAuthorized"), null);
        Map<Label, IDLType> errorCases = new TreeMap<>();
        errorCases.put(label("NotAuthorized"), IDLType.createType(Type.NULL));
        Map<Label, Object> result = new TreeMap<>();
        result.put(label("err"), error);
        Map<Label, IDLType> resultCases = new TreeMap<>();
        resultCases.put(label("err"), IDLType.createType(Type.VARIANT, errorCases));
        return IDLArgs.create(List.of(IDLValue.create(result, IDLType.createType(Type.VARIANT, resultCases))))
                .toBytes();
    }

    private static Label label(String name) {
        return Label.createNamedLabel(name);
    }
}
