package io.diode.pocketic.embedded.engine;

import static io.diode.pocketic.embedded.engine.TestIc.MALLORY;
import static io.diode.pocketic.embedded.engine.TestIc.USER;
import static org.assertj.core.api.Assertions.assertThat;

import io.diode.candid.IdlType;
import io.diode.candid.VariantValue;
import io.diode.ic.Sha256;
import io.diode.ic.management.ManagementCandidTypes;
import io.diode.pocketic.embedded.api.CallResult;
import io.diode.pocketic.embedded.api.IcInstance;
import io.diode.pocketic.embedded.management.TestCandid;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * install_code and install_chunked_code with hand-written modules: a failed install, reinstall or upgrade leaves the
 * canister exactly as it was; an upgrade keeps stable memory and certified data and starts a new instance; the chunk
 * store's limits and texts are the replica's.
 */
class CodeInstallationTest {

    private static final byte[] V1 = ProbeCanister.module('A');
    private static final byte[] V2 = ProbeCanister.module('B');

    private static IcInstance ic;

    @BeforeAll
    static void createInstance() {
        ic = EmbeddedIc.create();
    }

    @AfterAll
    static void close() {
        ic.close();
    }

    /** A canister running V1 whose one update stored "kept". */
    private static Principal probe() {
        Principal canister = TestIc.createCanister(ic, USER, new BigInteger("100000000000000"));
        TestIc.reply(TestIc.installCode(ic, USER, canister, "install", V1, new byte[0]));
        TestIc.reply(ProbeCanister.write(ic, canister, "kept"));
        return canister;
    }

    private static Canister state(Principal canister) {
        return ((EmbeddedIc) ic).subnetState().canister(canister);
    }

    @Test
    void aReinstallWhoseInitTrapsLeavesTheOldModuleAndState() {
        Principal canister = probe();
        long version = state(canister).version();
        byte[] stable = ic.stableMemory(canister);
        BigInteger cycles = ic.cycleBalance(canister);

        CallResult.Reject failed = TestIc.reject(
                TestIc.installCode(ic, USER, canister, "reinstall", V2, ProbeCanister.TRAPPING_HOOK_ARGUMENT));

        assertThat(cycles.subtract(ic.cycleBalance(canister)))
                .as("the failed install's execution is charged")
                .isPositive()
                .isLessThan(BigInteger.valueOf(1_000_000_000L));
        assertThat(failed.errorCode()).isEqualTo("IC0503");
        assertThat(failed.message()).startsWith("Error from Canister " + canister + ": Canister called `ic0.trap`");
        assertUnchanged(canister, version, stable);
    }

    @Test
    void anUpgradeWhosePostUpgradeTrapsLeavesTheOldModuleAndStateUndoingPreUpgrade() {
        Principal canister = probe();
        long version = state(canister).version();
        byte[] stable = ic.stableMemory(canister);

        CallResult.Reject failed = TestIc.reject(
                TestIc.installCode(ic, USER, canister, "upgrade-default", V2, ProbeCanister.TRAPPING_HOOK_ARGUMENT));

        assertThat(failed.errorCode()).isEqualTo("IC0503");
        assertUnchanged(canister, version, stable);
    }

    private static void assertUnchanged(Principal canister, long version, byte[] stable) {
        ProbeCanister.State state = ProbeCanister.read(ic, canister);
        assertThat(state.marker()).as("the old module still runs").isEqualTo('A');
        assertThat(state.global()).isEqualTo(1);
        assertThat(state.lastArgument()).isEqualTo(ProbeCanister.padded("kept"));
        assertThat(ic.moduleHash(canister)).contains(Sha256.of(V1));
        assertThat(ic.stableMemory(canister)).isEqualTo(stable);
        assertThat(ic.certifiedData(canister)).isEqualTo("kept".getBytes());
        assertThat(state(canister).globalTimer()).isEqualTo(1_000);
        assertThat(state(canister).version()).isEqualTo(version);
        assertThat(TestIc.reply(ProbeCanister.write(ic, canister, "again")))
                .as("still answers")
                .isNotNull();
    }

