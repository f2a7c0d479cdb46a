package io.diode.pocketic.embedded.engine;

import io.diode.pocketic.embedded.api.CallResult;
import java.math.BigInteger;
import org.ic4j.types.Principal;

/** What flows through the subnet's queue between rounds. */
sealed interface Message {

    /** A call to a canister (or to the management canister). */
    record Request(
            Principal sender, Principal receiver, String method, byte[] argument, BigInteger cycles, CallOrigin origin)
            implements Message {}

    /** The answer to a canister's call, delivered to its callback. */
    record Response(Principal receiver, long callbackId, CallResult result, BigInteger refundedCycles)
            implements Message {}
}
