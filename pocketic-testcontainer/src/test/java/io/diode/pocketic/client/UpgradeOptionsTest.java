package io.diode.pocketic.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ic4j.candid.parser.IDLArgs;
import org.ic4j.candid.types.Label;
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
        assertThat(UpgradeOptions.forModule(EMPTY_MODULE).wasmMemoryPersistence()).isEmpty();
        assertThat(UpgradeOptions.forModule(new byte[]{1, 2, 3}).wasmMemoryPersistence()).isEmpty();
    }

    @Test
    void findsTheSectionByName() {
        byte[] name = "icp:private enhanced-orthogonal-persistence".getBytes();
        byte[] module = new byte[EMPTY_MODULE.length + 3 + name.length];
        System.arraycopy(EMPTY_MODULE, 0, module, 0, EMPTY_MODULE.length);
        module[8] = 0; // custom section
        module[9] = (byte) (name.length + 1);
        module[10] = (byte) name.length;
        System.arraycopy(name, 0, module, 11, name.length);
        assertThat(WasmCustomSections.hasEnhancedOrthogonalPersistence(module)).isTrue();
        module[12] = 'X';
        assertThat(WasmCustomSections.hasEnhancedOrthogonalPersistence(module)).isFalse();
    }

    @Test
    @SuppressWarnings("unchecked")
    void encodesTheUpgradeOptionsTheManagementCanisterExpects() {
        byte[] payload = ManagementCanisterCandid.installCode(Principal.anonymous(),
                ManagementCanisterCandid.InstallMode.UPGRADE,
                new UpgradeOptions(Optional.empty(), Optional.empty())
                        .withWasmMemoryPersistence(UpgradeOptions.WasmMemoryPersistence.KEEP).withSkipPreUpgrade(true),
                EMPTY_MODULE, new byte[0]);
        Map<Label, Object> argument = IDLArgs.fromBytes(payload).getArgs().getFirst().getValue();
        Map<Label, Object> mode = (Map<Label, Object>) argument.get(Label.createNamedLabel("mode"));
        assertThat(mode.keySet()).extracting(Label::getId).containsExactly(Label.createNamedLabel("upgrade").getId());
        Map<Label, Object> options = ((Optional<Map<Label, Object>>) mode.values().iterator().next()).orElseThrow();
        assertThat(options.get(Label.createNamedLabel("skip_pre_upgrade"))).isEqualTo(Optional.of(true));
        Map<Label, Object> persistence = ((Optional<Map<Label, Object>>) options.get(
                Label.createNamedLabel("wasm_memory_persistence"))).orElseThrow();
        assertThat(persistence.keySet()).extracting(Label::getId)
                .isEqualTo(List.of(Label.createNamedLabel("keep").getId()));
    }
}
