package io.diode.ic.management;

import io.diode.candid.CandidName;
import io.diode.candid.Principal;
import java.util.Optional;

/** {@code take_canister_snapshot_args}. */
public record TakeCanisterSnapshotArgs(
        @CandidName("canister_id") Principal canisterId,
        @CandidName("replace_snapshot") Optional<byte[]> replaceSnapshot,
        @CandidName("uninstall_code") Optional<Boolean> uninstallCode,
        @CandidName("sender_canister_version") Optional<Long> senderCanisterVersion) {}
