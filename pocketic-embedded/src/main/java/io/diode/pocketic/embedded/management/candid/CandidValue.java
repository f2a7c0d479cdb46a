package io.diode.pocketic.embedded.management.candid;

import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.ic4j.types.Func;
import org.ic4j.types.Principal;

/**
 * A decoded Candid value together with its wire type, read against the type the reader expects with
 * Candid's subtyping rules: record fields are found by name hash and extra fields are ignored; a missing,
 * {@code null}, {@code reserved} or ill-typed value read as {@code opt} is absent (the "opt rule"); every
 * other mismatch is a {@link CandidDecodingException} naming the path of the offending value.
 */
public final class CandidValue {

    /** The value of a variant on the wire: the chosen case's hash and its payload. */
    record ChosenCase(long hash, CandidValue payload) {
    }

    private final Object value;
    private final WireType type;
    private final String path;

    CandidValue(Object value, WireType type, String path) {
        this.value = value;
        this.type = type;
        this.path = path;
    }

    /** Where this value sits in the argument, like {@code settings.controllers[2]}, for error messages. */
    public String path() {
        return path;
    }

    private CandidValue at(String childPath) {
        return new CandidValue(value, type, childPath);
    }

    // ---- records ------------------------------------------------------------------------------------------

    /** A field that must be present. */
    public CandidValue field(String name) {
        return findField(name).orElseThrow(() -> mismatch("missing field " + name));
    }

    /**
     * A field of type {@code opt T}: empty when the field is missing, {@code null}, {@code reserved}, an empty
     * opt, or holds a value that {@code reader} cannot read as {@code T}.
     */
    public <T> Optional<T> optionalField(String name, Function<CandidValue, T> reader) {
        return findField(name).flatMap(field -> field.asOptional(reader));
    }

    /** This value read as {@code opt T} (see {@link #optionalField}). */
    public <T> Optional<T> asOptional(Function<CandidValue, T> reader) {
        if (type.kind == WireType.Kind.NULL || type.kind == WireType.Kind.RESERVED) {
            return Optional.empty();
        }
        CandidValue content = this;
        if (type.kind == WireType.Kind.OPT) {
            Optional<?> optional = (Optional<?>) value;
            if (optional.isEmpty()) {
                return Optional.empty();
            }
            content = ((CandidValue) optional.get()).at(path);
        }
        try {
            return Optional.ofNullable(reader.apply(content));
        } catch (CandidDecodingException illTyped) {
            // Candid's opt rule: a value of the wrong type where an opt is expected decodes as null.
            return Optional.empty();
        }
    }

    private Optional<CandidValue> findField(String name) {
        expect(WireType.Kind.RECORD, "a record");
        CandidValue field = ((Map<?, ?>) value).get(CandidType.idlHash(name)) instanceof CandidValue found
                ? found : null;
        return Optional.ofNullable(field).map(found -> found.at(child(name)));
    }

    // ---- variants -----------------------------------------------------------------------------------------

    /** The chosen case of a variant, which must be one of {@code knownCases}. */
    public VariantCase variant(Collection<String> knownCases) {
        expect(WireType.Kind.VARIANT, "a variant");
        ChosenCase chosen = (ChosenCase) value;
        for (String name : knownCases) {
            if (CandidType.idlHash(name) == chosen.hash()) {
                return new VariantCase(name, chosen.payload().at(child(name)));
            }
        }
        throw mismatch("unknown variant case with hash " + chosen.hash() + "; expected one of " + knownCases);
    }

    /** A variant's chosen case and its payload. */
    public record VariantCase(String name, CandidValue payload) {
    }

    // ---- primitives ---------------------------------------------------------------------------------------

    public BigInteger nat() {
        expect(WireType.Kind.NAT, "a nat");
        return (BigInteger) value;
    }

    /** A {@code nat64}, as the unsigned 64 bits in a long. */
    public long nat64() {
        expect(WireType.Kind.NAT64, "a nat64");
        return (Long) value;
    }

