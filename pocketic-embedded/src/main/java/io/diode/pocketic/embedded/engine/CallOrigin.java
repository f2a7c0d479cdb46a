package io.diode.pocketic.embedded.engine;

import io.diode.pocketic.embedded.api.MessageId;
import org.ic4j.types.Principal;

/** Where the response to a call goes. */
sealed interface CallOrigin {

    /** A user's ingress message: the response becomes the message's status. */
    record Ingress(MessageId messageId) implements CallOrigin {}

    /** Another canister's call: the response runs one of its callbacks. */
    /**
     * @param deadlineNanos when the caller stops waiting for a best-effort response, or 0 for a guaranteed
     *                      response (what {@code msg_deadline} returns to the callee)
     */
    record Canister(Principal canister, long callbackId, long deadlineNanos) implements CallOrigin {}

    /** A timer or heartbeat: nobody waits for a response. */
    record SystemTask() implements CallOrigin {}
}
