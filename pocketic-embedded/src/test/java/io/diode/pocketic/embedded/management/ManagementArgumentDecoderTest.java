package io.diode.pocketic.embedded.management;

import static io.diode.pocketic.embedded.management.CandidFixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diode.pocketic.embedded.api.HttpHeader;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.Test;

/** Decodes reference messages written by {@code @dfinity/candid}; see {@code candid-fixtures/generate.mjs}. */
class ManagementArgumentDecoderTest {

    private static final Principal ANONYMOUS = Principal.fromString("2vxsx-fae");
    private static final Principal CANISTER = Principal.fromString("rrkah-fqaaa-aaaaa-aaaaq-cai");
    private static final Principal OTHER = Principal.fromString("ryjl3-tyaaa-aaaaa-aaaba-cai");
    private static final byte[] WASM_HEADER = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};

    @Test
    void createCanisterWithEverySetting() {
        CreateCanisterArgs args = ManagementArgumentDecoder.createCanister(fixture("create_canister_full"));

        CanisterSettings settings = args.settings();
        assertThat(settings.controllers()).containsExactly(CANISTER, ANONYMOUS);
        assertThat(settings.computeAllocation()).isEqualTo(50);
        assertThat(settings.memoryAllocation()).isEqualTo(1_000_000);
        assertThat(settings.freezingThreshold()).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(settings.reservedCyclesLimit()).isZero();
        assertThat(settings.logVisibility()).isEqualTo(new LogVisibility.AllowedViewers(List.of(OTHER)));
        assertThat(settings.wasmMemoryLimit()).isEqualTo(4_294_967_296L);
        assertThat(settings.wasmMemoryThreshold()).isEqualTo(1024);
        assertThat(settings.environmentVariables()).containsExactly(new EnvironmentVariable("ZONE", "eu-1"));
        assertThat(Long.toUnsignedString(args.senderCanisterVersion())).isEqualTo("18446744073709551615");
    }

    @Test
    void createCanisterWithoutSettings() {
        CreateCanisterArgs args = ManagementArgumentDecoder.createCanister(fixture("create_canister_no_settings"));

        assertThat(args.settings()).isEqualTo(CanisterSettings.NONE);
        assertThat(args.senderCanisterVersion()).isNull();
    }

    @Test
    void olderClientsFieldsMissingExtraFieldsAndExtraArgumentsAreTolerated() {
        CreateCanisterArgs args = ManagementArgumentDecoder.createCanister(fixture("create_canister_old_client"));

        assertThat(args.settings().controllers()).containsExactly(ANONYMOUS);
        assertThat(args.settings().freezingThreshold()).isNull();
        assertThat(args.settings().logVisibility()).isEqualTo(LogVisibility.PUBLIC);
        assertThat(args.settings().computeAllocation()).isNull();
        assertThat(args.settings().environmentVariables()).isNull();
    }

    @Test
    void illTypedOptionalFieldsDecodeAsAbsentAsCandidsOptRuleRequires() {
        CreateCanisterArgs args = ManagementArgumentDecoder.createCanister(fixture("create_canister_ill_typed_opts"));

        assertThat(args.settings().freezingThreshold()).isNull();
        assertThat(args.settings().computeAllocation()).isEqualTo(3);
        assertThat(args.senderCanisterVersion()).isNull();
    }

    @Test
    void provisionalCreateCanisterWithCycles() {
        ProvisionalCreateCanisterArgs args = ManagementArgumentDecoder.provisionalCreateCanisterWithCycles(
                fixture("provisional_create_canister_with_cycles"));

        assertThat(args.amount()).isEqualTo(BigInteger.TWO.pow(70));
        assertThat(args.settings()).isEqualTo(CanisterSettings.NONE);
        assertThat(args.specifiedId()).isEqualTo(CANISTER);
        assertThat(args.senderCanisterVersion()).isNull();
    }

    @Test
    void provisionalTopUp() {
        ProvisionalTopUpCanisterArgs args =
                ManagementArgumentDecoder.provisionalTopUpCanister(fixture("provisional_top_up_canister"));

        assertThat(args).isEqualTo(new ProvisionalTopUpCanisterArgs(CANISTER, BigInteger.valueOf(5_000_000_000_000L)));
    }

    @Test
    void anIntWhereANatIsRequiredIsRejected() {
        assertThatThrownBy(() -> ManagementArgumentDecoder.provisionalTopUpCanister(
                        fixture("provisional_top_up_canister_int_amount")))
                .isInstanceOf(InvalidManagementArgumentException.class)
                .hasMessageContaining("provisional_top_up_canister")
                .hasMessageContaining("amount: expected a nat, got int");
    }

    @Test
    void installCodeInEveryMode() {
        InstallCodeArgs install = ManagementArgumentDecoder.installCode(fixture("install_code_install"));
        assertThat(install.mode()).isEqualTo(CanisterInstallMode.INSTALL);
        assertThat(install.canisterId()).isEqualTo(CANISTER);
        assertThat(install.wasmModule()).isEqualTo(WASM_HEADER);
        assertThat(install.arg()).isEqualTo(new byte[] {'D', 'I', 'D', 'L', 0, 0});
        assertThat(install.senderCanisterVersion()).isNull();

        InstallCodeArgs reinstall = ManagementArgumentDecoder.installCode(fixture("install_code_reinstall"));
        assertThat(reinstall.mode()).isEqualTo(CanisterInstallMode.REINSTALL);
        assertThat(reinstall.arg()).isEmpty();
        assertThat(reinstall.senderCanisterVersion()).isEqualTo(3L);

        InstallCodeArgs upgrade = ManagementArgumentDecoder.installCode(fixture("install_code_upgrade_default"));
        assertThat(upgrade.mode()).isEqualTo(CanisterInstallMode.Upgrade.DEFAULT);

        InstallCodeArgs keep = ManagementArgumentDecoder.installCode(fixture("install_code_upgrade_keep"));
        CanisterInstallMode.Upgrade options = (CanisterInstallMode.Upgrade) keep.mode();
        assertThat(options.skipsPreUpgrade()).isTrue();
        assertThat(options.keepsWasmMemory()).isTrue();
        assertThat(keep.arg()).containsExactly(1, 2, 3);
    }

    @Test
    void legacyUpgradeWithoutOptionsIsAnUpgradeWithDefaults() {
        InstallCodeArgs legacy = ManagementArgumentDecoder.installCode(fixture("install_code_upgrade_legacy"));

        assertThat(legacy.mode()).isEqualTo(CanisterInstallMode.Upgrade.DEFAULT);
        assertThat(legacy.senderCanisterVersion()).isNull();
    }

    @Test
    void installCodeCarriesAModuleLargerThanOneLeb128Byte() {
        InstallCodeArgs args = ManagementArgumentDecoder.installCode(fixture("install_code_large_module"));

        byte[] expected = new byte[20_000];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (byte) i;
        }
        assertThat(args.wasmModule()).isEqualTo(expected);
    }

    @Test
    void aTextCanisterIdIsRejectedNamingTheField() {
        assertThatThrownBy(() -> ManagementArgumentDecoder.installCode(fixture("install_code_text_canister_id")))
                .isInstanceOf(InvalidManagementArgumentException.class)
                .hasMessageContaining("install_code")
                .hasMessageContaining("canister_id: expected a principal, got text")
                .extracting(e -> ((InvalidManagementArgumentException) e).method())
                .isEqualTo("install_code");
    }

    @Test
    void anUnknownInstallModeIsRejected() {
        assertThatThrownBy(() -> ManagementArgumentDecoder.installCode(fixture("install_code_unknown_mode")))
                .isInstanceOf(InvalidManagementArgumentException.class)
                .hasMessageContaining("mode: unknown variant case")
                .hasMessageContaining("[install, reinstall, upgrade]");
    }

    @Test
    void aMissingModuleIsRejected() {
        assertThatThrownBy(() -> ManagementArgumentDecoder.installCode(fixture("install_code_missing_module")))
                .isInstanceOf(InvalidManagementArgumentException.class)
                .hasMessageContaining("missing field wasm_module");
    }

    @Test
    void aModuleThatIsNotABlobIsRejected() {
        assertThatThrownBy(() -> ManagementArgumentDecoder.installCode(fixture("install_code_vec_nat16_module")))
                .isInstanceOf(InvalidManagementArgumentException.class)
                .hasMessageContaining("wasm_module: expected a blob (vec nat8), got vec nat16");
    }

    @Test
    void chunkedCodeMethods() {
        assertThat(ManagementArgumentDecoder.uploadChunk(fixture("upload_chunk")))
                .satisfies(args -> {
                    assertThat(args.canisterId()).isEqualTo(CANISTER);
                    assertThat(args.chunk()).containsExactly(9, 8, 7);
                });

        InstallChunkedCodeArgs chunked = ManagementArgumentDecoder.installChunkedCode(fixture("install_chunked_code"));
        assertThat(chunked.mode()).isEqualTo(new CanisterInstallMode.Upgrade(null, WasmMemoryPersistence.REPLACE));
        assertThat(chunked.targetCanister()).isEqualTo(CANISTER);
        assertThat(chunked.effectiveStoreCanister()).isEqualTo(OTHER);
        assertThat(chunked.chunkHashes()).containsExactly(new byte[] {1, 1}, new byte[] {2, 2});
        assertThat(chunked.wasmModuleHash()).containsExactly(3, 3);
        assertThat(chunked.arg()).containsExactly(4);

        assertThat(ManagementArgumentDecoder.canisterId("stored_chunks", fixture("canister_id_record")))
                .isEqualTo(new CanisterIdArgs(CANISTER));
    }

    @Test
    void canisterLifecycleMethods() {
        assertThat(ManagementArgumentDecoder.uninstallCode(fixture("uninstall_code")))
                .isEqualTo(new UninstallCodeArgs(CANISTER, 42L));
        for (String method : List.of(
                "canister_status",
                "start_canister",
                "stop_canister",
                "delete_canister",
                "deposit_cycles",
                "clear_chunk_store")) {
            assertThat(ManagementArgumentDecoder.canisterId(method, fixture("canister_id_record"))
                            .canisterId())
                    .isEqualTo(CANISTER);
        }
        assertThat(ManagementArgumentDecoder.canisterInfo(fixture("canister_info")))
                .isEqualTo(new CanisterInfoArgs(CANISTER, 10L));
        ManagementArgumentDecoder.rawRand(fixture("raw_rand_args"));
    }

    @Test
    void updateSettings() {
        UpdateSettingsArgs args = ManagementArgumentDecoder.updateSettings(fixture("update_settings"));

        assertThat(args.canisterId()).isEqualTo(CANISTER);
        assertThat(args.settings())
                .isEqualTo(new CanisterSettings(
                        null,
                        null,
                        null,
                        BigInteger.valueOf(86_400),
                        null,
                        LogVisibility.CONTROLLERS,
                        null,
                        null,
                        null));
    }

    @Test
    void httpRequestWithEveryField() {
        HttpRequestArgs args = ManagementArgumentDecoder.httpRequest(fixture("http_request_full"));

        assertThat(args.url()).isEqualTo("https://example.com/zones?id=1");
        assertThat(args.maxResponseBytes()).isEqualTo(2_000L);
        assertThat(args.method()).isEqualTo(HttpMethod.POST);
        assertThat(args.headers())
                .containsExactly(new HttpHeader("Content-Type", "application/json"), new HttpHeader("X-Zone", "é"));
        assertThat(args.body()).containsExactly('{', '}');
        assertThat(args.transform().canister()).isEqualTo(CANISTER);
        assertThat(args.transform().method()).isEqualTo("transform");
        assertThat(args.transform().context()).containsExactly(0xca, 0xfe);
        assertThat(args.isReplicated()).isFalse();
        assertThat(args.pricingVersion()).isEqualTo(2);
    }

    @Test
    void httpRequestWithOnlyTheRequiredFields() {
        HttpRequestArgs args = ManagementArgumentDecoder.httpRequest(fixture("http_request_minimal"));

        assertThat(args)
                .isEqualTo(new HttpRequestArgs(
                        "https://example.com/", null, HttpMethod.GET, List.of(), null, null, null, null));
    }

    @Test
    void transformResult() {
        HttpRequestResult result = ManagementArgumentDecoder.transformResult(fixture("http_request_result"));

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.headers()).containsExactly(new HttpHeader("content-length", "2"));
        assertThat(result.body()).containsExactly('o', 'k');
    }

    @Test
    void bytesThatAreNotCandidAreRejected() {
        assertThatThrownBy(() -> ManagementArgumentDecoder.canisterId("canister_status", "hello".getBytes()))
                .isInstanceOf(InvalidManagementArgumentException.class)
                .hasMessageContaining("canister_status")
                .hasMessageContaining("must start with the magic bytes \"DIDL\"");
        assertThatThrownBy(() -> ManagementArgumentDecoder.canisterId("canister_status", new byte[0]))
                .isInstanceOf(InvalidManagementArgumentException.class);
    }

    @Test
    void aTruncatedMessageIsRejected() {
        byte[] whole = fixture("install_code_install");
        for (int length = 4; length < whole.length; length++) {
            byte[] truncated = Arrays.copyOf(whole, length);
            assertThatThrownBy(() -> ManagementArgumentDecoder.installCode(truncated))
                    .as("truncated to %d of %d bytes", length, whole.length)
                    .isInstanceOf(InvalidManagementArgumentException.class)
                    .hasMessageContaining("install_code");
        }
    }

    @Test
    void noArgumentWhereARecordIsRequiredIsRejected() {
        assertThatThrownBy(() -> ManagementArgumentDecoder.createCanister(fixture("raw_rand_args")))
                .isInstanceOf(InvalidManagementArgumentException.class)
                .hasMessageContaining("expected one argument, got none");
    }

    @Test
    void aRecordOfTheWrongMethodIsRejected() {
        assertThatThrownBy(() -> ManagementArgumentDecoder.installCode(fixture("canister_id_record")))
                .isInstanceOf(InvalidManagementArgumentException.class)
                .hasMessageContaining("missing field mode");
    }
}
