package io.diode.sample;

import io.diode.pocketic.client.HttpOutcallResponse;
import io.diode.pocketic.client.PendingHttpOutcall;
import io.diode.pocketic.client.PocketIc;
import java.util.List;
import org.ic4j.types.Principal;

/**
 * An update call waiting on the one HTTP outcall it made (a Zone's {@code register_member}, the Factory's
 * {@code request_zone}): the test inspects {@link #request()} and answers it as the RPC endpoint would.
 */
final class PendingOutcallCall {
    private final PocketIc pic;
    private final PocketIc.SubmittedCall call;
    private final PendingHttpOutcall request;

    private PendingOutcallCall(PocketIc pic, PocketIc.SubmittedCall call, PendingHttpOutcall request) {
        this.pic = pic;
        this.call = call;
        this.request = request;
    }

    /** Submits the call and runs rounds until exactly one outcall is pending (as PicJS tests do). */
    static PendingOutcallCall submit(PocketIc pic, Principal canister, Principal caller, String method, byte[] argument) {
        PocketIc.SubmittedCall call = pic.submitCall(canister, caller, method, argument);
        List<PendingHttpOutcall> pending = List.of();
        for (int round = 0; round < 5 && pending.isEmpty(); round++) {
            pic.tick();
            pending = pic.pendingHttpOutcalls();
        }
        if (pending.size() != 1) {
            throw new AssertionError(method + " should issue exactly one HTTP outcall, found " + pending.size());
        }
        return new PendingOutcallCall(pic, call, pending.getFirst());
    }

    PendingHttpOutcall request() {
        return request;
    }

    /** Mocks the outcall's response and returns what the call answers. */
    CandidValue answer(HttpOutcallResponse response) {
        pic.mockHttpOutcall(request, response);
        return CandidValue.decode(pic.awaitCall(call));
    }
}
