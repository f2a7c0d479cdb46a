package io.diode.pocketic.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.diode.candid.CandidDecoder;
import io.diode.candid.VariantValue;
import io.diode.ic.management.ManagementCandidTypes;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.Test;

class UpgradeOptionsTest {

    private static final byte[] EMPTY_MODULE = {0, 'a', 's', 'm', 1, 0, 0, 0};

    @Test
    void keepsMainMemoryForModulesWithEnhancedOrthogonalPersistence() throws Exception {
        byte[] motoko;
        try (InputStream in = getClass().getResourceAsStream("/canister/scenario.wasm")) {
            motoko = in.readAllBytes();
        }
        assertThat(UpgradeOptions.forModule(motoko).wasmMemoryPersistence())
                .contains(UpgradeOptions.WasmMemoryPersistence.KEEP);
        assertThat(UpgradeOptions.forModule(EMPTY_MODULE).wasmMemoryPersistence())
                .isEmpty();
        assertThat(UpgradeOptions.forModule(new byte[] {1, 2, 3}).wasmMemoryPersistence())
                .isEmpty();
    }

    @Test
    void findsTheSectionByNameInRawAndGzippedModules() throws Exception {
        byte[] name = "icp:private enhanced-orthogonal-persistence".getBytes();
        byte[] module = new byte[EMPTY_MODULE.length + 3 + name.length];
        System.arraycopy(EMPTY_MODULE, 0, module, 0, EMPTY_MODULE.length);
        module[8] = 0; // custom section
        module[9] = (byte) (name.length + 1);
        module[10] = (byte) name.length;
        System.arraycopy(name, 0, module, 11, name.length);
        assertThat(UpgradeOptions.forModule(module).wasmMemoryPersistence())
                .contains(UpgradeOptions.WasmMemoryPersistence.KEEP);
        assertThat(UpgradeOptions.forModule(gzip(module)).wasmMemoryPersistence())
                .contains(UpgradeOptions.WasmMemoryPersistence.KEEP);
        module[12] = 'X';
        assertThat(UpgradeOptions.forModule(module).wasmMemoryPersistence()).isEmpty();
    }

    private static byte[] gzip(byte[] bytes) throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream zip = new java.util.zip.GZIPOutputStream(out)) {
            zip.write(bytes);
        }
        return out.toByteArray();
    }

    @Test
    @SuppressWarnings("unchecked")
    void encodesTheUpgradeOptionsTheManagementCanisterExpects() {
        byte[] payload = ManagementMapping.installCode(
                Principal.anonymous(),
                ManagementMapping.InstallMode.UPGRADE,
                new UpgradeOptions(Optional.empty(), Optional.empty())
                        .withWasmMemoryPersistence(UpgradeOptions.WasmMemoryPersistence.KEEP)
                        .withSkipPreUpgrade(true),
                EMPTY_MODULE,
                new byte[0]);
        Map<String, Object> argument =
                (Map<String, Object>) CandidDecoder.decode(payload, List.of(ManagementCandidTypes.INSTALL_CODE_ARGS))
                        .getFirst();
        VariantValue mode = (VariantValue) argument.get("mode");
        assertThat(mode.label()).isEqualTo("upgrade");
        Map<String, Object> options = ((Optional<Map<String, Object>>) mode.value()).orElseThrow();
        assertThat(options.get("skip_pre_upgrade")).isEqualTo(Optional.of(true));
        assertThat(options.get("wasm_memory_persistence")).isEqualTo(Optional.of(VariantValue.of("keep")));
    }
}