    @Test
    void anUpgradeStartsANewInstanceKeepingStableMemoryAndCertifiedDataWithTheTimerOff() {
        Principal canister = probe();
        long version = state(canister).version();
        byte[] stable = ic.stableMemory(canister);

        TestIc.reply(TestIc.installCode(ic, USER, canister, "upgrade-default", V2, new byte[0]));

        ProbeCanister.State state = ProbeCanister.read(ic, canister);
        assertThat(state.marker()).isEqualTo('B');
        assertThat(state.global()).as("a new instance's global").isZero();
        assertThat(state.lastArgument()).as("a new instance's main memory").isEqualTo(new byte[32]);
        assertThat(ic.stableMemorySize(canister))
                .as("pre_upgrade grew it")
                .isEqualTo(stable.length + StableMemory.PAGE_SIZE);
        assertThat(java.util.Arrays.copyOf(ic.stableMemory(canister), stable.length))
                .isEqualTo(stable);
        assertThat(ic.certifiedData(canister)).isEqualTo("kept".getBytes());
        assertThat(state(canister).globalTimer()).isZero();
        assertThat(state(canister).version()).isEqualTo(version + 1);
    }

    @Test
    void installingOnACanisterThatHasCodeIsRefusedWithTheReplicasText() {
        Principal canister = probe();

        CallResult.Reject refused = TestIc.reject(TestIc.installCode(ic, USER, canister, "install", V2, new byte[0]));

        assertThat(refused.errorCode()).isEqualTo("IC0538");
        assertThat(refused.message())
                .isEqualTo("Canister " + canister + " cannot be installed because the canister is"
                        + " not empty. Try installing with mode='reinstall' instead.");
    }

    @Test
    void onlyControllersMayInstallUninstallOrUseTheChunkStore() {
        Principal canister = probe();

        assertNotController(
                TestIc.installCode(ic, MALLORY, canister, "reinstall", V2, new byte[0]), canister, "install_code");
        assertNotController(
                management(
                        MALLORY,
                        "uninstall_code",
                        ManagementCandidTypes.UNINSTALL_CODE_ARGS,
                        Map.of("canister_id", canister, "sender_canister_version", Optional.empty()),
                        canister),
                canister,
                "uninstall_code");
        assertNotController(uploadChunk(MALLORY, canister, new byte[] {1}), canister, "upload_chunk");
        for (String method : List.of(
                "stored_chunks",
                "clear_chunk_store",
                "start_canister",
                "stop_canister",
                "delete_canister",
                "canister_status")) {
            assertNotController(TestIc.management(ic, MALLORY, method, canister), canister, method);
        }
        assertThat(ProbeCanister.read(ic, canister).marker()).isEqualTo('A');
    }

    private static void assertNotController(CallResult result, Principal canister, String method) {
        CallResult.Reject refused = TestIc.reject(result);
        assertThat(refused.errorCode()).as(method).isEqualTo("IC0512");
        assertThat(refused.message())
                .as("the replica's ingress filter text")
                .isEqualTo("Only controllers of canister " + canister + " can call ic00 method " + method);
    }

    @Test
    void aChunkedInstallAssemblesTheStoredChunksInTheOrderGiven() {
        Principal canister = TestIc.createCanister(ic, USER, new BigInteger("100000000000000"));
        byte[] first = java.util.Arrays.copyOfRange(V1, 0, 40);
        byte[] second = java.util.Arrays.copyOfRange(V1, 40, V1.length);
        byte[] secondHash = uploadedHash(uploadChunk(USER, canister, second));
        byte[] firstHash = uploadedHash(uploadChunk(USER, canister, first));

        TestIc.reply(installChunked(canister, List.of(firstHash, secondHash), Sha256.of(V1)));

        assertThat(ProbeCanister.read(ic, canister).marker()).isEqualTo('A');
        assertThat(ic.moduleHash(canister)).contains(Sha256.of(V1));
    }

