package io.diode.pocketic.embedded.management;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.ic4j.candid.parser.IDLArgs;
import org.ic4j.candid.parser.IDLType;
import org.ic4j.candid.parser.IDLValue;
import org.ic4j.candid.types.Label;
import org.ic4j.candid.types.Type;
import org.ic4j.types.Func;

/**
 * Reference Candid messages written by {@code @dfinity/candid} (see
 * {@code src/test/resources/management/candid-fixtures/generate.mjs}), and a canonical rendering of any
 * message's types and values, so that two encodings can be compared for meaning rather than byte order.
 */
final class CandidFixtures {

    private CandidFixtures() {
    }

    static byte[] fixture(String name) {
        String resource = "/management/candid-fixtures/" + name + ".hex";
        try (InputStream in = CandidFixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + resource);
            }
            return HexFormat.of().parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every argument's type and value, with record fields and variant cases in hash order. */
    static String canonical(byte[] message) {
        StringBuilder out = new StringBuilder();
        for (IDLValue argument : IDLArgs.fromBytes(message).getArgs()) {
            render(out, argument.getValue(), argument.getIDLType());
            out.append('\n');
        }
        return out.toString();
    }

    private static void render(StringBuilder out, Object value, IDLType type) {
        Type kind = type.getType();
        switch (kind) {
            case RECORD -> {
                out.append("record{");
                Map<?, ?> fields = (Map<?, ?>) value;
                for (Map.Entry<Long, Label> field : byHash(type).entrySet()) {
                    out.append(field.getKey()).append('=');
                    render(out, fields.get(field.getValue()), type.getTypeMap().get(field.getValue()));
                    out.append(';');
                }
                out.append('}');
            }
            case VARIANT -> {
                out.append("variant<").append(byHash(type).keySet()).append(">");
                Map.Entry<?, ?> chosen = ((Map<?, ?>) value).entrySet().iterator().next();
                Label label = (Label) chosen.getKey();
                out.append(label.getId()).append('=');
                render(out, chosen.getValue(), type.getTypeMap().get(label));
            }
            case OPT -> {
                out.append("opt ");
                Optional<?> optional = (Optional<?>) value;
                if (optional.isEmpty()) {
                    out.append("none");
                } else {
                    render(out, optional.get(), type.getInnerType());
                }
            }
            case VEC -> {
                out.append("vec ").append(type.getInnerType().getType()).append('[');
                int length = value == null ? 0 : Array.getLength(value);
                for (int i = 0; i < length; i++) {
                    render(out, Array.get(value, i), type.getInnerType());
                    out.append(',');
                }
                out.append(']');
            }
            case FUNC -> {
                Func func = (Func) value;
                out.append("func ").append(func.getPrincipal()).append('.').append(func.getMethod());
            }
            default -> out.append(kind).append(' ').append(value);
        }
    }

    private static TreeMap<Long, Label> byHash(IDLType type) {
        TreeMap<Long, Label> byHash = new TreeMap<>();
        type.getTypeMap().keySet().forEach(label -> byHash.put(label.getId() & 0xffffffffL, label));
        return byHash;
    }
}
