package io.diode.pocketic.embedded.management;

import java.util.Objects;
import org.ic4j.types.Principal;

/**
 * {@code record { canister_id : canister_id }}: the argument of canister_status, start_canister,
 * stop_canister, delete_canister, deposit_cycles, stored_chunks and clear_chunk_store.
 */
public record CanisterIdArgs(Principal canisterId) {
    public CanisterIdArgs {
        Objects.requireNonNull(canisterId);
    }
}
