package io.diode.pocketic.embedded.management;

/**
 * {@code canister_install_mode}: {@code variant { install; reinstall; upgrade : opt record {
 * skip_pre_upgrade : opt bool; wasm_memory_persistence : opt variant { keep; replace } } }}.
 */
public sealed interface CanisterInstallMode {

    CanisterInstallMode INSTALL = new Install();
    CanisterInstallMode REINSTALL = new Reinstall();

    record Install() implements CanisterInstallMode {}

    record Reinstall() implements CanisterInstallMode {}

    /**
     * @param skipPreUpgrade        null when not given (the IC then runs {@code canister_pre_upgrade})
     * @param wasmMemoryPersistence null when not given (the IC then treats it as {@code replace})
     */
    record Upgrade(Boolean skipPreUpgrade, WasmMemoryPersistence wasmMemoryPersistence) implements CanisterInstallMode {

        /** {@code upgrade} with no options (also what {@code upgrade = null} decodes to). */
        public static final Upgrade DEFAULT = new Upgrade(null, null);

        public boolean skipsPreUpgrade() {
            return Boolean.TRUE.equals(skipPreUpgrade);
        }

        public boolean keepsWasmMemory() {
            return wasmMemoryPersistence == WasmMemoryPersistence.KEEP;
        }
    }
}
