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
import io.diode.pocketic.junit.PocketIcTest;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Arrays;
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

    private static final Principal OWNER = Principal.anonymous();
    private static final Principal STRANGER = Principal.fromString(
            "hpikg-6exdt-jn33w-ndty3-fc7jc-tl2lr-buih3-cs3y7-tftkp-sfp62-gqe");

    private static Principal deploy(PocketIc pic) {
        Principal journal = pic.createCanister();
        pic.installCode(journal, JournalCanister.V1, CandidArguments.encode());
        return journal;
    }

    private static BigInteger count(PocketIc pic, Principal journal) {
        return pic.queryCall(journal, OWNER, "get", BigInteger.class);
    }

    @Test
    void takeChangeLoadRestoresTheStateEvenAfterAnUpgrade(PocketIc pic) {
        Principal journal = deploy(pic);
        pic.updateCall(journal, OWNER, "inc", BigInteger.class);
        pic.stopCanister(OWNER, journal);
        CanisterSnapshot snapshot = pic.takeCanisterSnapshot(OWNER, journal);
        pic.startCanister(OWNER, journal);
        assertThat(snapshot.totalSize()).isPositive();
        assertThat(snapshot.takenAt()).isEqualTo(pic.getTime());

        pic.upgradeCanister(journal, JournalCanister.V2, CandidArguments.encode());
        pic.updateCall(journal, OWNER, "inc", BigInteger.class);
        assertThat(pic.queryCall(journal, OWNER, "version", BigInteger.class)).isEqualTo(BigInteger.TWO);
        assertThat(count(pic, journal)).isEqualTo(BigInteger.TWO);

        pic.stopCanister(OWNER, journal);
        pic.loadCanisterSnapshot(OWNER, journal, snapshot.id());
        pic.startCanister(OWNER, journal);
        assertThat(pic.queryCall(journal, OWNER, "version", BigInteger.class)).isEqualTo(BigInteger.ONE);
        assertThat(count(pic, journal)).isEqualTo(BigInteger.ONE);
        assertThat(pic.canisterStatus(journal).moduleHash()).hasValueSatisfying(hash ->
                assertThat(hash).isEqualTo(Sha256.of(JournalCanister.V1)));

        assertThat(pic.listCanisterSnapshots(OWNER, journal)).extracting(CanisterSnapshot::idHex)
                .containsExactly(snapshot.idHex());
        pic.deleteCanisterSnapshot(OWNER, journal, snapshot.id());
        assertThat(pic.listCanisterSnapshots(OWNER, journal)).isEmpty();
        assertThatThrownBy(() -> pic.loadCanisterSnapshot(OWNER, journal, snapshot.id()))
                .isInstanceOfSatisfying(CanisterCallException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("CanisterSnapshotNotFound");
                    assertThat(e.rejectCode()).isEqualTo(RejectCode.DESTINATION_INVALID);
                });
    }

    @Test
    void nonControllersAreRefusedAndTheLimitIsTen(PocketIc pic) {
        Principal journal = deploy(pic);
        assertThatThrownBy(() -> pic.takeCanisterSnapshot(STRANGER, journal))
                .isInstanceOfSatisfying(CanisterCallException.class,
                        e -> assertThat(e.errorCode()).isEqualTo("CanisterInvalidController"));
        CanisterSnapshot first = pic.takeCanisterSnapshot(OWNER, journal);
        for (int i = 1; i < 10; i++) {
            pic.takeCanisterSnapshot(OWNER, journal);
        }
        assertThatThrownBy(() -> pic.takeCanisterSnapshot(OWNER, journal))
                .isInstanceOfSatisfying(CanisterCallException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("CanisterRejectedMessage");
                    assertThat(e.rejectMessage()).contains("maximum number of snapshots allowed: 10");
                });
        CanisterSnapshot replacement = pic.takeCanisterSnapshot(OWNER, journal, Optional.of(first.id()));
        List<CanisterSnapshot> listed = pic.listCanisterSnapshots(OWNER, journal);
        assertThat(listed).hasSize(10).extracting(CanisterSnapshot::idHex).doesNotContain(first.idHex())
                .endsWith(replacement.idHex());
    }

    @Test
    void logsHoldPrintsAndTrapsForThoseAllowedToReadThem(PocketIc pic) {
        Principal journal = deploy(pic);
        pic.updateCall(journal, OWNER, "inc", BigInteger.class);
        pic.advanceTime(Duration.ofSeconds(2));
        assertThatThrownBy(() -> pic.updateCall(journal, OWNER, "failWith", BigInteger.class, "out of paper"))
                .isInstanceOf(CanisterCallException.class);

        List<CanisterLogRecord> logs = pic.fetchCanisterLogs(journal);
        assertThat(logs).extracting(CanisterLogRecord::text)
                .containsExactly("count is 1", "about to fail", "[TRAP]: out of paper");
        assertThat(logs).extracting(CanisterLogRecord::index).containsExactly(0L, 1L, 2L);
        assertThat(Duration.between(logs.get(0).timestamp(), logs.get(1).timestamp())).isEqualTo(Duration.ofSeconds(2));

        assertThatThrownBy(() -> pic.fetchCanisterLogs(STRANGER, journal))
                .isInstanceOfSatisfying(CanisterCallException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("CanisterRejectedMessage");
                    assertThat(e.rejectMessage()).contains("is not allowed to query ic00 method fetch_canister_logs");
                });
        pic.updateSettings(OWNER, journal, CanisterSettings.none().withPublicLogs());
        assertThat(pic.fetchCanisterLogs(STRANGER, journal)).hasSize(3);
    }

    @Test
    void theOldestLogRecordsAreEvicted(PocketIc pic) {
        Principal journal = deploy(pic);
        pic.updateCall(journal, OWNER, "print", Void.class, "z".repeat(200), nat(40));
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
        pic.updateSettings(OWNER, journal, CanisterSettings.none().withControllers(OWNER, inspector));

        byte[] reply = pic.updateCall(inspector, OWNER, "info", CandidArguments.encode(journal,
                IDLValue.create(Optional.of(10L), IDLType.createType(Type.OPT, IDLType.createType(Type.NAT64)))));
        List<IDLValue> info = IDLArgs.fromBytes(reply).getArgs();
        assertThat((Object) info.get(0).getValue()).isEqualTo(4L);
        assertThat(Arrays.stream((Object[]) info.get(1).getValue()).map(String.class::cast).toList())
                .satisfiesExactly(
                        change -> assertThat(change).startsWith("creation v0 by user"),
                        change -> assertThat(change).startsWith("code_deployment:install v1"),
                        change -> assertThat(change).startsWith("code_deployment:upgrade v2"),
                        change -> assertThat(change).startsWith("controllers_change:2 v3"));

        // a controlling canister snapshots and restores it, as a factory would before upgrading a child
        pic.updateCall(journal, OWNER, "inc", BigInteger.class);
        byte[] snapshot = blob(IDLArgs.fromBytes(pic.updateCall(inspector, OWNER, "snapshot",
                CandidArguments.encode(journal))).getArgs().getFirst().getValue());
        pic.updateCall(journal, OWNER, "inc", BigInteger.class);
        pic.updateCall(inspector, OWNER, "restore", CandidArguments.encode(journal, snapshot));
        assertThat(count(pic, journal)).isEqualTo(BigInteger.ONE);
        assertThat(pic.listCanisterSnapshots(OWNER, journal)).hasSize(1);
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
