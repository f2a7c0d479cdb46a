package io.diode.pocketic.embedded.management;

import java.math.BigInteger;
import java.util.Objects;
import org.ic4j.types.Principal;

/** {@code provisional_top_up_canister_args}. */
public record ProvisionalTopUpCanisterArgs(Principal canisterId, BigInteger amount) {
    public ProvisionalTopUpCanisterArgs {
        Objects.requireNonNull(canisterId);
        Objects.requireNonNull(amount);
    }
}
