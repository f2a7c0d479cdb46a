package io.diode.pocketic.embedded.engine;

import static io.diode.pocketic.embedded.engine.TestIc.USER;
import static org.assertj.core.api.Assertions.assertThat;

import io.diode.ic.Sha256;
import io.diode.ic.management.ManagementCandidTypes;
import io.diode.pocketic.embedded.api.CallResult;
import io.diode.pocketic.embedded.api.IcInstance;
import io.diode.pocketic.embedded.management.TestCandid;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A canister snapshot holds what the replica's {@code CanisterSnapshot} holds — module, main memory and globals, stable
 * memory, certified data, global timer, chunk store — and loading it brings all of them back, the module included.
 */
class CanisterSnapshotContentsTest {

    private static IcInstance ic;

    @BeforeAll
    static void createInstance() {
        ic = EmbeddedIc.create();
    }

    @AfterAll
    static void close() {
        ic.close();
    }

    @Test
    void loadingASnapshotRestoresEveryPartOfTheExecutionStateAndTheChunkStore() {
        Principal canister = TestIc.createCanister(ic, USER, new BigInteger("100000000000000"));
        TestIc.reply(TestIc.installCode(ic, USER, canister, "install", ProbeCanister.module('A'), new byte[0]));
        TestIc.reply(ProbeCanister.write(ic, canister, "kept"));
        upload(canister, new byte[] {1, 2, 3});
        byte[] stable = ic.stableMemory(canister);
        byte[] snapshotId = take(canister);

        TestIc.reply(ProbeCanister.write(ic, canister, "changed"));
        upload(canister, new byte[] {4});
        TestIc.reply(TestIc.installCode(ic, USER, canister, "upgrade-default", ProbeCanister.module('B'), new byte[0]));
        canister(canister).setGlobalTimer(9_999);
        assertThat(ProbeCanister.read(ic, canister).marker()).isEqualTo('B');

        TestIc.reply(load(canister, snapshotId));

        ProbeCanister.State state = ProbeCanister.read(ic, canister);
        assertThat(state.marker()).as("the module the snapshot was taken with").isEqualTo('A');
        assertThat(state.global()).isEqualTo(1);
        assertThat(state.lastArgument()).isEqualTo(ProbeCanister.padded("kept"));
        assertThat(ic.stableMemory(canister)).isEqualTo(stable);
        assertThat(ic.certifiedData(canister)).isEqualTo("kept".getBytes());
        assertThat(canister(canister).globalTimer()).isEqualTo(1_000);
        assertThat(canister(canister).chunkStore().hashes()).containsExactly(Sha256.of(new byte[] {1, 2, 3}));
        assertThat(ic.moduleHash(canister)).contains(Sha256.of(ProbeCanister.module('A')));
    }

    private static Canister canister(Principal id) {
        return ((EmbeddedIc) ic).subnetState().canister(id);
    }

    private static void upload(Principal canister, byte[] chunk) {
        TestIc.reply(call(
                "upload_chunk",
                TestCandid.encode(
                        ManagementCandidTypes.UPLOAD_CHUNK_ARGS, Map.of("canister_id", canister, "chunk", chunk)),
                canister));
    }

    private static byte[] take(Principal canister) {
        Map<String, Object> args = new HashMap<>();
        args.put("canister_id", canister);
        args.put("replace_snapshot", Optional.empty());
        args.put("uninstall_code", Optional.empty());
        args.put("sender_canister_version", Optional.empty());
        CallResult taken = call(
                "take_canister_snapshot",
                TestCandid.encode(ManagementCandidTypes.TAKE_CANISTER_SNAPSHOT_ARGS, args),
                canister);
        return TestCandid.firstArgument(TestIc.reply(taken)).field("id").blob();
    }

    private static CallResult load(Principal canister, byte[] snapshotId) {
        Map<String, Object> args = new HashMap<>();
        args.put("canister_id", canister);
        args.put("snapshot_id", snapshotId);
        args.put("sender_canister_version", Optional.empty());
        return call(
                "load_canister_snapshot",
                TestCandid.encode(ManagementCandidTypes.LOAD_CANISTER_SNAPSHOT_ARGS, args),
                canister);
    }

    private static CallResult call(String method, byte[] argument, Principal canister) {
        return ic.awaitIngress(ic.submitIngress(USER, IcInstance.MANAGEMENT_CANISTER, method, argument, canister));
    }
}
