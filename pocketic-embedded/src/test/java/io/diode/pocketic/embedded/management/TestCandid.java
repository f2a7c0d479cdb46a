package io.diode.pocketic.embedded.management;

import io.diode.candid.CandidDecoder;
import io.diode.candid.CandidEncoder;
import io.diode.candid.FuncRef;
import io.diode.candid.IdlType;
import io.diode.candid.Label;
import io.diode.candid.VariantValue;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.ic4j.types.Func;
import org.ic4j.types.Principal;

/**
 * The engine tests' bridge to the one Candid codec ({@code ic-candid}): values written with the engine's principals
 * (ic4j's), and replies read by field name without declaring their types. Production code decodes against
 * {@code ic.did}'s types instead; tests only look at what the engine wrote.
 */
public final class TestCandid {

    private TestCandid() {}

    /** {@code value} written as {@code type}; ic4j principals and funcs in it become the codec's. */
    public static byte[] encode(IdlType type, Object value) {
        return CandidEncoder.encode(type, toCodec(value));
    }

    /** The first value of a message, read by its own (wire) types. */
    public static Value firstArgument(byte[] message) {
        List<Object> values = CandidDecoder.decode(message);
        if (values.isEmpty()) {
            throw new AssertionError("expected one argument, got none");
        }
        return new Value(values.getFirst());
    }

    /** Every argument of a message in a canonical text (maps by field id), to compare two encodings by meaning. */
    public static String canonical(byte[] message) {
        StringBuilder out = new StringBuilder();
        for (Object value : CandidDecoder.decode(message)) {
            render(value, out);
            out.append(";\n");
        }
        return out.toString();
    }

    private static Object toCodec(Object value) {
        return switch (value) {
            case Principal principal -> io.diode.candid.Principal.fromBytes(principal.getValue());
            case Func func ->
                new FuncRef(
                        io.diode.candid.Principal.fromBytes(func.getPrincipal().getValue()), func.getMethod());
            case Map<?, ?> map -> {
                Map<Object, Object> converted = new LinkedHashMap<>();
                map.forEach((key, element) -> converted.put(key, toCodec(element)));
                yield converted;
            }
            case List<?> list -> {
                List<Object> converted = new ArrayList<>();
                list.forEach(element -> converted.add(toCodec(element)));
                yield converted;
            }
            case Optional<?> optional -> optional.map(TestCandid::toCodec);
            case VariantValue chosen -> new VariantValue(chosen.label(), toCodec(chosen.value()));
            case null -> null;
            default -> value;
        };
    }

    private static void render(Object value, StringBuilder out) {
        switch (value) {
            case Map<?, ?> map -> {
                out.append("record {");
                new TreeMap<>(map).forEach((key, field) -> {
                    out.append(' ').append(key).append(" = ");
                    render(field, out);
                    out.append(';');
                });
                out.append(" }");
            }
            case List<?> list -> {
                out.append("vec {");
                list.forEach(element -> {
                    out.append(' ');
                    render(element, out);
                    out.append(';');
                });
                out.append(" }");
            }
            case Optional<?> optional -> {
                out.append("opt ");
                if (optional.isEmpty()) {
                    out.append("none");
                } else {
                    render(optional.get(), out);
                }
            }
            case VariantValue chosen -> {
                out.append("variant { ").append(chosen.label()).append(" = ");
                render(chosen.value(), out);
                out.append(" }");
            }
            case byte[] bytes ->
                out.append("blob \"").append(HexFormat.of().formatHex(bytes)).append('"');
            case null -> out.append("null");
            default ->
                out.append('(')
                        .append(value)
                        .append(" : ")
                        .append(value.getClass().getSimpleName())
                        .append(')');
        }
    }

    /** A decoded value read by field name, with the engine's principal type. */
    public record Value(Object value) {

        public Value field(String name) {
            Map<?, ?> record = (Map<?, ?>) value;
            String key = Long.toString(Label.hash(name));
            if (!record.containsKey(key)) {
                throw new AssertionError("missing field " + name + " in " + this);
            }
            return new Value(record.get(key));
        }

        public <T> Optional<T> optionalField(String name, Function<Value, T> reader) {
            Object field = ((Map<?, ?>) value).get(Long.toString(Label.hash(name)));
            return field instanceof Optional<?> optional
                    ? optional.map(inner -> reader.apply(new Value(inner)))
                    : Optional.empty();
        }

        public byte[] blob() {
            return (byte[]) value;
        }

        public BigInteger nat() {
            return (BigInteger) value;
        }

        public long nat64() {
            return (Long) value;
        }

        public int nat32() {
            return (Integer) value;
        }

        public boolean bool() {
            return (Boolean) value;
        }

        public String text() {
            return (String) value;
        }

        public Principal principal() {
            return Principal.from(((io.diode.candid.Principal) value).bytes());
        }

        /** A variant's chosen case, named from {@code knownCases} (the wire carries only the name's hash). */
        public VariantCase variant(List<String> knownCases) {
            VariantValue chosen = (VariantValue) value;
            for (String name : knownCases) {
                if (Long.toString(Label.hash(name)).equals(chosen.label())) {
                    return new VariantCase(name, new Value(chosen.value()));
                }
            }
            throw new AssertionError("variant case " + chosen.label() + " is none of " + knownCases);
        }

        public record VariantCase(String name, Value payload) {}

        public List<Value> vec() {
            return ((List<?>) value).stream().map(Value::new).toList();
        }

        public <T> List<T> vec(Function<Value, T> reader) {
            return vec().stream().map(reader).toList();
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder();
            render(value, out);
            return out.toString();
        }
    }
}
