package io.diode.pocketic.client;

import io.diode.candid.CandidInterface;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.ic4j.types.Principal;

/**
 * Behind a typed actor: each interface method becomes a query or update call (as the method's Candid type says)
 * to one canister as one sender, its arguments encoded and its reply decoded with {@link CandidInterface}.
 * In deferred mode a call is only submitted, and its handle is left in {@link #lastSubmitted} for
 * {@link DeferredActor}.
 */
final class ActorInvocationHandler implements InvocationHandler {

    private final PocketIc pic;
    private final Principal canisterId;
    private final Principal sender;
    private final Class<?> type;
    private final CandidInterface candid;
    private final boolean deferred;
    private final ThreadLocal<PendingCall<?>> lastSubmitted = new ThreadLocal<>();

    ActorInvocationHandler(PocketIc pic, Principal canisterId, Principal sender, Class<?> type, boolean deferred) {
        this.pic = pic;
        this.canisterId = canisterId;
        this.sender = sender;
        this.type = type;
        this.candid = CandidInterface.of(type);
        this.deferred = deferred;
    }

    static <T> T proxy(ActorInvocationHandler handler, Class<T> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] arguments) {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "toString" -> type.getSimpleName() + "[" + canisterId + " as " + sender + "]";
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == arguments[0];
                default -> throw new UnsupportedOperationException(method.getName());
            };
        }
        if (method.isDefault()) {
            try {
                return InvocationHandler.invokeDefault(proxy, method, arguments);
            } catch (Throwable failure) {
                throw failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure);
            }
        }
        CandidInterface.Binding binding = candid.binding(method);
        byte[] payload = candid.encodeArguments(method, arguments);
        if (deferred) {
            if (binding.isQuery()) {
                throw new IllegalArgumentException(type.getSimpleName() + "." + method.getName()
                        + " is a query: call it on the actor, only update calls can be deferred");
            }
            PocketIc.SubmittedCall submitted = pic.submitCall(canisterId, sender, binding.name(), payload);
            lastSubmitted.set(new PendingCall<>(pic, submitted, candid, method));
            return defaultValue(method.getReturnType());
        }
        byte[] reply = binding.isQuery()
                ? pic.queryCall(canisterId, sender, binding.name(), payload)
                : pic.updateCall(canisterId, sender, binding.name(), payload);
        return candid.decodeReply(method, reply);
    }

    /** The call the last deferred invocation on this thread submitted, taken once. */
    PendingCall<?> takeSubmitted() {
        PendingCall<?> call = lastSubmitted.get();
        lastSubmitted.remove();
        return call;
    }

    private static Object defaultValue(Class<?> type) {
        if (!type.isPrimitive() || type == void.class) {
            return null;
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == char.class) {
            return '\0';
        }
        return switch (type.getName()) {
            case "byte" -> (byte) 0;
            case "short" -> (short) 0;
            case "int" -> 0;
            case "long" -> 0L;
            case "float" -> 0f;
            default -> 0d;
        };
    }
}
