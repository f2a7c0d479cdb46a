package io.diode.ic.management;

import io.diode.candid.CandidName;
import io.diode.candid.Principal;

/** {@code delete_canister_snapshot_args}. */
public record DeleteCanisterSnapshotArgs(
        @CandidName("canister_id") Principal canisterId,
        @CandidName("snapshot_id") byte[] snapshotId) {}
