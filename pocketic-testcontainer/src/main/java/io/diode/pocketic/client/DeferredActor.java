package io.diode.pocketic.client;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A typed actor whose update calls are submitted now and completed later, for calls that wait on something the
 * test provides, such as a mocked HTTP outcall:
 * <pre>{@code
 * PendingCall<String> fetch = pic.deferredActor(id, ScenarioActor.class).submit(a -> a.fetch("https://x"));
 * pic.mockHttpOutcall(pic.pendingHttpOutcalls().getFirst(), HttpOutcallResponse.ok("hi"));
 * String reply = fetch.await();
 * }</pre>
 */
public final class DeferredActor<T> {

    private final T proxy;
    private final ActorInvocationHandler handler;

    DeferredActor(T proxy, ActorInvocationHandler handler) {
        this.proxy = proxy;
        this.handler = handler;
    }

    /** Submits the one update call {@code call} makes on the actor; its result once awaited. */
    public <R> PendingCall<R> submit(Function<T, R> call) {
        handler.takeSubmitted();
        call.apply(proxy);
        return taken();
    }

    /** Submits the one update call of a method without results. */
    public PendingCall<Void> submitVoid(Consumer<T> call) {
        handler.takeSubmitted();
        call.accept(proxy);
        return taken();
    }

    @SuppressWarnings("unchecked")
    private <R> PendingCall<R> taken() {
        PendingCall<?> submitted = handler.takeSubmitted();
        if (submitted == null) {
            throw new IllegalArgumentException("the function passed to submit must call one method of the actor");
        }
        return (PendingCall<R>) submitted;
    }
}
