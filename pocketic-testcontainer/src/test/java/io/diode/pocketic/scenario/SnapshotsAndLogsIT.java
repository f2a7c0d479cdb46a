package io.diode.pocketic.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diode.ic.Sha256;
import io.diode.pocketic.client.CandidArguments;
import io.diode.pocketic.client.CanisterCallException;
import io.diode.pocketic.client.CanisterLogRecord;
import io.diode.pocketic.client.CanisterSettings;
import io.diode.pocketic.client.CanisterSnapshot;
import io.diode.pocketic.client.PocketIc;
import io.diode.pocketic.client.RejectCode;
import io.diode.pocketic.client.Sender;
import io.diode.pocketic.junit.PocketIcTest;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.ic4j.candid.parser.IDLArgs;
import org.ic4j.candid.parser.IDLType;
import org.ic4j.candid.parser.IDLValue;
import org.ic4j.candid.types.Type;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.Test;

/**
 * Canister snapshots, logs and history ({@code canister_info}, through a canister: only canisters may call it) through
 * the Java client and the PocketIC REST API, with real Motoko canisters.
 */
@PocketIcTest
class SnapshotsAndLogsIT {

    /** The controller of what {@code createCanister()} makes. */
    private static final Sender OWNER = Sender.anonymous();

    private static final Sender STRANGER =
            Sender.of(Principal.fromString("hpikg-6exdt-jn33w-ndty3-fc7jc-tl2lr-buih3-cs3y7-tftkp-sfp62-gqe"));

    private static Principal deploy(PocketIc pic) {
        Principal journal = pic.createCanister();
        pic.installCode(journal, JournalCanister.V1, CandidArguments.encode());
        return journal;
    }

    private static BigInteger count(PocketIc pic, Principal journal) {
        return pic.queryCall(journal, "get", BigInteger.class, OWNER);
    }

