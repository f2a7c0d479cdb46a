package io.diode.pocketic.embedded.management;

import java.util.Objects;
import org.ic4j.types.Principal;

/** {@code uninstall_code_args}; {@code senderCanisterVersion} is unsigned, or null. */
public record UninstallCodeArgs(Principal canisterId, Long senderCanisterVersion) {
    public UninstallCodeArgs {
        Objects.requireNonNull(canisterId);
    }
}
