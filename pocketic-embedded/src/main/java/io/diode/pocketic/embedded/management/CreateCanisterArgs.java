package io.diode.pocketic.embedded.management;

import java.util.Objects;

/**
 * {@code create_canister_args}.
 *
 * @param settings              never null: {@link CanisterSettings#NONE} when absent
 * @param senderCanisterVersion {@code opt nat64} (unsigned), or null
 */
public record CreateCanisterArgs(CanisterSettings settings, Long senderCanisterVersion) {
    public CreateCanisterArgs {
        Objects.requireNonNull(settings);
    }
}
