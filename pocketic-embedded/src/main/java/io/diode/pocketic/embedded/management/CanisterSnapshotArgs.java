package io.diode.pocketic.embedded.management;

import java.util.Objects;
import org.ic4j.types.Principal;

/**
 * The arguments of the snapshot methods: {@code take_canister_snapshot_args}, {@code load_canister_snapshot_args},
 * {@code list_canister_snapshots_args} and {@code delete_canister_snapshot_args}. Fields a method does not have are
 * null.
 *
 * @param snapshotId            load and delete: the snapshot; take: {@code replace_snapshot}, or null
 * @param uninstallCode         take: {@code opt bool uninstall_code}, or null
 * @param senderCanisterVersion take and load: {@code opt nat64 sender_canister_version}, or null
 */
public record CanisterSnapshotArgs(
        Principal canisterId, byte[] snapshotId, Boolean uninstallCode, Long senderCanisterVersion) {
    public CanisterSnapshotArgs {
        Objects.requireNonNull(canisterId);
    }
}
