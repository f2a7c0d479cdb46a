package io.diode.pocketic.embedded.engine;

import io.diode.pocketic.embedded.api.CallResult;
import java.util.function.Function;
import org.ic4j.types.Principal;

/** The IC's check before a management method acts on a canister: it exists, and the sender controls it. */
final class ControllerCheck {

    private ControllerCheck() {
    }

    /** Runs {@code action} if the canister exists and {@code sender} controls it; otherwise the IC's reject. */
    static CallResult withControlled(Subnet subnet, Principal id, Principal sender, String method,
                                     Function<Canister, CallResult> action) {
        Canister canister = subnet.canister(id);
        if (canister == null) {
            return IcRejects.canisterNotFound(id);
        }
        if (!canister.isController(sender)) {
            return IcRejects.notController(id, sender, method);
        }
        return action.apply(canister);
    }
}
