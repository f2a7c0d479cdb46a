package io.diode.candid;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Typed actors over any transport: a dynamic proxy of a {@link CandidService} interface whose methods encode their
 * arguments, hand them to the {@link Transport} with the Candid method (name, query or update), and decode the
 * reply, all with the method's exact Candid types ({@link CandidInterface}). The PocketIC client and the plugin's
 * IC gateway each supply a transport; the proxy is this one.
 */
public final class CandidActors {

    /** Makes the call: returns the Candid reply, or null when the call was only submitted (see {@link #create}). */
    @FunctionalInterface
    public interface Transport {
        byte[] call(CandidInterface.Binding method, byte[] arguments);
    }

    private CandidActors() {}

    /**
     * An actor for {@code type}. A transport may return null to say that it submitted the call without waiting
     * (deferred calls); the method then returns null, or zero/false for a primitive return type.
     *
     * @param description what {@code toString()} of the actor says, e.g. the canister and the sender
     */
    public static <T> T create(Class<T> type, String description, Transport transport) {
        CandidInterface candid = CandidInterface.of(type);
        InvocationHandler handler =
                (proxy, method, arguments) -> invoke(candid, type, description, transport, proxy, method, arguments);
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    private static Object invoke(
            CandidInterface candid,
            Class<?> type,
            String description,
            Transport transport,
            Object proxy,
            Method method,
            Object[] arguments)
            throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "toString" -> type.getSimpleName() + "[" + description + "]";
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == arguments[0];
                default -> throw new UnsupportedOperationException(method.getName());
            };
        }
        if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, arguments);
        }
        byte[] reply = transport.call(candid.binding(method), candid.encodeArguments(method, arguments));
        return reply == null ? defaultValue(method.getReturnType()) : candid.decodeReply(method, reply);
    }

    private static Object defaultValue(Class<?> type) {
        if (!type.isPrimitive() || type == void.class) {
            return null;
        }
        return switch (type.getName()) {
            case "boolean" -> false;
            case "char" -> '\0';
            case "byte" -> (byte) 0;
            case "short" -> (short) 0;
            case "int" -> 0;
            case "long" -> 0L;
            case "float" -> 0f;
            default -> 0d;
        };
    }
}
