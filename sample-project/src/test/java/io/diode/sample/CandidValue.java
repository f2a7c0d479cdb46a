package io.diode.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.ic4j.candid.parser.IDLArgs;
import org.ic4j.candid.parser.IDLValue;
import org.ic4j.candid.types.Label;
import org.ic4j.types.Principal;

/**
 * A Candid value of a canister's reply, read by field and variant names.
 *
 * <p>Why not ic4j's POJO mapping: the Zone and Factory answer {@code variant { ok : ...; err : ... }} and nested
 * variants, which ic4j-candid 0.7.2 cannot map to Java types (its variant support handles the first case only).
 * Decoding without a target type works, though: records and variants arrive as maps keyed by label hashes. This
 * class only navigates that tree; names are hashed as the Candid spec says ({@link Label#createNamedLabel}).
 */
final class CandidValue {

    /** Field and case names of the sample's interfaces, to show label hashes as names in failure messages. */
    private static final Map<Long, String> KNOWN_NAMES = knownNames();

    private final Object value;

    private CandidValue(Object value) {
        this.value = value;
    }

    /** The first value of a reply. */
    static CandidValue decode(byte[] reply) {
        List<IDLValue> values = IDLArgs.fromBytes(reply).getArgs();
        if (values.isEmpty()) {
            throw new IllegalArgumentException("the reply holds no Candid value");
        }
        return new CandidValue(values.getFirst().getValue());
    }

    /** A record field. */
    CandidValue field(String name) {
        Map<Label, Object> record = labelled("record field " + name);
        Label label = Label.createNamedLabel(name);
        if (!record.containsKey(label)) {
            throw new IllegalStateException("no field " + name + " in " + this);
        }
        return new CandidValue(record.get(label));
    }

    /** Whether this variant is the case {@code name}. */
    boolean is(String name) {
        return labelled("variant case " + name).containsKey(Label.createNamedLabel(name));
    }

    /** The payload of variant case {@code name}; fails, showing the actual value, when it is another case. */
    CandidValue get(String name) {
        if (!is(name)) {
            throw new AssertionError("expected variant case " + name + " but got " + this);
        }
        return new CandidValue(labelled(name).get(Label.createNamedLabel(name)));
    }

    /** {@code get("ok")}: the value of a successful {@code Result}. */
    CandidValue ok() {
        return get("ok");
    }

    /** {@code get("err")}: the error of a failed {@code Result}. */
    CandidValue err() {
        return get("err");
    }

    BigInteger nat() {
        return as(BigInteger.class, "nat");
    }

    long natLong() {
        return nat().longValueExact();
    }

    String text() {
        return as(String.class, "text");
    }

    boolean bool() {
        return as(Boolean.class, "bool");
    }

    Principal principal() {
        return as(Principal.class, "principal");
    }

    byte[] blob() {
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
        throw new IllegalStateException("expected a blob but got " + this);
    }

    Optional<CandidValue> opt() {
        if (!(value instanceof Optional<?> optional)) {
            throw new IllegalStateException("expected an opt but got " + this);
        }
        return optional.map(CandidValue::new);
    }

    List<CandidValue> vec() {
        if (!(value instanceof Object[] elements)) {
            throw new IllegalStateException("expected a vec but got " + this);
        }
        return Arrays.stream(elements).map(CandidValue::new).toList();
    }

    /** A vec of nat as longs, e.g. evicted ids. */
    List<Long> natList() {
        return vec().stream().map(CandidValue::natLong).toList();
    }

    @SuppressWarnings("unchecked")
    private Map<Label, Object> labelled(String wanted) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalStateException("expected a record or variant (for " + wanted + ") but got " + this);
        }
        return (Map<Label, Object>) map;
    }

    private <T> T as(Class<T> type, String candidType) {
        if (!type.isInstance(value)) {
            throw new IllegalStateException("expected a " + candidType + " but got " + this);
        }
        return type.cast(value);
    }

    @Override
    public String toString() {
        return render(value);
    }

    private static String render(Object value) {
        return switch (value) {
            case null -> "null";
            case Map<?, ?> map -> map.entrySet().stream()
                    .map(entry -> name((Label) entry.getKey()) + " = " + render(entry.getValue()))
                    .collect(Collectors.joining("; ", "{ ", " }"));
            case Optional<?> optional -> optional.map(inner -> "opt " + render(inner)).orElse("null");
            case Byte[] blob -> "blob(" + blob.length + " bytes)";
            case byte[] blob -> "blob(" + blob.length + " bytes)";
            case Object[] elements -> Arrays.stream(elements).map(CandidValue::render)
                    .collect(Collectors.joining(", ", "vec { ", " }"));
            case String text -> '"' + text + '"';
            default -> value.toString();
        };
    }

    private static String name(Label label) {
        Long id = label.getId();
        return id == null ? String.valueOf(label.getValue()) : KNOWN_NAMES.getOrDefault(id, String.valueOf(id));
    }

    private static Map<Long, String> knownNames() {
        Map<Long, String> names = new HashMap<>();
        Pattern identifier = Pattern.compile("\\b([A-Za-z_][A-Za-z0-9_]*)\\b");
        for (String did : List.of("factory.did", "zone.did")) {
            Path file = Path.of("src", "main", "candid", did);
            if (!Files.isRegularFile(file)) {
                continue; // names are a convenience for messages only
            }
            try {
                Matcher matcher = identifier.matcher(Files.readString(file));
                List<String> words = new ArrayList<>();
                while (matcher.find()) {
                    words.add(matcher.group(1));
                }
                for (String word : words) {
                    names.putIfAbsent(Label.createNamedLabel(word).getId(), word);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names;
    }
}
