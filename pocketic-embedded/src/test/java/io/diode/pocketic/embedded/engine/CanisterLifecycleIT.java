package io.diode.pocketic.embedded.engine;

import static io.diode.pocketic.embedded.engine.TestIc.ALICE;
import static io.diode.pocketic.embedded.engine.TestIc.USER;
import static io.diode.pocketic.embedded.engine.TestIc.candid;
import static io.diode.pocketic.embedded.engine.TestIc.nat;
import static io.diode.pocketic.embedded.engine.TestIc.noArgs;
import static io.diode.pocketic.embedded.engine.TestIc.reject;
import static io.diode.pocketic.embedded.engine.TestIc.reply;
import static org.assertj.core.api.Assertions.assertThat;

import io.diode.candid.VariantValue;
import io.diode.ic.management.ManagementCandidTypes;
import io.diode.pocketic.embedded.api.CallResult;
import io.diode.pocketic.embedded.api.IcInstance;
import io.diode.pocketic.embedded.management.TestCandid;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The management canister's lifecycle operations on a real canister. */
class CanisterLifecycleIT {

    private IcInstance ic;
    private Principal counter;

    @BeforeEach
    void deploy() {
        ic = EmbeddedIc.create();
        counter = TestIc.deploy(ic, "counter", candid(BigInteger.valueOf(5)));
    }

    @AfterEach
    void close() {
        ic.close();
    }

    private TestCandid.Value status() {
        return TestCandid.firstArgument(reply(TestIc.management(ic, USER, "canister_status", counter)));
    }

    @Test
    void statusReportsModuleHashControllersAndMemory() throws Exception {
        TestCandid.Value status = status();
        byte[] expectedHash = MessageDigest.getInstance("SHA-256").digest(MotokoCanisters.wasm("counter"));
        assertThat(status.optionalField("module_hash", TestCandid.Value::blob))
                .hasValueSatisfying(hash -> assertThat(hash).isEqualTo(expectedHash));
        assertThat(status.field("settings").field("controllers").vec(TestCandid.Value::principal))
                .containsExactly(USER);
        assertThat(status.field("memory_size").nat()).isPositive();
        assertThat(status.field("cycles").nat()).isPositive();
    }

    @Test
    void reinstallResetsStateAndUninstallEmptiesTheCanister() {
        ic.updateCall(USER, counter, "inc", noArgs());
        assertThat(TestIc.installCode(
                        ic, USER, counter, "reinstall", MotokoCanisters.wasm("counter"), candid(BigInteger.ONE)))
                .isInstanceOf(CallResult.Reply.class);
        assertThat(nat(ic.query(USER, counter, "get", noArgs()))).isEqualTo(1);
        assertThat(reject(TestIc.installCode(
                                ic, USER, counter, "install", MotokoCanisters.wasm("counter"), candid(BigInteger.ONE)))
                        .message())
                .contains("not empty");

        assertThat(TestIc.management(ic, USER, "uninstall_code", counter)).isInstanceOf(CallResult.Reply.class);
        assertThat(reject(ic.updateCall(USER, counter, "inc", noArgs())).errorCode())
                .isEqualTo("IC0537");
        assertThat(status().optionalField("module_hash", TestCandid.Value::blob))
                .isEmpty();
    }

    @Test
    void upgradeOfAnEopCanisterNeedsTheMemoryOptionAndReplaceStartsAfresh() {
        CallResult.Reject rejected = reject(TestIc.installCode(
                ic, USER, counter, "upgrade-default", MotokoCanisters.wasm("counter"), candid(BigInteger.ZERO)));
        assertThat(rejected.errorCode()).isEqualTo("IC0504");
        assertThat(rejected.message()).contains("requires the `wasm_memory_persistence` upgrade option");
        assertThat(nat(ic.query(USER, counter, "get", noArgs()))).isEqualTo(5);

        // replace: main memory is discarded, so the actor is initialised again from the argument
        assertThat(TestIc.installCode(
                        ic,
                        USER,
                        counter,
                        "upgrade-replace",
                        MotokoCanisters.wasm("counter"),
                        candid(BigInteger.valueOf(7))))
                .isInstanceOf(CallResult.Reply.class);
        assertThat(nat(ic.query(USER, counter, "get", noArgs()))).isEqualTo(7);
    }

    @Test
    void stopThenDelete() {
        assertThat(reject(TestIc.management(ic, USER, "delete_canister", counter))
                        .errorCode())
                .isEqualTo("IC0510");
        assertThat(TestIc.management(ic, USER, "stop_canister", counter)).isInstanceOf(CallResult.Reply.class);
        assertThat(TestIc.management(ic, USER, "delete_canister", counter)).isInstanceOf(CallResult.Reply.class);
        assertThat(ic.canisters()).doesNotContain(counter);
        assertThat(reject(ic.updateCall(USER, counter, "inc", noArgs())).errorCode())
                .isEqualTo("IC0301");
    }

    @Test
    void updateSettingsChangesControllers() {
        TestIc.updateSettings(ic, counter, "controllers", List.of(ALICE));
        assertThat(ic.controllers(counter)).containsExactly(ALICE);
        assertThat(reject(TestIc.management(ic, USER, "canister_status", counter))
                        .errorCode())
                .isEqualTo("IC0512");
    }

    @Test
    void chunkedInstall() throws Exception {
        byte[] wasm = MotokoCanisters.wasm("counter");
        Principal target = TestIc.createCanister(ic, USER, BigInteger.TEN.pow(13));
        List<Map<String, Object>> hashes = new java.util.ArrayList<>();
        for (int offset = 0; offset < wasm.length; offset += 100_000) {
            byte[] chunk = Arrays.copyOfRange(wasm, offset, Math.min(wasm.length, offset + 100_000));
            CallResult uploaded = ic.awaitIngress(ic.submitIngress(
                    USER,
                    IcInstance.MANAGEMENT_CANISTER,
                    "upload_chunk",
                    TestCandid.encode(
                            ManagementCandidTypes.UPLOAD_CHUNK_ARGS, Map.of("canister_id", target, "chunk", chunk)),
                    target));
            hashes.add(Map.of(
                    "hash",
                    TestCandid.firstArgument(reply(uploaded)).field("hash").blob()));
        }
        Map<String, Object> args = new HashMap<>();
        args.put("mode", VariantValue.of("install"));
        args.put("target_canister", target);
        args.put("store_canister", Optional.empty());
        args.put("chunk_hashes_list", hashes);
        args.put("wasm_module_hash", MessageDigest.getInstance("SHA-256").digest(wasm));
        args.put("arg", candid(BigInteger.valueOf(77)));
        args.put("sender_canister_version", Optional.empty());
        CallResult installed = ic.awaitIngress(ic.submitIngress(
                USER,
                IcInstance.MANAGEMENT_CANISTER,
                "install_chunked_code",
                TestCandid.encode(ManagementCandidTypes.INSTALL_CHUNKED_CODE_ARGS, args),
                target));
        assertThat(installed).isInstanceOf(CallResult.Reply.class);
        assertThat(nat(ic.query(USER, target, "get", noArgs()))).isEqualTo(77);
    }

    @Test
    void stableMemoryBackDoorAndTopUp() {
        ic.setStableMemory(counter, new byte[] {1, 2, 3});
        byte[] stable = ic.stableMemory(counter);
        assertThat(stable).hasSize(65_536);
        assertThat(Arrays.copyOf(stable, 3)).containsExactly(1, 2, 3);
        BigInteger before = ic.cycleBalance(counter);
        assertThat(ic.addCycles(counter, BigInteger.TEN)).isEqualTo(before.add(BigInteger.TEN));
    }
}
