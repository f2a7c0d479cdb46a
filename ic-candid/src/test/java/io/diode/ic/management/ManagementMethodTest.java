package io.diode.ic.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diode.candid.CandidDecoder;
import io.diode.candid.CandidEncoder;
import io.diode.candid.CandidException;
import io.diode.candid.IdlType;
import io.diode.candid.Label;
import io.diode.candid.Principal;
import io.diode.candid.VariantValue;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ManagementMethodTest {

    private static final Principal CANISTER = Principal.fromText("rwlgt-iiaaa-aaaaa-aaaaa-cai");
    private static final Principal ALICE = Principal.fromBytes(new byte[] {1, 2, 3});

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asIcDid(ManagementMethod<?, ?> method, byte[] message) {
        return (Map<String, Object>)
                CandidDecoder.decode(message, List.of(method.argumentType())).getFirst();
    }

    @Test
    void anUpgradeThatKeepsMainMemoryIsTheUpgradeCaseOfTheFullInstallModeVariant() {
        CanisterInstallMode mode = new CanisterInstallMode.Upgrade(Optional.of(new CanisterInstallMode.UpgradeFlags(
                Optional.of(true), Optional.of(CanisterInstallMode.WasmMemoryPersistence.KEEP))));
        byte[] message = ManagementMethod.INSTALL_CODE.encodeArgument(
                new InstallCodeArgs(mode, CANISTER, new byte[] {0, 'a', 's', 'm'}, new byte[] {9}, Optional.empty()));

        Map<String, Object> argument = asIcDid(ManagementMethod.INSTALL_CODE, message);
        assertThat(argument.get("canister_id")).isEqualTo(CANISTER);
        VariantValue upgrade = (VariantValue) argument.get("mode");
        assertThat(upgrade.label()).isEqualTo("upgrade");
        @SuppressWarnings("unchecked")
        Map<String, Object> flags = ((Optional<Map<String, Object>>) upgrade.value()).orElseThrow();
        assertThat(flags)
                .containsEntry("skip_pre_upgrade", Optional.of(true))
                .containsEntry("wasm_memory_persistence", Optional.of(VariantValue.of("keep")));
        // the variant is written with all of ic.did's cases, so its index is the real one (ic4j wrote 0 for every case)
        IdlType.Record wire =
                (IdlType.Record) CandidDecoder.argumentTypes(message).getFirst().resolve();
        assertThat(((IdlType.Variant) wire.field(Label.hash("mode")).type().resolve()).cases())
                .hasSize(3);
    }

    @Test
    void chunkedInstallAndSettingsEncodeEveryFieldTheyCarry() {
        byte[] chunked = ManagementMethod.INSTALL_CHUNKED_CODE.encodeArgument(new InstallChunkedCodeArgs(
                CanisterInstallMode.REINSTALL,
                CANISTER,
                Optional.empty(),
                List.of(new ChunkHash(new byte[] {1}), new ChunkHash(new byte[] {2})),
                new byte[] {3},
                new byte[0],
                Optional.empty()));
        Map<String, Object> argument = asIcDid(ManagementMethod.INSTALL_CHUNKED_CODE, chunked);
        assertThat(argument.get("mode")).isEqualTo(VariantValue.of("reinstall"));
        assertThat((List<?>) argument.get("chunk_hashes_list")).hasSize(2);

        CanisterSettings settings = new CanisterSettings(
                Optional.of(List.of(ALICE)),
                Optional.empty(),
                Optional.empty(),
                Optional.of(BigInteger.valueOf(3600)),
                Optional.empty(),
                Optional.of(new LogVisibility.AllowedViewers(List.of(ALICE))),
                Optional.empty(),
                Optional.empty(),
                Optional.of(List.of(new CanisterSettings.EnvironmentVariable("ZONE", "eu"))));
        byte[] created = ManagementMethod.PROVISIONAL_CREATE_CANISTER_WITH_CYCLES.encodeArgument(
                new ProvisionalCreateCanisterArgs(
                        Optional.of(BigInteger.TEN), Optional.of(settings), Optional.empty(), Optional.empty()));
        @SuppressWarnings("unchecked")
        Map<String, Object> sent = ((Optional<Map<String, Object>>)
                        asIcDid(ManagementMethod.PROVISIONAL_CREATE_CANISTER_WITH_CYCLES, created)
                                .get("settings"))
                .orElseThrow();
        assertThat(sent)
                .containsEntry("freezing_threshold", Optional.of(BigInteger.valueOf(3600)))
                .containsEntry("log_visibility", Optional.of(new VariantValue("allowed_viewers", List.of(ALICE))))
                .containsEntry("compute_allocation", Optional.empty());
    }

    @Test
    void canisterStatusReadsTheFieldsTheToolkitUsesFromOlderAndNewerIcs() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("controllers", List.of(ALICE));
        for (String nat : List.of(
                "compute_allocation",
                "memory_allocation",
                "freezing_threshold",
                "reserved_cycles_limit",
                "wasm_memory_limit",
                "wasm_memory_threshold")) {
            settings.put(nat, BigInteger.valueOf(nat.length()));
        }
        settings.put("log_visibility", VariantValue.of("public"));
        settings.put("environment_variables", List.of());
        Map<String, Object> metrics = new LinkedHashMap<>();
        for (String nat : List.of(
                "wasm_memory_size",
                "stable_memory_size",
                "global_memory_size",
                "wasm_binary_size",
                "custom_sections_size",
                "canister_history_size",
                "wasm_chunk_store_size",
                "snapshots_size")) {
            metrics.put(nat, BigInteger.ONE);
        }
        Map<String, Object> stats = Map.of(
                "num_calls_total",
                BigInteger.ZERO,
                "num_instructions_total",
                BigInteger.ZERO,
                "request_payload_bytes_total",
                BigInteger.ZERO,
                "response_payload_bytes_total",
                BigInteger.ZERO);
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("status", VariantValue.of("stopping"));
        status.put("ready_for_migration", false);
        status.put("version", 7L);
        status.put("settings", settings);
        status.put("module_hash", Optional.of(new byte[] {4, 2}));
        status.put("memory_size", BigInteger.valueOf(8));
        status.put("memory_metrics", metrics);
        status.put("cycles", BigInteger.valueOf(99));
        status.put("reserved_cycles", BigInteger.ZERO);
        status.put("idle_cycles_burned_per_day", BigInteger.TWO);
        status.put("query_stats", stats);
        byte[] reply = CandidEncoder.encode(ManagementCandidTypes.CANISTER_STATUS_RESULT, status);

        CanisterStatusResult result = ManagementMethod.CANISTER_STATUS.decodeResult(reply);
        assertThat(result.status()).isEqualTo(CanisterStatusResult.Status.STOPPING);
        assertThat(result.settings().controllers()).containsExactly(ALICE);
        assertThat(result.settings().freezingThreshold()).isEqualTo(BigInteger.valueOf("freezing_threshold".length()));
        assertThat(result.moduleHash())
                .hasValueSatisfying(hash -> assertThat(hash).containsExactly(4, 2));
        assertThat(result.cycles()).isEqualTo(99);

        // an older IC's reply, without the fields added since (version, memory_metrics, …), reads the same
        status.keySet()
                .removeAll(
                        List.of("ready_for_migration", "version", "memory_metrics", "query_stats", "reserved_cycles"));
        settings.keySet().retainAll(List.of("controllers", "freezing_threshold"));
        IdlType older =
                ManagementMethod.narrowed(ManagementCandidTypes.CANISTER_STATUS_RESULT, CanisterStatusResult.class);
        assertThat(ManagementMethod.CANISTER_STATUS
                        .decodeResult(CandidEncoder.encode(older, status))
                        .cycles())
                .isEqualTo(99);
    }

    @Test
    void repliesThatDoNotFitTheResultTypeNameTheMethodAndTheField() {
        assertThatThrownBy(() -> ManagementMethod.UPLOAD_CHUNK.decodeResult(CandidEncoder.encode(
                        ManagementCandidTypes.CANISTER_ID_RECORD, Map.of("canister_id", CANISTER))))
                .isInstanceOf(CandidException.class)
                .hasMessageContaining("the reply of management method upload_chunk")
                .hasMessageContaining("missing field hash");
        assertThatThrownBy(() -> ManagementMethod.LIST_CANISTER_SNAPSHOTS.decodeResult(new byte[] {1, 2}))
                .hasMessageContaining("list_canister_snapshots")
                .hasMessageContaining("DIDL");
        assertThat(ManagementMethod.LIST_CANISTER_SNAPSHOTS.decodeResult(CandidEncoder.encode(
                        ManagementCandidTypes.LIST_CANISTER_SNAPSHOTS_RESULT,
                        List.of(Map.of("id", new byte[] {1}, "taken_at_timestamp", 5L, "total_size", 6L)))))
                .singleElement()
                .satisfies(snapshot -> assertThat(snapshot.totalSize()).isEqualTo(6));
    }

    @Test
    void mismatchesNameTheDeepestFieldThatDoesNotFit() {
        assertThatThrownBy(() -> CandidDecoder.decode(
                        CandidEncoder.encode(
                                io.diode.candid.IdlType.record(io.diode.candid.IdlType.field(
                                        "canister_id", io.diode.candid.IdlType.Primitive.TEXT)),
                                Map.of("canister_id", "x")),
                        List.of(ManagementCandidTypes.CANISTER_ID_RECORD)))
                .hasMessageContaining("argument 0.canister_id: expected a principal, got text");
        assertThatThrownBy(() ->
                        CandidDecoder.decode(CandidEncoder.empty(), List.of(ManagementCandidTypes.CANISTER_ID_RECORD)))
                .hasMessageContaining("expected one argument, got none");
    }
}
