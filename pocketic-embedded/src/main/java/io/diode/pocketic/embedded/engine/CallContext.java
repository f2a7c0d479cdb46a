package io.diode.pocketic.embedded.engine;

import java.math.BigInteger;
import org.ic4j.types.Principal;

/**
 * One incoming call being handled by a canister: it lives from the call's first execution until the
 * canister responds and no callback is outstanding. Cycles attached to the call stay here until accepted.
 */
final class CallContext {

    final CallOrigin origin;
    final Principal caller;
    final String method;
    BigInteger cyclesAvailable;
    boolean responded;
    int outstandingCallbacks;
    boolean closed;
    /** Instructions its finished executions used ({@code performance_counter} type 1 adds the running one's). */
    long instructions;

    CallContext(CallOrigin origin, Principal caller, String method, BigInteger cyclesAvailable) {
        this.origin = origin;
        this.caller = caller;
        this.method = method;
        this.cyclesAvailable = cyclesAvailable;
    }

    /** The state a trapping execution must restore. */
    record Saved(BigInteger cyclesAvailable, boolean responded) {}

    Saved save() {
        return new Saved(cyclesAvailable, responded);
    }

    void restore(Saved saved) {
        cyclesAvailable = saved.cyclesAvailable();
        responded = saved.responded();
    }
}
