package io.diode.pocketic.embedded.management;

import java.math.BigInteger;
import java.util.Objects;
import org.ic4j.types.Principal;

/**
 * {@code provisional_create_canister_with_cycles_args}.
 *
 * @param amount                cycles to mint for the canister, or null (the engine's default)
 * @param settings              never null: {@link CanisterSettings#NONE} when absent
 * @param specifiedId           the id the caller wants, or null
 * @param senderCanisterVersion {@code opt nat64} (unsigned), or null
 */
public record ProvisionalCreateCanisterArgs(
        BigInteger amount, CanisterSettings settings, Principal specifiedId, Long senderCanisterVersion) {
    public ProvisionalCreateCanisterArgs {
        Objects.requireNonNull(settings);
    }
}
