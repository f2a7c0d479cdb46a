package io.diode.pocketic.embedded.engine;

import static io.diode.pocketic.embedded.engine.TestIc.MALLORY;
import static io.diode.pocketic.embedded.engine.TestIc.USER;
import static io.diode.pocketic.embedded.engine.TestIc.candid;
import static io.diode.pocketic.embedded.engine.TestIc.nat;
import static io.diode.pocketic.embedded.engine.TestIc.noArgs;
import static io.diode.pocketic.embedded.engine.TestIc.reject;
import static io.diode.pocketic.embedded.engine.TestIc.reply;
import static org.assertj.core.api.Assertions.assertThat;

import io.diode.ic.Sha256;
import io.diode.pocketic.embedded.api.CallResult;
import io.diode.pocketic.embedded.api.IcInstance;
import io.diode.pocketic.embedded.api.InstanceConfig;
import io.diode.pocketic.embedded.api.InstructionLimits;
import io.diode.pocketic.embedded.management.TestCandid;
import io.diode.pocketic.embedded.management.TestManagement;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.ic4j.candid.parser.IDLValue;
import org.ic4j.candid.types.Type;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Canister snapshots of a real Motoko canister (main and stable memory), through the management canister. */
class CanisterSnapshotIT {

    private IcInstance ic;
    private Principal journal;

    @BeforeEach
    void deploy() {
        ic = EmbeddedIc.create();
        journal = TestIc.deploy(ic, "journal", noArgs());
    }

    @AfterEach
    void close() {
        ic.close();
    }

    private CallResult take(Principal sender, byte[] replace) {
        return TestManagement.takeSnapshot(ic, sender, journal, Optional.ofNullable(replace), false);
    }

    private byte[] takeId() {
        return TestCandid.firstArgument(reply(take(USER, null))).field("id").blob();
    }

    private CallResult load(Principal sender, byte[] snapshot) {
        return TestManagement.loadSnapshot(ic, sender, journal, snapshot);
    }

    private CallResult delete(Principal sender, byte[] snapshot) {
        return TestManagement.deleteSnapshot(ic, sender, journal, snapshot);
    }

    private List<TestCandid.Value> list() {
        return TestCandid.firstArgument(reply(TestIc.management(ic, USER, "list_canister_snapshots", journal)))
                .vec(value -> value);
    }

    private BigInteger count() {
        return nat(ic.query(USER, journal, "get", noArgs()));
    }

    private long stored() {
        return (Long) TestIc.decodeSingle(reply(ic.query(USER, journal, "load", noArgs())));
    }

    private void store(long value) {
        byte[] argument = org.ic4j.candid.parser.IDLArgs.create(List.of(IDLValue.create(value, Type.NAT64)))
                .toBytes();
        assertThat(ic.updateCall(USER, journal, "store", argument)).isInstanceOf(CallResult.Reply.class);
    }

