package io.diode.pocketic.client;

import io.diode.ic.management.EnhancedOrthogonalPersistence;
import java.util.Optional;

/**
 * The options of an upgrade ({@code canister_upgrade_options} of the management canister).
 *
 * @param skipPreUpgrade         skip the old module's {@code canister_pre_upgrade} (for a module that traps in it)
 * @param wasmMemoryPersistence  keep or replace main memory; required ({@code KEEP}) for modules with enhanced
 *                               orthogonal persistence, such as everything moc compiles here
 */
public record UpgradeOptions(Optional<Boolean> skipPreUpgrade, Optional<WasmMemoryPersistence> wasmMemoryPersistence) {

    public enum WasmMemoryPersistence {
        KEEP,
        REPLACE
    }

    /**
     * What {@code dfx} and this client send by default: keep main memory exactly when the new module (raw or gzipped)
     * has EOP.
     */
    public static UpgradeOptions forModule(byte[] wasm) {
        return new UpgradeOptions(
                Optional.empty(),
                EnhancedOrthogonalPersistence.isDeclaredBy(wasm)
                        ? Optional.of(WasmMemoryPersistence.KEEP)
                        : Optional.empty());
    }

    public UpgradeOptions withSkipPreUpgrade(boolean skip) {
        return new UpgradeOptions(Optional.of(skip), wasmMemoryPersistence);
    }

    public UpgradeOptions withWasmMemoryPersistence(WasmMemoryPersistence persistence) {
        return new UpgradeOptions(skipPreUpgrade, Optional.of(persistence));
    }
}