    @Test
    void takeChangeLoadRestoresTheStateEvenAfterAnUpgrade(PocketIc pic) {
        Principal journal = deploy(pic);
        pic.updateCall(journal, "inc", BigInteger.class, OWNER);
        pic.stopCanister(journal, OWNER);
        CanisterSnapshot snapshot = pic.takeCanisterSnapshot(journal, OWNER);
        pic.startCanister(journal, OWNER);
        assertThat(snapshot.totalSize()).isPositive();
        assertThat(snapshot.takenAt()).isEqualTo(pic.getTime());

        pic.upgradeCanister(journal, JournalCanister.V2, CandidArguments.encode());
        pic.updateCall(journal, "inc", BigInteger.class, OWNER);
        assertThat(pic.queryCall(journal, "version", BigInteger.class, OWNER)).isEqualTo(BigInteger.TWO);
        assertThat(count(pic, journal)).isEqualTo(BigInteger.TWO);

        pic.stopCanister(journal, OWNER);
        pic.loadCanisterSnapshot(journal, snapshot.id(), OWNER);
        pic.startCanister(journal, OWNER);
        assertThat(pic.queryCall(journal, "version", BigInteger.class, OWNER)).isEqualTo(BigInteger.ONE);
        assertThat(count(pic, journal)).isEqualTo(BigInteger.ONE);
        assertThat(pic.canisterStatus(journal).moduleHash())
                .hasValueSatisfying(hash -> assertThat(hash).isEqualTo(Sha256.of(JournalCanister.V1)));

        assertThat(pic.listCanisterSnapshots(journal, OWNER))
                .extracting(CanisterSnapshot::idHex)
                .containsExactly(snapshot.idHex());
        pic.deleteCanisterSnapshot(journal, snapshot.id(), OWNER);
        assertThat(pic.listCanisterSnapshots(journal, OWNER)).isEmpty();
        assertThatThrownBy(() -> pic.loadCanisterSnapshot(journal, snapshot.id(), OWNER))
                .isInstanceOfSatisfying(CanisterCallException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("CanisterSnapshotNotFound");
                    assertThat(e.rejectCode()).isEqualTo(RejectCode.DESTINATION_INVALID);
                });
    }

    @Test
    void nonControllersAreRefusedAndTheLimitIsTen(PocketIc pic) {
        Principal journal = deploy(pic);
        assertThatThrownBy(() -> pic.takeCanisterSnapshot(journal, STRANGER))
                .isInstanceOfSatisfying(
                        CanisterCallException.class,
                        e -> assertThat(e.errorCode()).isEqualTo("CanisterInvalidController"));
        CanisterSnapshot first = pic.takeCanisterSnapshot(journal, OWNER);
        for (int i = 1; i < 10; i++) {
            pic.takeCanisterSnapshot(journal, OWNER);
        }
        assertThatThrownBy(() -> pic.takeCanisterSnapshot(journal, OWNER))
                .isInstanceOfSatisfying(CanisterCallException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("CanisterRejectedMessage");
                    assertThat(e.rejectMessage()).contains("maximum number of snapshots allowed: 10");
                });
        CanisterSnapshot replacement = pic.takeCanisterSnapshot(journal, Optional.of(first.id()), OWNER);
        List<CanisterSnapshot> listed = pic.listCanisterSnapshots(journal, OWNER);
        assertThat(listed)
                .hasSize(10)
                .extracting(CanisterSnapshot::idHex)
                .doesNotContain(first.idHex())
                .endsWith(replacement.idHex());
    }

    @Test
    void logsHoldPrintsAndTrapsForThoseAllowedToReadThem(PocketIc pic) {
        Principal journal = deploy(pic);
        pic.updateCall(journal, "inc", BigInteger.class, OWNER);
        pic.advanceTime(Duration.ofSeconds(2));
        assertThatThrownBy(() -> pic.updateCall(journal, "failWith", BigInteger.class, List.of("out of paper"), OWNER))
                .isInstanceOf(CanisterCallException.class);

        List<CanisterLogRecord> logs = pic.fetchCanisterLogs(journal);
        assertThat(logs)
                .extracting(CanisterLogRecord::text)
                .containsExactly("count is 1", "about to fail", "[TRAP]: out of paper");
        assertThat(logs).extracting(CanisterLogRecord::index).containsExactly(0L, 1L, 2L);
        assertThat(Duration.between(logs.get(0).timestamp(), logs.get(1).timestamp()))
                .isEqualTo(Duration.ofSeconds(2));

        assertThatThrownBy(() -> pic.fetchCanisterLogs(journal, STRANGER))
                .isInstanceOfSatisfying(CanisterCallException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("CanisterRejectedMessage");
                    assertThat(e.rejectMessage()).contains("is not allowed to query ic00 method fetch_canister_logs");
                });
        pic.updateSettings(journal, CanisterSettings.none().withPublicLogs(), OWNER);
        assertThat(pic.fetchCanisterLogs(journal, STRANGER)).hasSize(3);
    }

    @Test
    void theOldestLogRecordsAreEvicted(PocketIc pic) {
        Principal journal = deploy(pic);
        pic.updateCall(journal, "print", Void.class, List.of("z".repeat(200), nat(40)), OWNER);
        List<CanisterLogRecord> logs = pic.fetchCanisterLogs(journal);
        // 4 KiB hold 18 records of 200 bytes (each counted with 16 bytes of index and timestamp)
        assertThat(logs).hasSize(18);
        assertThat(logs.getFirst().index()).isEqualTo(22L);
        assertThat(logs.getLast().index()).isEqualTo(39L);
    }

    @Test
    void aCanisterReadsAnotherCanistersHistoryAndSnapshotsIt(PocketIc pic) {
        Principal journal = deploy(pic);
        Principal inspector = pic.createCanister();
        pic.installCode(inspector, JournalCanister.INSPECTOR, CandidArguments.encode());
        pic.upgradeCanister(journal, JournalCanister.V2, CandidArguments.encode());
        pic.updateSettings(journal, CanisterSettings.none().withControllers(OWNER.principal(), inspector), OWNER);

        byte[] reply = pic.updateCall(
                inspector,
                "info",
                CandidArguments.encode(
                        journal,
                        IDLValue.create(
                                Optional.of(10L), IDLType.createType(Type.OPT, IDLType.createType(Type.NAT64)))),
                OWNER);
        List<IDLValue> info = IDLArgs.fromBytes(reply).getArgs();
        assertThat((Object) info.get(0).getValue()).isEqualTo(4L);
        assertThat(Arrays.stream((Object[]) info.get(1).getValue())
                        .map(String.class::cast)
                        .toList())
                .satisfiesExactly(
                        change -> assertThat(change).startsWith("creation v0 by user"),
                        change -> assertThat(change).startsWith("code_deployment:install v1"),
                        change -> assertThat(change).startsWith("code_deployment:upgrade v2"),
                        change -> assertThat(change).startsWith("controllers_change:2 v3"));

        // a controlling canister snapshots and restores it, as a factory would before upgrading a child
        pic.updateCall(journal, "inc", BigInteger.class, OWNER);
        byte[] snapshot =
                blob(IDLArgs.fromBytes(pic.updateCall(inspector, "snapshot", CandidArguments.encode(journal), OWNER))
                        .getArgs()
                        .getFirst()
                        .getValue());
        pic.updateCall(journal, "inc", BigInteger.class, OWNER);
        pic.updateCall(inspector, "restore", CandidArguments.encode(journal, snapshot), OWNER);
        assertThat(count(pic, journal)).isEqualTo(BigInteger.ONE);
        assertThat(pic.listCanisterSnapshots(journal, OWNER)).hasSize(1);
    }

    private static byte[] blob(Object value) {
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        Byte[] boxed = (Byte[]) value;
        byte[] bytes = new byte[boxed.length];
        for (int i = 0; i < boxed.length; i++) {
            bytes[i] = boxed[i];
        }
        return bytes;
    }

    private static IDLValue nat(long value) {
        return IDLValue.create(BigInteger.valueOf(value), Type.NAT);
    }
}
