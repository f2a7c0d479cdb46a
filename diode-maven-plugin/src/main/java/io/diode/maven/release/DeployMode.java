package io.diode.maven.release;

/** What {@code deploy} does with a canister's code ({@code -Ddiode.mode}). */
public enum DeployMode {
    /** Install into an empty canister, upgrade an installed one. */
    AUTO,
    INSTALL,
    REINSTALL,
    UPGRADE
}
