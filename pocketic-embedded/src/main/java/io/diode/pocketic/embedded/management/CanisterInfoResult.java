package io.diode.pocketic.embedded.management;

import java.util.List;
import org.ic4j.types.Principal;

/**
 * {@code canister_info_result}.
 *
 * @param totalNumChanges every change ever recorded (unsigned), not just the recent ones returned
 * @param recentChanges   at most the requested number of latest changes, oldest first
 * @param moduleHash      SHA-256 of the installed module, or null when empty
 */
public record CanisterInfoResult(
        long totalNumChanges, List<CanisterChange> recentChanges, byte[] moduleHash, List<Principal> controllers) {
    public CanisterInfoResult {
        recentChanges = List.copyOf(recentChanges);
        controllers = List.copyOf(controllers);
    }
}
