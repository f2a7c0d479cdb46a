package io.diode.ic.management;

import io.diode.candid.CandidName;
import java.util.Optional;

/**
 * {@code canister_install_mode}: {@code variant { install; reinstall; upgrade : opt record { skip_pre_upgrade :
 * opt bool; wasm_memory_persistence : opt variant { keep; replace } } }}.
 */
public sealed interface CanisterInstallMode {

    CanisterInstallMode INSTALL = new Install();
    CanisterInstallMode REINSTALL = new Reinstall();

    /** An upgrade that keeps main memory exactly when the new module uses enhanced orthogonal persistence. */
    static CanisterInstallMode upgradeFor(byte[] module) {
        return new Upgrade(Optional.of(new UpgradeFlags(
                Optional.empty(),
                EnhancedOrthogonalPersistence.isDeclaredBy(module)
                        ? Optional.of(WasmMemoryPersistence.KEEP)
                        : Optional.empty())));
    }

    @CandidName("install")
    record Install() implements CanisterInstallMode {}

    @CandidName("reinstall")
    record Reinstall() implements CanisterInstallMode {}

    @CandidName("upgrade")
    record Upgrade(Optional<UpgradeFlags> flags) implements CanisterInstallMode {}

    /** The options of an upgrade; an empty one means the IC's default (run pre_upgrade; replace main memory). */
    record UpgradeFlags(
            @CandidName("skip_pre_upgrade") Optional<Boolean> skipPreUpgrade,
            @CandidName("wasm_memory_persistence") Optional<WasmMemoryPersistence> wasmMemoryPersistence) {}

    /** Whether an upgrade keeps the Wasm main memory (a module with enhanced orthogonal persistence needs keep). */
    enum WasmMemoryPersistence {
        @CandidName("keep")
        KEEP,
        @CandidName("replace")
        REPLACE
    }
}