    @Test
    void loadingASnapshotRestoresMainAndStableMemory() {
        ic.updateCall(USER, journal, "inc", noArgs());
        store(42);
        byte[] snapshot = takeId();
        assertThat(snapshot).hasSize(8 + journal.getValue().length);

        for (int i = 0; i < 5; i++) {
            ic.updateCall(USER, journal, "inc", noArgs());
        }
        store(7);
        assertThat(count()).isEqualTo(6);

        assertThat(load(USER, snapshot)).isInstanceOf(CallResult.Reply.class);
        assertThat(count()).isEqualTo(1);
        assertThat(stored()).isEqualTo(42);
        // the canister runs on from the restored state
        assertThat(nat(ic.updateCall(USER, journal, "inc", noArgs()))).isEqualTo(2);
        // and the snapshot stays: loading it again goes back once more
        assertThat(load(USER, snapshot)).isInstanceOf(CallResult.Reply.class);
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void loadingASnapshotTakenBeforeAnUpgradeBringsTheOldModuleBack() {
        ic.updateCall(USER, journal, "inc", noArgs());
        store(11);
        byte[] snapshot = takeId();
        assertThat(TestIc.installCode(ic, USER, journal, "upgrade", MotokoCanisters.wasm("journal-v2"), noArgs()))
                .isInstanceOf(CallResult.Reply.class);
        assertThat(nat(ic.query(USER, journal, "version", noArgs()))).isEqualTo(2);
        ic.updateCall(USER, journal, "inc", noArgs());
        store(12);

        assertThat(load(USER, snapshot)).isInstanceOf(CallResult.Reply.class);
        assertThat(nat(ic.query(USER, journal, "version", noArgs()))).isEqualTo(1);
        assertThat(count()).isEqualTo(1);
        assertThat(stored()).isEqualTo(11);
        assertThat(nat(ic.updateCall(USER, journal, "inc", noArgs()))).isEqualTo(2);
        TestCandid.Value status =
                TestCandid.firstArgument(reply(TestIc.management(ic, USER, "canister_status", journal)));
        assertThat(status.optionalField("module_hash", TestCandid.Value::blob))
                .hasValueSatisfying(hash -> assertThat(hash).isEqualTo(Sha256.of(MotokoCanisters.wasm("journal"))));
        // a later upgrade from the restored state works as usual
        assertThat(TestIc.installCode(ic, USER, journal, "upgrade", MotokoCanisters.wasm("journal-v2"), noArgs()))
                .isInstanceOf(CallResult.Reply.class);
        assertThat(count()).isEqualTo(2);
        assertThat(stored()).isEqualTo(11);
    }

    @Test
    void listAndDeleteAndReplace() {
        byte[] first = takeId();
        ic.updateCall(USER, journal, "inc", noArgs());
        byte[] second = takeId();
        assertThat(list()).extracting(value -> value.field("id").blob()).containsExactly(first, second);
        TestCandid.Value listed = list().get(1);
        assertThat(listed.field("total_size").nat64()).isPositive();
        assertThat(listed.field("taken_at_timestamp").nat64())
                .isEqualTo(
                        ic.time().getEpochSecond() * 1_000_000_000L + ic.time().getNano());

        TestCandid.Value replacing = TestCandid.firstArgument(reply(take(USER, first)));
        assertThat(replacing.field("id").blob()).isNotEqualTo(first).isNotEqualTo(second);
        assertThat(list())
                .extracting(value -> value.field("id").blob())
                .containsExactly(second, replacing.field("id").blob());

        assertThat(delete(USER, second)).isInstanceOf(CallResult.Reply.class);
        assertThat(list()).hasSize(1);
        CallResult.Reject gone = reject(load(USER, second));
        assertThat(gone.errorCode()).isEqualTo("IC0305");
        assertThat(gone.message())
                .isEqualTo("Could not find the snapshot ID "
                        + java.util.HexFormat.of().formatHex(second) + " for canister " + journal + ".");
        assertThat(reject(delete(USER, second)).errorCode()).isEqualTo("IC0305");
        assertThat(reject(take(USER, second)).errorCode()).isEqualTo("IC0305");
    }

    @Test
    void onlyControllersMayTakeLoadListOrDelete() {
        byte[] snapshot = takeId();
        assertThat(reject(take(MALLORY, null)).errorCode()).isEqualTo("IC0512");
        assertThat(reject(load(MALLORY, snapshot)).errorCode()).isEqualTo("IC0512");
        assertThat(reject(delete(MALLORY, snapshot)).errorCode()).isEqualTo("IC0512");
        assertThat(reject(TestIc.management(ic, MALLORY, "list_canister_snapshots", journal))
                        .message())
                .contains("list_canister_snapshots");
        assertThat(list()).hasSize(1);
    }

    @Test
    void atMostTenSnapshotsUnlessOneIsReplaced() {
        byte[] first = takeId();
        for (int i = 1; i < CanisterSnapshotMethods.MAX_SNAPSHOTS_PER_CANISTER; i++) {
            takeId();
        }
        CallResult.Reject full = reject(take(USER, null));
        assertThat(full.errorCode()).isEqualTo("IC0406");
        assertThat(full.message())
                .isEqualTo("Canister " + journal + " has reached the maximum number of snapshots allowed: 10.");
        assertThat(take(USER, first)).isInstanceOf(CallResult.Reply.class);
        assertThat(list()).hasSize(10);
    }

    @Test
    void snapshotsCostCyclesAndCountAsMemory() {
        BigInteger before = ic.cycleBalance(journal);
        TestCandid.Value status =
                TestCandid.firstArgument(reply(TestIc.management(ic, USER, "canister_status", journal)));
        BigInteger memoryBefore = status.field("memory_size").nat();
        long size = TestCandid.firstArgument(reply(take(USER, null)))
                .field("total_size")
                .nat64();
        BigInteger charged = before.subtract(ic.cycleBalance(journal));
        // 2 billion baseline instructions plus one per byte, at 1 cycle per instruction, plus the 5M base fee
        assertThat(charged).isEqualTo(BigInteger.valueOf(5_000_000L + 2_000_000_000L + size));
        TestCandid.Value after =
                TestCandid.firstArgument(reply(TestIc.management(ic, USER, "canister_status", journal)));
        assertThat(after.field("memory_metrics").field("snapshots_size").nat()).isEqualTo(BigInteger.valueOf(size));
        assertThat(after.field("memory_size").nat()).isEqualTo(memoryBefore.add(BigInteger.valueOf(size)));
    }

    @Test
    void aCanisterThatCannotPayForStorageLosesItsSnapshots() {
        // a small install limit: the IC prepays the cost of the whole limit before install_code (600 B cycles for a
        // Wasm64 module at the real 300 B), which a canister this poor could not cover
        ic.close();
        ic = EmbeddedIc.create(new InstanceConfig(Instant.now())
                .withInstructionLimits(new InstructionLimits(
                        40_000_000_000L, 5_000_000_000L, 1_000_000_000L, 200_000_000L, 5_000_000_000L)));
        journal = TestIc.deploy(ic, "journal", noArgs());
        BigInteger perDay = TestCandid.firstArgument(reply(TestIc.management(ic, USER, "canister_status", journal)))
                .field("idle_cycles_burned_per_day")
                .nat();
        // with a snapshot the canister holds about twice the memory: 35 days of that, plus the snapshot's cost
        BigInteger cycles = perDay.multiply(BigInteger.valueOf(2 * 35)).add(BigInteger.valueOf(2_100_000_000L));
        Principal poor = TestIc.createCanister(ic, USER, cycles);
        assertThat(TestIc.installCode(ic, USER, poor, "install", MotokoCanisters.wasm("journal"), noArgs()))
                .isInstanceOf(CallResult.Reply.class);
        Principal rich = journal;
        journal = poor;
        takeId();
        assertThat(list()).hasSize(1);
        ic.advanceTime(java.time.Duration.ofDays(200));
        assertThat(ic.cycleBalance(poor)).isZero();
        assertThat(list()).isEmpty();
        journal = rich;
        takeId();
        assertThat(list()).hasSize(1);
    }

    @Test
    void anEmptyCanisterHasNothingToSnapshot() {
        Principal empty = TestIc.createCanister(ic, USER, BigInteger.TEN.pow(13));
        CallResult.Reject refused = reject(TestManagement.takeSnapshot(ic, USER, empty, Optional.empty(), false));
        assertThat(refused.errorCode()).isEqualTo("IC0406");
        assertThat(refused.message()).startsWith("Failed to create snapshot for empty canister " + empty);
    }

    @Test
    void aSnapshotOfAnotherCanisterIsRefusedWhereItDoesNotBelong() {
        byte[] snapshot = takeId();
        Principal other = TestIc.deploy(ic, "journal", candid());
        CallResult.Reject refused = reject(TestManagement.deleteSnapshot(ic, USER, other, snapshot));
        assertThat(refused.errorCode()).isEqualTo("IC0406");
        assertThat(refused.message()).contains("does not belong to canister " + other);
        assertThat(list()).hasSize(1);
    }
}
