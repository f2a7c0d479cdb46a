package io.diode.maven.release;

import java.util.Locale;

/** How {@code install_code} treats a canister's existing code and state. */
public enum InstallMode {
    /** Install into an empty canister. */
    INSTALL,
    /** Replace the code and wipe the state. */
    REINSTALL,
    /** Replace the code and keep the state (stable memory; main memory too for enhanced orthogonal persistence). */
    UPGRADE;

    public String candidName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
