package io.diode.pocketic.embedded.engine;

import io.diode.pocketic.embedded.management.CanisterChange;
import io.diode.pocketic.embedded.management.CanisterInfoResult;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.ic4j.types.Principal;

/**
 * A canister's history of changes, as {@code canister_info} reports it: creation, code deployments (with module
 * hashes), uninstalls, controller changes and snapshot loads, each with the time, the canister version after the
 * change and who made it. The replica keeps the latest {@value #MAX_CHANGES} changes
 * ({@code MAX_CANISTER_HISTORY_CHANGES}) and counts all of them.
 */
final class CanisterHistory {

    static final int MAX_CHANGES = 20;

    private final Deque<CanisterChange> recent = new ArrayDeque<>();
    private long total;

    void add(CanisterChange change) {
        recent.addLast(change);
        total++;
        while (recent.size() > MAX_CHANGES) {
            recent.removeFirst();
        }
    }

    /** The change's origin: the user of an ingress message, or the calling canister with its declared version. */
    static CanisterChange.Origin origin(Message.Request request, Long senderCanisterVersion) {
        return request.origin() instanceof CallOrigin.Canister
                ? new CanisterChange.FromCanister(request.sender(), senderCanisterVersion)
                : new CanisterChange.FromUser(request.sender());
    }

    /**
     * @param requested {@code num_requested_changes}: how many of the latest changes to return (none when null)
     */
    CanisterInfoResult info(Long requested, byte[] moduleHash, List<Principal> controllers) {
        List<CanisterChange> all = List.copyOf(recent);
        int count = requested == null
                ? 0
                : (int) Math.min(
                        all.size(), Long.compareUnsigned(requested, MAX_CHANGES) > 0 ? MAX_CHANGES : requested);
        return new CanisterInfoResult(total, all.subList(all.size() - count, all.size()), moduleHash, controllers);
    }
}
