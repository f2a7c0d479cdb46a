package io.diode.maven.release;

import io.diode.candid.CandidDecoder;
import io.diode.candid.CandidException;
import io.diode.candid.Label;
import io.diode.candid.VariantValue;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ic4j.types.Principal;

/**
 * Typed access to a Candid reply read without its interface, by the one Candid codec ({@code ic-candid}): records
 * arrive as maps keyed by field id, variants as {@link VariantValue}s labelled by case id, {@code nat} as
 * {@link BigInteger}, {@code opt} as {@link Optional}, {@code vec} as lists and {@code blob} as bytes. Each accessor
 * names the method and field when the shape is not the expected one, so a changed interface gives a readable error.
 */
final class CandidReply {
    private final String method;

    private CandidReply(String method) {
        this.method = method;
    }

    /** The first value of {@code reply}, the result of {@code method}. */
    static Object firstValue(byte[] reply, String method) throws ReleaseException {
        List<Object> values;
        try {
            values = CandidDecoder.decode(reply);
        } catch (CandidException malformed) {
            throw new ReleaseException("The reply of " + method + " is not valid Candid: " + malformed.getMessage());
        }
        if (values.isEmpty()) {
            throw new ReleaseException("The reply of " + method + " carries no value.");
        }
        return values.getFirst();
    }

    static CandidReply of(String method) {
        return new CandidReply(method);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> record(Object value, String what) throws ReleaseException {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw unexpected(what, "a record", value);
    }

    /** Whether the record has the field (an {@code opt} field may be left out by the sender). */
    static boolean has(Map<String, Object> record, String name) {
        return record.containsKey(key(name));
    }

    private static String key(String name) {
        return Long.toString(Label.hash(name));
    }

    Object field(Map<String, Object> record, String name) throws ReleaseException {
        String label = key(name);
        if (!record.containsKey(label)) {
            throw new ReleaseException("The reply of " + method + " has no field '" + name + "'; is the canister's"
                    + " interface the one this plugin expects?");
        }
        return record.get(label);
    }

    /** The case of a variant among {@code cases}, as a map entry of case name to its value. */
    Map.Entry<String, Object> variant(Object value, String what, String... cases) throws ReleaseException {
        if (!(value instanceof VariantValue chosen)) {
            throw unexpected(what, "a variant", value);
        }
        for (String name : cases) {
            if (key(name).equals(chosen.label())) {
                return new java.util.AbstractMap.SimpleImmutableEntry<>(name, chosen.value());
            }
        }
        throw new ReleaseException("The reply of " + method + " has an unexpected case in " + what
                + " (expected one of " + String.join(", ", cases) + ").");
    }

    BigInteger nat(Object value, String what) throws ReleaseException {
        if (value instanceof BigInteger integer) {
            return integer;
        }
        if (value instanceof Number number) {
            return BigInteger.valueOf(number.longValue());
        }
        throw unexpected(what, "a number", value);
    }

    String text(Object value, String what) throws ReleaseException {
        if (value instanceof String text) {
            return text;
        }
        throw unexpected(what, "text", value);
    }

    Principal principal(Object value, String what) throws ReleaseException {
        if (value instanceof io.diode.candid.Principal principal) {
            return Principal.from(principal.bytes());
        }
        throw unexpected(what, "a principal", value);
    }

    Optional<?> optional(Object value, String what) throws ReleaseException {
        if (value instanceof Optional<?> optional) {
            return optional;
        }
        if (value == null) {
            return Optional.empty();
        }
        throw unexpected(what, "an option", value);
    }

    Object[] vector(Object value, String what) throws ReleaseException {
        if (value instanceof Object[] array) {
            return array;
        }
        if (value instanceof List<?> list) {
            return list.toArray();
        }
        throw unexpected(what, "a vector", value);
    }

    byte[] blob(Object value, String what) throws ReleaseException {
        if (value instanceof byte[] bytes) {
            return bytes.clone();
        }
        if (value instanceof Byte[] boxed) {
            byte[] bytes = new byte[boxed.length];
            for (int i = 0; i < boxed.length; i++) {
                bytes[i] = boxed[i];
            }
            return bytes;
        }
        throw unexpected(what, "a blob", value);
    }

    private ReleaseException unexpected(String what, String expected, Object value) {
        return new ReleaseException("The reply of " + method + " has "
                + (value == null ? "nothing" : "a " + value.getClass().getSimpleName()) + " where " + what
                + " should be " + expected + ".");
    }
}