    /** A {@code nat16}, 0 to 65535. */
    public int nat16() {
        expect(WireType.Kind.NAT16, "a nat16");
        return (Integer) value;
    }

    /** A {@code nat32}, as the unsigned 32 bits in an int. */
    public int nat32() {
        expect(WireType.Kind.NAT32, "a nat32");
        return (Integer) value;
    }

    public boolean bool() {
        expect(WireType.Kind.BOOL, "a bool");
        return (Boolean) value;
    }

    public String text() {
        expect(WireType.Kind.TEXT, "a text");
        return (String) value;
    }

    public Principal principal() {
        expect(WireType.Kind.PRINCIPAL, "a principal");
        return (Principal) value;
    }

    /** A reference to a method ({@code func}). */
    public Func func() {
        expect(WireType.Kind.FUNC, "a func");
        return (Func) value;
    }

    /** A {@code blob} ({@code vec nat8}); the array is this value's own copy. */
    public byte[] blob() {
        if (!type.isBlob()) {
            throw mismatch("expected a blob (vec nat8), got " + type);
        }
        return (byte[]) value;
    }

    /** A {@code vec T}'s elements; a blob is not a vec here (read it with {@link #blob()}). */
    public List<CandidValue> vec() {
        if (type.kind != WireType.Kind.VEC || type.isBlob()) {
            throw mismatch("expected a vec, got " + type);
        }
        List<?> elements = (List<?>) value;
        return java.util.stream.IntStream.range(0, elements.size())
                .mapToObj(i -> ((CandidValue) elements.get(i)).at(path + "[" + i + "]"))
                .toList();
    }

    /** A {@code vec T} read element by element. */
    public <T> List<T> vec(Function<CandidValue, T> elementReader) {
        return vec().stream().map(elementReader).toList();
    }

    /**
     * Type and value in one canonical text (record fields and variant cases by hash), for diagnostics and for
     * comparing two encodings by meaning rather than byte layout.
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        render(out);
        return out.toString();
    }

    private void render(StringBuilder out) {
        switch (type.kind) {
            case RECORD -> {
                out.append("record {");
                for (Map.Entry<?, ?> field : ((Map<?, ?>) value).entrySet()) {
                    out.append(' ').append(field.getKey()).append(" = ");
                    ((CandidValue) field.getValue()).render(out);
                    out.append(';');
                }
                out.append(" }");
            }
            case VARIANT -> {
                ChosenCase chosen = (ChosenCase) value;
                out.append("variant ").append(java.util.Arrays.toString(type.hashes)).append(" { ")
                        .append(chosen.hash()).append(" = ");
                chosen.payload().render(out);
                out.append(" }");
            }
            case OPT -> {
                Optional<?> optional = (Optional<?>) value;
                out.append("opt ");
                if (optional.isEmpty()) {
                    out.append("none : ").append(type.inner);
                } else {
                    ((CandidValue) optional.get()).render(out);
                }
            }
            case VEC -> {
                if (type.isBlob()) {
                    out.append("blob \"").append(java.util.HexFormat.of().formatHex((byte[]) value)).append('"');
                } else {
                    out.append("vec ").append(type.inner).append(" {");
                    for (Object element : (List<?>) value) {
                        out.append(' ');
                        ((CandidValue) element).render(out);
                        out.append(';');
                    }
                    out.append(" }");
                }
            }
            case NULL, RESERVED -> out.append(type.kind.name().toLowerCase());
            case FUNC -> out.append("func ").append(((Func) value).getPrincipal()).append('.')
                    .append(((Func) value).getMethod());
            default -> out.append('(').append(value).append(" : ").append(type).append(')');
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private void expect(WireType.Kind expected, String description) {
        if (type.kind != expected) {
            throw mismatch("expected " + description + ", got " + type);
        }
    }

    private String child(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private CandidDecodingException mismatch(String detail) {
        return new CandidDecodingException((path.isEmpty() ? "argument" : path) + ": " + detail);
    }
}
