package io.diode.pocketic.embedded.management;

import java.util.Objects;
import org.ic4j.types.Principal;

/** {@code canister_info_args}; {@code numRequestedChanges} is null when not given (the IC returns none). */
public record CanisterInfoArgs(Principal canisterId, Long numRequestedChanges) {
    public CanisterInfoArgs {
        Objects.requireNonNull(canisterId);
    }
}
