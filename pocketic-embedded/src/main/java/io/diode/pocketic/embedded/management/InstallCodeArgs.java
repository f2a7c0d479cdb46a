package io.diode.pocketic.embedded.management;

import java.util.Objects;
import org.ic4j.types.Principal;

/** {@code install_code_args}; {@code senderCanisterVersion} is unsigned, or null. */
public record InstallCodeArgs(
        CanisterInstallMode mode, Principal canisterId, byte[] wasmModule, byte[] arg, Long senderCanisterVersion) {
    public InstallCodeArgs {
        Objects.requireNonNull(mode);
        Objects.requireNonNull(canisterId);
        Objects.requireNonNull(wasmModule);
        Objects.requireNonNull(arg);
    }
}
