package io.diode.pocketic.embedded.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.diode.ic.IcTime;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.ic4j.types.Principal;

/**
 * A JSON object from a request, read field by field. It remembers which fields were read so that
 * {@link #requireNoOtherFields()} can refuse fields this server does not understand instead of ignoring them.
 */
public final class RequestObject {

    private static final BigInteger MAX_U64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final BigInteger MAX_TIME_NANOS = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger MAX_U128 = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

    private final ObjectNode node;
    private final String what;
    private final Set<String> read = new LinkedHashSet<>();

    private RequestObject(ObjectNode node, String what) {
        this.node = node;
        this.what = what;
    }

    /** @param what how error messages name this object, e.g. {@code "the set_time request"} */
    public static RequestObject of(JsonNode node, String what) {
        if (!(node instanceof ObjectNode object)) {
            throw RestApiException.badRequest(what + " must be a JSON object, not " + describe(node));
        }
        return new RequestObject(object, what);
    }

    public String what() {
        return what;
    }

    /** The field's value, or empty when it is absent or {@code null} (serde's {@code None}). */
    public Optional<JsonNode> optional(String field) {
        read.add(field);
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    public JsonNode required(String field) {
        return optional(field)
                .orElseThrow(() -> RestApiException.badRequest(what + " lacks the field \"" + field + "\""));
    }

    public RequestObject object(String field) {
        return of(required(field), "field \"" + field + "\" of " + what);
    }

    public Optional<RequestObject> optionalObject(String field) {
        return optional(field).map(value -> of(value, "field \"" + field + "\" of " + what));
    }

    public String string(String field) {
        JsonNode value = required(field);
        if (!value.isTextual()) {
            throw RestApiException.badRequest(
                    "field \"" + field + "\" of " + what + " must be a string, not " + describe(value));
        }
        return value.textValue();
    }

    public byte[] base64(String field) {
        return decodeBase64(required(field), "field \"" + field + "\" of " + what);
    }

    public Principal principal(String field) {
        return principalFrom(base64(field), "field \"" + field + "\" of " + what);
    }

    public BigInteger unsigned(String field, BigInteger max) {
        JsonNode value = required(field);
        return unsignedValue(value, "field \"" + field + "\" of " + what, max);
    }

    public long u64(String field) {
        return unsigned(field, MAX_U64).longValue();
    }

    /**
     * A time in nanoseconds since the epoch. PocketIC's JSON has a u64, but the engine (like the replica's
     * {@code Time}) keeps a signed 64-bit count, so from 2^63 ns (year 2262) on it is refused rather than wrapped to a
     * time before 1970.
     */
    public Instant timeNanos(String field) {
        long nanos = unsigned(field, MAX_TIME_NANOS).longValue();
        return IcTime.fromNanos(nanos);
    }

    public BigInteger u128(String field) {
        return unsigned(field, MAX_U128);
    }

    public List<JsonNode> array(String field) {
        JsonNode value = required(field);
        if (!value.isArray()) {
            throw RestApiException.badRequest(
                    "field \"" + field + "\" of " + what + " must be an array, not " + describe(value));
        }
        List<JsonNode> elements = new ArrayList<>();
        value.forEach(elements::add);
        return elements;
    }

    /** Refuses any field that was not read: an unsupported option must never be silently ignored. */
    public void requireNoOtherFields() {
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!read.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw RestApiException.badRequest(
                    what + " has fields this server does not know: " + unknown + " (known: " + read + ")");
        }
    }

    static byte[] decodeBase64(JsonNode value, String what) {
        if (!value.isTextual()) {
            throw RestApiException.badRequest(what + " must be a base64 string, not " + describe(value));
        }
        try {
            return Base64.getDecoder().decode(value.textValue());
        } catch (IllegalArgumentException e) {
            throw RestApiException.badRequest(what + " is not valid base64: " + e.getMessage());
        }
    }

    static Principal principalFrom(byte[] bytes, String what) {
        if (bytes.length > 29) {
            throw RestApiException.badRequest(
                    what + " is not a principal: it has " + bytes.length + " bytes, a principal has at most 29");
        }
        try {
            return Principal.from(bytes);
        } catch (RuntimeException e) {
            throw RestApiException.badRequest(what + " is not a principal: " + e.getMessage());
        }
    }

    static BigInteger unsignedValue(JsonNode value, String what, BigInteger max) {
        if (!value.isIntegralNumber()) {
            throw RestApiException.badRequest(what + " must be a non-negative integer, not " + describe(value));
        }
        BigInteger number = value.bigIntegerValue();
        if (number.signum() < 0 || number.compareTo(max) > 0) {
            throw RestApiException.badRequest(what + " is out of range: " + number + " (allowed 0 to " + max + ")");
        }
        return number;
    }

    static String describe(JsonNode node) {
        if (node == null || node.isNull()) {
            return "null";
        }
        String text = node.toString();
        String shown = text.length() > 60 ? text.substring(0, 60) + "..." : text;
        return node.getNodeType().name().toLowerCase() + " " + shown;
    }
}
