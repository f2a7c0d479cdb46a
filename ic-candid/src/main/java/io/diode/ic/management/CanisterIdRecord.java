package io.diode.ic.management;

import io.diode.candid.CandidName;
import io.diode.candid.Principal;
import java.util.Objects;

/**
 * {@code record { canister_id : canister_id }}: the argument of canister_status, start/stop/delete_canister,
 * clear_chunk_store, list_canister_snapshots, fetch_canister_logs, …, and the result of (provisional_)create_canister.
 */
public record CanisterIdRecord(@CandidName("canister_id") Principal canisterId) {
    public CanisterIdRecord {
        Objects.requireNonNull(canisterId, "canisterId");
    }
}
