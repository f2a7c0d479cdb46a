package io.diode.pocketic.embedded.engine;

import io.diode.pocketic.embedded.api.CallResult;
import io.diode.pocketic.embedded.management.ManagementArgumentDecoder;
import java.util.function.Function;
import org.ic4j.types.Principal;

/**
 * The IC's check before a management method acts on a canister: it exists, and the sender controls it. A user's
 * ingress message gets the replica's ingress-filter text ({@code canister_manager.rs}
 * {@code should_accept_ingress_message}); a calling canister gets the engine's text, see {@link IcRejects#notController}.
 */
final class ControllerCheck {

    private ControllerCheck() {}

    /** Runs {@code action} if the canister exists and the request's sender controls it; otherwise the IC's reject. */
    static CallResult withControlled(
            Subnet subnet,
            Principal id,
            Message.Request request,
            String method,
            Function<Canister, CallResult> action) {
        Canister canister = subnet.canister(id);
        if (canister == null) {
            return IcRejects.canisterNotFound(id);
        }
        if (!canister.isController(request.sender())) {
            return request.origin() instanceof CallOrigin.Ingress
                    ? IcRejects.notControllerOfIngress(id, method)
                    : IcRejects.notController(id, request.sender(), method);
        }
        return action.apply(canister);
    }

    /** {@link #withControlled} for a method whose argument is {@code record { canister_id }}. */
    static CallResult withControlled(
            Subnet subnet, Message.Request request, String method, Function<Canister, CallResult> action) {
        Principal id =
                ManagementArgumentDecoder.canisterId(method, request.argument()).canisterId();
        return withControlled(subnet, id, request, method, action);
    }
}