    @Test
    void aChunkedInstallWithAWrongModuleHashIsRefusedWithTheReplicasText() {
        Principal canister = TestIc.createCanister(ic, USER, new BigInteger("100000000000000"));
        byte[] hash = uploadedHash(uploadChunk(USER, canister, V1));
        byte[] wrong = new byte[32];

        CallResult.Reject refused = TestIc.reject(installChunked(canister, List.of(hash), wrong));

        assertThat(refused.errorCode()).isEqualTo("IC0504");
        assertThat(refused.message())
                .startsWith("Error from Wasm chunk store: Wasm module hash "
                        + rustDebug(Sha256.of(V1)) + " does not match given hash WasmHash(" + rustDebug(wrong)
                        + ").\nUse the `stored_chunks` API");
        assertThat(ic.moduleHash(canister)).isEmpty();
    }

    @Test
    void aChunkedInstallNamingAChunkTheStoreLacksIsRefusedWithTheReplicasText() {
        Principal canister = TestIc.createCanister(ic, USER, new BigInteger("100000000000000"));
        byte[] missing = Sha256.of(new byte[] {7});

        CallResult.Reject refused = TestIc.reject(installChunked(canister, List.of(missing), Sha256.of(V1)));

        assertThat(refused.message())
                .startsWith("Error from Wasm chunk store: Chunk hash " + rustDebug(missing) + " was not found.\n");
    }

    @Test
    void anOversizedChunkIsRefusedThroughTheManagementCanister() {
        Principal canister = TestIc.createCanister(ic, USER, new BigInteger("100000000000000"));

        CallResult.Reject refused = TestIc.reject(uploadChunk(USER, canister, new byte[WasmChunkStore.CHUNK_SIZE + 1]));

        assertThat(refused.errorCode()).isEqualTo("IC0504");
        assertThat(refused.message())
                .isEqualTo(
                        "Error from Wasm chunk store: Wasm chunk size 1048577 exceeds the"
                                + " maximum chunk size of 1048576.\nUse the `stored_chunks` API to check which hashes are present or top"
                                + " up the canister if it is low on cycles. See documentation:"
                                + " http://internetcomputer.org/docs/current/references/execution-errors#wasm-chunk-store-error");
    }

    private static CallResult uploadChunk(Principal sender, Principal canister, byte[] chunk) {
        return management(
                sender,
                "upload_chunk",
                ManagementCandidTypes.UPLOAD_CHUNK_ARGS,
                Map.of("canister_id", canister, "chunk", chunk),
                canister);
    }

    private static byte[] uploadedHash(CallResult result) {
        return TestCandid.firstArgument(TestIc.reply(result)).field("hash").blob();
    }

    private static CallResult installChunked(Principal canister, List<byte[]> hashes, byte[] moduleHash) {
        Map<String, Object> args = new HashMap<>();
        args.put("mode", VariantValue.of("install"));
        args.put("target_canister", canister);
        args.put("store_canister", Optional.empty());
        args.put(
                "chunk_hashes_list",
                hashes.stream().map(hash -> Map.of("hash", hash)).toList());
        args.put("wasm_module_hash", moduleHash);
        args.put("arg", new byte[0]);
        args.put("sender_canister_version", Optional.empty());
        return management(
                USER, "install_chunked_code", ManagementCandidTypes.INSTALL_CHUNKED_CODE_ARGS, args, canister);
    }

    private static CallResult management(
            Principal sender, String method, IdlType type, Map<String, Object> args, Principal canister) {
        return ic.awaitIngress(ic.submitIngress(
                sender, IcInstance.MANAGEMENT_CANISTER, method, TestCandid.encode(type, args), canister));
    }

    /** Bytes as Rust's {@code {:?}} prints them, as the replica's texts show hashes. */
    static String rustDebug(byte[] bytes) {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < bytes.length; i++) {
            text.append(i == 0 ? "" : ", ").append(bytes[i] & 0xFF);
        }
        return text.append(']').toString();
    }
}
