package io.diode.pocketic.embedded.management;

import static org.assertj.core.api.Assertions.assertThat;

import io.diode.candid.IdlType;
import io.diode.candid.VariantValue;
import io.diode.ic.management.ManagementCandidTypes;
import io.diode.pocketic.embedded.api.HttpHeader;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ic4j.types.Func;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Arguments written with the {@code ic.did} types of {@link ManagementCandidTypes} decode to what was written:
 * the type definitions and the decoder agree on every field name and shape.
 */
class ManagementRoundTripTest {

    private static final Principal CANISTER = Principal.fromString("rrkah-fqaaa-aaaaa-aaaaq-cai");
    private static final Principal OTHER = Principal.fromString("ryjl3-tyaaa-aaaaa-aaaba-cai");

    private static Map<String, Object> settings(Optional<VariantValue> logVisibility) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("controllers", Optional.of(List.of(CANISTER, OTHER)));
        settings.put("compute_allocation", Optional.of(BigInteger.ONE));
        settings.put("memory_allocation", Optional.of(BigInteger.TWO));
        settings.put("freezing_threshold", Optional.of(BigInteger.valueOf(3)));
        settings.put("reserved_cycles_limit", Optional.of(BigInteger.valueOf(4)));
        settings.put("log_visibility", logVisibility);
        settings.put("wasm_memory_limit", Optional.of(BigInteger.valueOf(5)));
        settings.put("wasm_memory_threshold", Optional.of(BigInteger.valueOf(6)));
        settings.put("environment_variables", Optional.of(List.of(Map.of("name", "A", "value", "1"))));
        return settings;
    }

    @Test
    void updateSettingsWithEveryLogVisibility() {
        Map<VariantValue, LogVisibility> cases = Map.of(
                VariantValue.of("controllers"),
                LogVisibility.CONTROLLERS,
                VariantValue.of("public"),
                LogVisibility.PUBLIC,
                new VariantValue("allowed_viewers", List.of(OTHER)),
                new LogVisibility.AllowedViewers(List.of(OTHER)));
        cases.forEach((written, expected) -> {
            byte[] candid = TestCandid.encode(
                    ManagementCandidTypes.UPDATE_SETTINGS_ARGS,
                    Map.of(
                            "canister_id",
                            CANISTER,
                            "settings",
                            settings(Optional.of(written)),
                            "sender_canister_version",
                            Optional.of(9L)));

            UpdateSettingsArgs args = ManagementArgumentDecoder.updateSettings(candid);

            assertThat(args)
                    .isEqualTo(new UpdateSettingsArgs(
                            CANISTER,
                            new CanisterSettings(
                                    List.of(CANISTER, OTHER),
                                    BigInteger.ONE,
                                    BigInteger.TWO,
                                    BigInteger.valueOf(3),
                                    BigInteger.valueOf(4),
                                    expected,
                                    BigInteger.valueOf(5),
                                    BigInteger.valueOf(6),
                                    List.of(new EnvironmentVariable("A", "1"))),
                            9L));
        });
    }

    @Test
    void provisionalCreateWithoutAmountAndWithSettings() {
        byte[] candid = TestCandid.encode(
                ManagementCandidTypes.PROVISIONAL_CREATE_CANISTER_WITH_CYCLES_ARGS,
                Map.of(
                        "amount",
                        Optional.empty(),
                        "settings",
                        Optional.of(settings(Optional.empty())),
                        "specified_id",
                        Optional.empty(),
                        "sender_canister_version",
                        Optional.empty()));

        ProvisionalCreateCanisterArgs args = ManagementArgumentDecoder.provisionalCreateCanisterWithCycles(candid);

        assertThat(args.amount()).isNull();
        assertThat(args.specifiedId()).isNull();
        assertThat(args.settings().controllers()).containsExactly(CANISTER, OTHER);
        assertThat(args.settings().logVisibility()).isNull();
    }

    @Test
    void installChunkedCodeWithoutStoreCanisterUsesTheTarget() {
        byte[] candid = TestCandid.encode(
                ManagementCandidTypes.INSTALL_CHUNKED_CODE_ARGS,
                Map.of(
                        "mode",
                        VariantValue.of("reinstall"),
                        "target_canister",
                        CANISTER,
                        "store_canister",
                        Optional.empty(),
                        "chunk_hashes_list",
                        List.of(),
                        "wasm_module_hash",
                        new byte[32],
                        "arg",
                        new byte[0],
                        "sender_canister_version",
                        Optional.empty()));

        InstallChunkedCodeArgs args = ManagementArgumentDecoder.installChunkedCode(candid);

        assertThat(args.mode()).isEqualTo(CanisterInstallMode.REINSTALL);
        assertThat(args.effectiveStoreCanister()).isEqualTo(CANISTER);
        assertThat(args.chunkHashes()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(HttpMethod.class)
    void httpRequestInEveryMethod(HttpMethod method) {
        byte[] candid = TestCandid.encode(
                ManagementCandidTypes.HTTP_REQUEST_ARGS,
                Map.of(
                        "url",
                        "https://x.io",
                        "max_response_bytes",
                        Optional.of(-1L),
                        "method",
                        VariantValue.of(method.candidName()),
                        "headers",
                        List.of(Map.of("name", "h", "value", "v")),
                        "body",
                        Optional.empty(),
                        "transform",
                        Optional.of(Map.of("function", new Func(CANISTER, "shape"), "context", new byte[] {1})),
                        "is_replicated",
                        Optional.of(true),
                        "pricing_version",
                        Optional.empty()));

        HttpRequestArgs args = ManagementArgumentDecoder.httpRequest(candid);

        assertThat(args.method()).isEqualTo(method);
        assertThat(Long.toUnsignedString(args.maxResponseBytes())).isEqualTo("18446744073709551615");
        assertThat(args.headers()).containsExactly(new HttpHeader("h", "v"));
        assertThat(args.body()).isNull();
        assertThat(args.transform().canister()).isEqualTo(CANISTER);
        assertThat(args.transform().method()).isEqualTo("shape");
        assertThat(args.isReplicated()).isTrue();
    }

    @Test
    void aLargeModuleSurvivesIntact() {
        byte[] module = new byte[3 * 1024 * 1024 + 17];
        new java.util.Random(7).nextBytes(module);
        byte[] candid = TestCandid.encode(
                ManagementCandidTypes.INSTALL_CODE_ARGS,
                Map.of(
                        "mode",
                        new VariantValue("upgrade", Optional.empty()),
                        "canister_id",
                        CANISTER,
                        "wasm_module",
                        module,
                        "arg",
                        new byte[] {1},
                        "sender_canister_version",
                        Optional.empty()));

        InstallCodeArgs args = ManagementArgumentDecoder.installCode(candid);

        assertThat(args.wasmModule()).isEqualTo(module);
        assertThat(args.mode()).isEqualTo(CanisterInstallMode.Upgrade.DEFAULT);
    }

    @Test
    void anUnknownSettingsFieldOfAFutureSpecificationIsIgnored() {
        IdlType futureSettings = IdlType.record(
                IdlType.field("controllers", IdlType.opt(IdlType.vec(IdlType.Primitive.PRINCIPAL))),
                IdlType.field(
                        "snapshot_visibility",
                        IdlType.opt(IdlType.variant(IdlType.field("controllers", IdlType.Primitive.NULL)))));
        byte[] candid = TestCandid.encode(
                IdlType.record(IdlType.field("settings", IdlType.opt(futureSettings))),
                Map.of(
                        "settings",
                        Optional.of(Map.of(
                                "controllers",
                                Optional.of(List.of(OTHER)),
                                "snapshot_visibility",
                                Optional.of(VariantValue.of("controllers"))))));

        CreateCanisterArgs args = ManagementArgumentDecoder.createCanister(candid);

        assertThat(args.settings().controllers()).containsExactly(OTHER);
        assertThat(args.senderCanisterVersion()).isNull();
    }
}
