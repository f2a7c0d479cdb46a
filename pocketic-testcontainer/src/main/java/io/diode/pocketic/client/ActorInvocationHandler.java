package io.diode.pocketic.client;

import io.diode.candid.CandidActors;
import io.diode.candid.CandidInterface;
import org.ic4j.types.Principal;

/**
 * The PocketIC transport of typed actors ({@link CandidActors}): each call is a query or an update call, as the
 * method's Candid type says, to one canister as one sender. In deferred mode an update call is only submitted,
 * and its handle waits in {@link #takeSubmitted()} for {@link DeferredActor}.
 */
final class ActorInvocationHandler implements CandidActors.Transport {

    private final PocketIc pic;
    private final Principal canisterId;
    private final Sender sender;
    private final Class<?> type;
    private final boolean deferred;
    private final ThreadLocal<PendingCall<?>> lastSubmitted = new ThreadLocal<>();

    ActorInvocationHandler(PocketIc pic, Principal canisterId, Sender sender, Class<?> type, boolean deferred) {
        this.pic = pic;
        this.canisterId = canisterId;
        this.sender = sender;
        this.type = type;
        this.deferred = deferred;
    }

    static <T> T proxy(ActorInvocationHandler handler, Class<T> type) {
        return CandidActors.create(type, handler.canisterId + " as " + handler.sender, handler);
    }

    @Override
    public byte[] call(CandidInterface.Binding method, byte[] arguments) {
        if (deferred) {
            if (method.isQuery()) {
                throw new IllegalArgumentException(type.getSimpleName() + "." + method.name()
                        + " is a query: call it on the actor, only update calls can be deferred");
            }
            PocketIc.SubmittedCall submitted = pic.submitCall(canisterId, method.name(), arguments, sender);
            lastSubmitted.set(new PendingCall<>(pic, submitted, CandidInterface.of(type), method));
            return null;
        }
        return method.isQuery()
                ? pic.queryCall(canisterId, method.name(), arguments, sender)
                : pic.updateCall(canisterId, method.name(), arguments, sender);
    }

    /** The call the last deferred invocation on this thread submitted, taken once. */
    PendingCall<?> takeSubmitted() {
        PendingCall<?> call = lastSubmitted.get();
        lastSubmitted.remove();
        return call;
    }
}
