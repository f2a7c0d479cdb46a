package io.diode.pocketic.client;

import io.diode.candid.CandidInterface;

/**
 * An update call submitted through a {@link DeferredActor} that has not run yet: between submitting and
 * {@link #await()}, a test can look at and mock what the call causes (e.g. {@link PocketIc#pendingHttpOutcalls()}).
 */
public final class PendingCall<R> {

    private final PocketIc pic;
    private final PocketIc.SubmittedCall submitted;
    private final CandidInterface candid;
    private final CandidInterface.Binding method;

    PendingCall(
            PocketIc pic, PocketIc.SubmittedCall submitted, CandidInterface candid, CandidInterface.Binding method) {
        this.pic = pic;
        this.submitted = submitted;
        this.candid = candid;
        this.method = method;
    }

    /** Runs rounds until the call completes; its decoded reply. @throws CanisterCallException when rejected */
    @SuppressWarnings("unchecked")
    public R await() {
        return (R) candid.decodeReply(method, pic.awaitCall(submitted));
    }

    public PocketIc.SubmittedCall submitted() {
        return submitted;
    }
}
