package io.diode.ic.management;

import io.diode.candid.CandidName;
import io.diode.candid.Principal;
import java.util.Optional;

/** {@code load_canister_snapshot_args}. */
public record LoadCanisterSnapshotArgs(
        @CandidName("canister_id") Principal canisterId,
        @CandidName("snapshot_id") byte[] snapshotId,
        @CandidName("sender_canister_version") Optional<Long> senderCanisterVersion) {}
