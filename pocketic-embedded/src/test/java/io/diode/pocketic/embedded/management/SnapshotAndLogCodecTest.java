package io.diode.pocketic.embedded.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diode.ic.management.ManagementCandidTypes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.Test;

/** The snapshot and log methods' arguments and results against their {@code ic.did} types. */
class SnapshotAndLogCodecTest {

    private static final Principal CANISTER = Principal.fromString("rrkah-fqaaa-aaaaa-aaaaq-cai");
    private static final byte[] SNAPSHOT = {0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3};

    @Test
    void takeArgumentsWithAndWithoutTheOptionalFields() {
        Map<String, Object> all = new HashMap<>();
        all.put("canister_id", CANISTER);
        all.put("replace_snapshot", Optional.of(SNAPSHOT));
        all.put("uninstall_code", Optional.of(true));
        all.put("sender_canister_version", Optional.of(7L));
        CanisterSnapshotArgs args = ManagementArgumentDecoder.takeCanisterSnapshot(
                TestCandid.encode(ManagementCandidTypes.TAKE_CANISTER_SNAPSHOT_ARGS, all));
        assertThat(args.canisterId()).isEqualTo(CANISTER);
        assertThat(args.snapshotId()).containsExactly(SNAPSHOT);
        assertThat(args.uninstallCode()).isTrue();
        assertThat(args.senderCanisterVersion()).isEqualTo(7L);

        // the older ic.did's record { canister_id; replace_snapshot } decodes too
        CanisterSnapshotArgs minimal = ManagementArgumentDecoder.takeCanisterSnapshot(
                TestCandid.encode(ManagementCandidTypes.CANISTER_ID_RECORD, Map.of("canister_id", CANISTER)));
        assertThat(minimal.snapshotId()).isNull();
        assertThat(minimal.uninstallCode()).isNull();
    }

    @Test
    void loadAndDeleteNeedTheSnapshotId() {
        CanisterSnapshotArgs load = ManagementArgumentDecoder.loadCanisterSnapshot(TestCandid.encode(
                ManagementCandidTypes.LOAD_CANISTER_SNAPSHOT_ARGS,
                Map.of("canister_id", CANISTER, "snapshot_id", SNAPSHOT, "sender_canister_version", Optional.empty())));
        assertThat(load.snapshotId()).containsExactly(SNAPSHOT);
        assertThatThrownBy(() -> ManagementArgumentDecoder.deleteCanisterSnapshot(
                        TestCandid.encode(ManagementCandidTypes.CANISTER_ID_RECORD, Map.of("canister_id", CANISTER))))
                .isInstanceOf(InvalidManagementArgumentException.class)
                .hasMessageContaining("delete_canister_snapshot")
                .hasMessageContaining("snapshot_id");
    }

    @Test
    void snapshotListAndLogRecordsEncodeAsTheDidSays() {
        List<TestCandid.Value> listed = TestCandid.firstArgument(ManagementResultEncoder.snapshots(
                        List.of(new CanisterSnapshotInfo(SNAPSHOT, 1_700_000_000_000_000_000L, 15_000_000L))))
                .vec(value -> value);
        assertThat(listed).hasSize(1);
        assertThat(listed.getFirst().field("id").blob()).containsExactly(SNAPSHOT);
        assertThat(listed.getFirst().field("taken_at_timestamp").nat64()).isEqualTo(1_700_000_000_000_000_000L);
        assertThat(listed.getFirst().field("total_size").nat64()).isEqualTo(15_000_000L);

        List<TestCandid.Value> records = TestCandid.firstArgument(ManagementResultEncoder.canisterLogs(
                        List.of(new CanisterLogRecord(4, 99L, "hello".getBytes()))))
                .field("canister_log_records")
                .vec(value -> value);
        assertThat(records.getFirst().field("idx").nat64()).isEqualTo(4L);
        assertThat(records.getFirst().field("timestamp_nanos").nat64()).isEqualTo(99L);
        assertThat(records.getFirst().field("content").blob()).isEqualTo("hello".getBytes());
    }

    @Test
    void aLoadSnapshotChangeEncodesInCanisterInfo() {
        CanisterChange change = new CanisterChange(
                5L,
                3L,
                new CanisterChange.FromCanister(CANISTER, 2L),
                new CanisterChange.LoadSnapshot(1L, SNAPSHOT, 4L));
        TestCandid.Value info = TestCandid.firstArgument(ManagementResultEncoder.canisterInfo(
                new CanisterInfoResult(9L, List.of(change), null, List.of(CANISTER))));
        TestCandid.Value details =
                info.field("recent_changes").vec(value -> value).getFirst().field("details");
        TestCandid.Value.VariantCase chosen = details.variant(
                List.of("creation", "code_uninstall", "code_deployment", "load_snapshot", "controllers_change"));
        assertThat(chosen.name()).isEqualTo("load_snapshot");
        assertThat(chosen.payload().field("snapshot_id").blob()).containsExactly(SNAPSHOT);
        assertThat(chosen.payload().field("canister_version").nat64()).isEqualTo(1L);
        assertThat(info.field("total_num_changes").nat64()).isEqualTo(9L);
    }
}
