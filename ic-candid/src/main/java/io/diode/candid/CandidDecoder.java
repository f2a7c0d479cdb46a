package io.diode.candid;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads Candid messages against the types the reader expects, applying the Candid specification's subtyping:
 * {@code nat} read as {@code int}; record fields the reader does not know skipped; record fields and trailing
 * arguments the sender omitted read as none when their type is {@code opt}, {@code null} or {@code reserved};
 * a value whose type does not fit an expected {@code opt} read as none; any value read as {@code reserved};
 * variants the reader knows more cases of. Values come back as {@link CandidEncoder} takes them, records keyed by
 * the expected type's {@link Label#text()}.
 *
 * <p>The message is checked as the specification requires: magic bytes, type references in range, field ids
 * strictly ascending, UTF-8 text, bool 0/1, principals of at most 29 bytes, no bytes left over.
 */
public final class CandidDecoder {

    private static final int MAX_DEPTH = 500;
    /** Bounds vectors of zero-sized elements ({@code vec null}), whose length the message size cannot bound. */
    private static final long MAX_ZERO_SIZED_ELEMENTS = 1 << 22;

    private final Leb128.Reader in;
    private final Map<IdlType, Map<IdlType, Boolean>> subtypes = new IdentityHashMap<>();

    private CandidDecoder(byte[] message) {
        this.in = new Leb128.Reader(message, 0);
    }

    /** The message's arguments read against their own types (records keyed by numeric ids). */
    public static List<Object> decode(byte[] message) {
        CandidDecoder decoder = new CandidDecoder(message);
        List<IdlType> wireTypes = decoder.readHeader();
        return decoder.readValues(wireTypes, wireTypes);
    }

    /** The message's arguments read as {@code expected}. */
    public static List<Object> decode(byte[] message, List<? extends IdlType> expected) {
        CandidDecoder decoder = new CandidDecoder(message);
        List<IdlType> wireTypes = decoder.readHeader();
        return decoder.readValues(wireTypes, expected);
    }

    /** The argument types the message declares (type-table entries appear as {@link IdlType.Ref}s "table0", ...). */
    public static List<IdlType> argumentTypes(byte[] message) {
        return new CandidDecoder(message).readHeader();
    }

    /** Whether a value of type {@code actual} can be read as {@code expected} (Candid's {@code <:}). */
    public static boolean isSubtype(IdlType actual, IdlType expected) {
        return new CandidDecoder(new byte[0]).subtype(actual, expected);
    }

    private List<Object> readValues(List<IdlType> wireTypes, List<? extends IdlType> expected) {
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < Math.max(wireTypes.size(), expected.size()); i++) {
            if (i >= expected.size()) {
                readValue(wireTypes.get(i), wireTypes.get(i), "argument " + i, 0); // extra arguments are ignored
            } else if (i >= wireTypes.size()) {
                if (!acceptsAbsence(expected.get(i))) {
                    throw new CandidException("argument " + i + ": no value of type " + describe(expected.get(i))
                            + " (expected " + arguments(expected.size()) + ", got "
                            + (wireTypes.isEmpty() ? "none" : Integer.toString(wireTypes.size())) + ")");
                }
                values.add(absent(
                        expected.get(i), "argument " + i, "the message has only " + wireTypes.size() + " values"));
            } else {
                IdlType want = expected.get(i);
                if (!subtype(wireTypes.get(i), want)) {
                    String where = mismatch(wireTypes.get(i), want, "argument " + i, new IdentityHashMap<>());
                    String types =
                            "a value of type " + describe(wireTypes.get(i)) + " cannot be read as " + describe(want);
                    throw new CandidException(
                            where != null ? where + " (" + types + ")" : "argument " + i + ": " + types);
                }
                values.add(readValue(wireTypes.get(i), want, "argument " + i, 0));
            }
        }
        if (in.remaining() != 0) {
            throw malformed(in.remaining() + " bytes left over after the last value");
        }
        return values;
    }

    // ---- header --------------------------------------------------------------------------------------------

    private List<IdlType> readHeader() {
        if (in.remaining() < 4
                || in.readByte() != 'D'
                || in.readByte() != 'I'
                || in.readByte() != 'D'
                || in.readByte() != 'L') {
            throw new CandidException("not a Candid message: it must start with the magic bytes \"DIDL\"");
        }
        int size = count("type table size");
        List<IdlType.Ref> table = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            table.add(new IdlType.Ref("table" + i));
        }
        for (int i = 0; i < size; i++) {
            table.get(i).define(readEntry(table, i));
        }
        for (IdlType.Ref entry : table) {
            entry.resolve(); // rejects an entry defined only as another entry's alias, e.g. a cycle of references
        }
        int count = count("argument count");
        List<IdlType> arguments = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            arguments.add(typeReference(table));
        }
        return arguments;
    }

    private IdlType readEntry(List<IdlType.Ref> table, int index) {
        long opcode = typeCode();
        return switch ((int) opcode) {
            case IdlType.OPT -> new IdlType.Opt(typeReference(table));
            case IdlType.VEC -> new IdlType.Vec(typeReference(table));
            case IdlType.RECORD -> new IdlType.Record(fields(table, index));
            case IdlType.VARIANT -> new IdlType.Variant(fields(table, index));
            case IdlType.FUNC -> {
                List<IdlType> arguments = typeList(table, "func argument count");
                List<IdlType> results = typeList(table, "func result count");
                int annotations = count("func annotation count");
                List<String> modes = new ArrayList<>();
                for (int i = 0; i < annotations; i++) {
                    modes.add(
                            switch (in.readByte()) {
                                case 1 -> "query";
                                case 2 -> "oneway";
                                case 3 -> "composite_query";
                                default -> throw malformed("unknown func annotation in type " + index);
                            });
                }
                yield new IdlType.Func(arguments, results, modes);
            }
            case IdlType.SERVICE -> {
                int methods = count("service method count");
                List<IdlType.Method> list = new ArrayList<>();
                String previous = null;
                for (int i = 0; i < methods; i++) {
                    String name = readText();
                    if (previous != null
                            && java.util.Arrays.compareUnsigned(
                                            previous.getBytes(StandardCharsets.UTF_8),
                                            name.getBytes(StandardCharsets.UTF_8))
                                    >= 0) {
                        throw malformed("method names of service type " + index + " are not strictly ascending");
                    }
                    previous = name;
                    list.add(new IdlType.Method(name, typeReference(table)));
                }
                yield new IdlType.Service(list);
            }
            default -> throw malformed("type table entry " + index + " has invalid type code " + opcode);
        };
    }

    private List<IdlType.Field> fields(List<IdlType.Ref> table, int index) {
        int count = count("field count");
        List<IdlType.Field> fields = new ArrayList<>(count);
        long previous = -1;
        for (int i = 0; i < count; i++) {
            BigInteger id = in.readUnsigned();
            if (id.bitLength() > 32) {
                throw malformed("field id " + id + " in type " + index + " is larger than 32 bits");
            }
            if (id.longValue() <= previous) {
                throw malformed("field ids of type " + index + " are not strictly ascending");
            }
            previous = id.longValue();
            fields.add(new IdlType.Field(Label.id(previous), typeReference(table)));
        }
        return fields;
    }

    private List<IdlType> typeList(List<IdlType.Ref> table, String what) {
        int count = count(what);
        List<IdlType> types = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            types.add(typeReference(table));
        }
        return types;
    }

    private IdlType typeReference(List<IdlType.Ref> table) {
        long code = typeCode();
        if (code >= 0) {
            if (code >= table.size()) {
                throw malformed("type reference " + code + " is outside the type table of " + table.size());
            }
            return table.get((int) code);
        }
        IdlType.Primitive primitive = IdlType.Primitive.ofOpcode(code);
        if (primitive == null) {
            throw malformed("invalid type code " + code);
        }
        return primitive;
    }

    private long typeCode() {
        BigInteger code = in.readSigned();
        if (code.bitLength() > 32) {
            throw malformed("type code " + code + " is out of range");
        }
        return code.longValue();
    }

    // ---- subtyping -----------------------------------------------------------------------------------------

    private boolean subtype(IdlType actualType, IdlType expectedType) {
        Map<IdlType, Boolean> row = subtypes.computeIfAbsent(actualType, k -> new IdentityHashMap<>());
        Boolean known = row.get(expectedType);
        if (known != null) {
            return known;
        }
        row.put(expectedType, true); // coinductive: a cycle back to this pair holds
        boolean result = computeSubtype(actualType.resolve(), expectedType.resolve());
        row.put(expectedType, result);
        return result;
    }

    private boolean computeSubtype(IdlType actual, IdlType expected) {
        if (expected == IdlType.Primitive.RESERVED
                || actual == IdlType.Primitive.EMPTY
                || expected instanceof IdlType.Opt) {
            return true;
        }
        if (actual instanceof IdlType.Primitive && expected instanceof IdlType.Primitive) {
            return actual == expected || (actual == IdlType.Primitive.NAT && expected == IdlType.Primitive.INT);
        }
        return switch (expected) {
            case IdlType.Vec want when actual instanceof IdlType.Vec have -> subtype(have.element(), want.element());
            case IdlType.Record want
            when actual instanceof IdlType.Record have -> {
                for (IdlType.Field field : want.fields()) {
                    IdlType.Field present = have.field(field.label().id());
                    if (present == null ? !acceptsAbsence(field.type()) : !subtype(present.type(), field.type())) {
                        yield false;
                    }
                }
                yield true;
            }
            case IdlType.Variant want
            when actual instanceof IdlType.Variant have -> {
                for (IdlType.Field option : have.cases()) {
                    IdlType.Field known = want.field(option.label().id());
                    if (known == null || !subtype(option.type(), known.type())) {
                        yield false;
                    }
                }
                yield true;
            }
            case IdlType.Func want
            when actual instanceof IdlType.Func have ->
                want.modes().equals(have.modes())
                        && sequenceSubtype(want.arguments(), have.arguments())
                        && sequenceSubtype(have.results(), want.results());
            case IdlType.Service want
            when actual instanceof IdlType.Service have -> {
                for (IdlType.Method method : want.methods()) {
                    IdlType.Method offered = have.method(method.name());
                    if (offered == null || !subtype(offered.type(), method.type())) {
                        yield false;
                    }
                }
                yield true;
            }
            default -> false;
        };
    }

    /**
     * Where and why {@code actual} is not a subtype of {@code expected}, as {@code path: detail} naming the deepest
     * field that does not fit (e.g. {@code argument 0.canister_id: expected a principal, got text}); null when it fits.
     */
    private String mismatch(IdlType actualType, IdlType expectedType, String path, Map<IdlType, IdlType> visiting) {
        if (subtype(actualType, expectedType) || visiting.put(actualType, expectedType) == expectedType) {
            return null;
        }
        IdlType actual = actualType.resolve();
        IdlType expected = expectedType.resolve();
        switch (expected) {
            case IdlType.Vec want
            when want.isBlob() && !(actual instanceof IdlType.Vec have && have.isBlob()) -> {
                return path + ": expected a blob (vec nat8), got " + describe(actualType);
            }
            case IdlType.Vec want
            when actual instanceof IdlType.Vec have -> {
                return mismatch(have.element(), want.element(), path + "[]", visiting);
            }
            case IdlType.Record want
            when actual instanceof IdlType.Record have -> {
                List<String> missing = want.fields().stream()
                        .filter(field -> have.field(field.label().id()) == null && !acceptsAbsence(field.type()))
                        .map(field -> "missing field " + field.label().text())
                        .sorted()
                        .toList();
                if (!missing.isEmpty()) {
                    return path + ": " + String.join("; ", missing);
                }
                for (IdlType.Field field : want.fields()) {
                    IdlType.Field present = have.field(field.label().id());
                    String inner = present == null
                            ? null
                            : mismatch(
                                    present.type(),
                                    field.type(),
                                    path + "." + field.label().text(),
                                    visiting);
                    if (inner != null) {
                        return inner;
                    }
                }
                return null;
            }
            case IdlType.Variant want
            when actual instanceof IdlType.Variant have -> {
                for (IdlType.Field option : have.cases()) {
                    IdlType.Field known = want.field(option.label().id());
                    if (known == null) {
                        return path + ": unknown variant case " + option.label().text() + "; expected one of "
                                + want.cases().stream()
                                        .map(c -> c.label().text())
                                        .sorted()
                                        .toList();
                    }
                    String inner = mismatch(
                            option.type(),
                            known.type(),
                            path + "#" + known.label().text(),
                            visiting);
                    if (inner != null) {
                        return inner;
                    }
                }
                return null;
            }
            default -> {
                String wanted = expected instanceof IdlType.Primitive ? expected.toString() : kind(expected);
                return path + ": expected " + article(wanted) + " " + wanted + ", got " + describe(actualType);
            }
        }
    }

    private static String kind(IdlType type) {
        return switch (type) {
            case IdlType.Record record -> "record";
            case IdlType.Variant variant -> "variant";
            case IdlType.Vec vec -> "vec";
            case IdlType.Func func -> "func " + func;
            case IdlType.Service service -> "service";
            default -> type.toString();
        };
    }

    private static String article(String word) {
        return "aeiou".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
    }

    private static String arguments(int count) {
        return count == 1 ? "one argument" : count + " arguments";
    }

    /** Argument or result sequences: extra actual entries are ignored, missing ones must accept absence. */
    private boolean sequenceSubtype(List<IdlType> actual, List<IdlType> expected) {
        for (int i = 0; i < expected.size(); i++) {
            if (i < actual.size() ? !subtype(actual.get(i), expected.get(i)) : !acceptsAbsence(expected.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean acceptsAbsence(IdlType type) {
        IdlType resolved = type.resolve();
        return resolved instanceof IdlType.Opt
                || resolved == IdlType.Primitive.NULL
                || resolved == IdlType.Primitive.RESERVED;
    }

    private static Object absent(IdlType type, String path, String why) {
        IdlType resolved = type.resolve();
        if (resolved instanceof IdlType.Opt) {
            return Optional.empty();
        }
        if (resolved == IdlType.Primitive.NULL || resolved == IdlType.Primitive.RESERVED) {
            return null;
        }
        throw new CandidException(path + ": no value of type " + type + " (" + why + ")");
    }

    // ---- values --------------------------------------------------------------------------------------------

    private Object readValue(IdlType actualType, IdlType expectedType, String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw malformed(path + ": values nested deeper than " + MAX_DEPTH);
        }
        IdlType actual = actualType.resolve();
        IdlType expected = expectedType.resolve();
        if (expected == IdlType.Primitive.RESERVED && actual != IdlType.Primitive.RESERVED) {
            readValue(actualType, actualType, path, depth + 1);
            return null;
        }
        if (expected instanceof IdlType.Opt want) {
            return readOptional(actualType, actual, want, path, depth);
        }
        return switch (actual) {
            case IdlType.Primitive primitive -> readPrimitive(primitive, expected);
            case IdlType.Opt have -> throw new IllegalStateException(path + ": opt read as " + expected);
            case IdlType.Vec have -> {
                IdlType element = ((IdlType.Vec) expected).element();
                if (have.element().resolve() == IdlType.Primitive.NAT8 && element.resolve() == IdlType.Primitive.NAT8) {
                    yield in.readBytes(count("blob length"));
                }
                BigInteger length = in.readUnsigned();
                long limit = isZeroSized(have.element(), 0) ? MAX_ZERO_SIZED_ELEMENTS : in.remaining();
                if (length.compareTo(BigInteger.valueOf(limit)) > 0) {
                    throw malformed(path + ": a vec claims " + length + " elements, more than the message can hold");
                }
                int size = length.intValue();
                List<Object> elements = new ArrayList<>(Math.min(size, 1 << 16));
                for (int i = 0; i < size; i++) {
                    elements.add(readValue(have.element(), element, path, depth + 1));
                }
                yield elements;
            }
            case IdlType.Record have -> {
                IdlType.Record want = (IdlType.Record) expected;
                Map<String, Object> read = new HashMap<>();
                for (IdlType.Field field : have.fields()) {
                    IdlType.Field known = want.field(field.label().id());
                    if (known == null) {
                        readValue(field.type(), field.type(), path, depth + 1);
                    } else {
                        read.put(
                                known.label().text(),
                                readValue(
                                        field.type(),
                                        known.type(),
                                        path + "." + known.label().text(),
                                        depth + 1));
                    }
                }
                Map<String, Object> record = new LinkedHashMap<>();
                for (IdlType.Field field : want.fields()) {
                    String key = field.label().text();
                    record.put(
                            key,
                            read.containsKey(key)
                                    ? read.get(key)
                                    : absent(field.type(), path + "." + key, "the message has no such field"));
                }
                yield record;
            }
            case IdlType.Variant have -> {
                BigInteger index = in.readUnsigned();
                if (index.compareTo(BigInteger.valueOf(have.cases().size())) >= 0) {
                    throw malformed(path + ": variant index " + index + " is out of range for "
                            + have.cases().size() + " cases");
                }
                IdlType.Field option = have.cases().get(index.intValue());
                IdlType.Field known =
                        ((IdlType.Variant) expected).field(option.label().id());
                yield new VariantValue(
                        known.label().text(),
                        readValue(
                                option.type(),
                                known.type(),
                                path + "#" + known.label().text(),
                                depth + 1));
            }
            case IdlType.Func have -> {
                if (in.readByte() != 1) {
                    throw malformed(path + ": opaque func references are not supported");
                }
                Principal service = readPrincipal();
                yield new FuncRef(service, readText());
            }
            case IdlType.Service have -> readPrincipal();
            case IdlType.Ref ref -> throw new IllegalStateException("unresolved " + ref);
        };
    }

    private Object readOptional(IdlType actualType, IdlType actual, IdlType.Opt want, String path, int depth) {
        if (actual == IdlType.Primitive.NULL || actual == IdlType.Primitive.RESERVED) {
            return Optional.empty();
        }
        if (actual instanceof IdlType.Opt have) {
            int flag = in.readByte();
            if (flag == 0) {
                return Optional.empty();
            }
            if (flag != 1) {
                throw malformed(path + ": an opt must start with 0 or 1");
            }
            if (subtype(have.inner(), want.inner())) {
                return Optional.ofNullable(readValue(have.inner(), want.inner(), path, depth + 1));
            }
            readValue(have.inner(), have.inner(), path, depth + 1);
            return Optional.empty();
        }
        // A plain value read as opt: some value if it fits and the option cannot itself hold null, else none.
        if (!acceptsAbsence(want.inner()) && subtype(actualType, want.inner())) {
            return Optional.ofNullable(readValue(actualType, want.inner(), path, depth + 1));
        }
        readValue(actualType, actualType, path, depth + 1);
        return Optional.empty();
    }

    private Object readPrimitive(IdlType.Primitive actual, IdlType expected) {
        return switch (actual) {
            case NULL, RESERVED -> null;
            case EMPTY -> throw malformed("a value of type empty cannot exist");
            case BOOL ->
                switch (in.readByte()) {
                    case 0 -> false;
                    case 1 -> true;
                    default -> throw malformed("a bool must be 0 or 1");
                };
            case NAT -> in.readUnsigned();
            case INT -> in.readSigned();
            case NAT8, INT8 -> (byte) in.readFixed(1);
            case NAT16, INT16 -> (short) in.readFixed(2);
            case NAT32, INT32 -> (int) in.readFixed(4);
            case NAT64, INT64 -> in.readFixed(8);
            case FLOAT32 -> Float.intBitsToFloat((int) in.readFixed(4));
            case FLOAT64 -> Double.longBitsToDouble(in.readFixed(8));
            case TEXT -> readText();
            case PRINCIPAL -> readPrincipal();
        };
    }

    private static boolean isZeroSized(IdlType type, int depth) {
        IdlType resolved = type.resolve();
        if (resolved == IdlType.Primitive.NULL || resolved == IdlType.Primitive.RESERVED) {
            return true;
        }
        if (!(resolved instanceof IdlType.Record record) || depth > 50) {
            return false;
        }
        return record.fields().stream().allMatch(f -> isZeroSized(f.type(), depth + 1));
    }

    private String readText() {
        byte[] utf8 = in.readBytes(count("text length"));
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8))
                    .toString();
        } catch (CharacterCodingException e) {
            throw malformed("a text is not valid UTF-8");
        }
    }

    private Principal readPrincipal() {
        if (in.readByte() != 1) {
            throw malformed("opaque principal references are not supported");
        }
        byte[] bytes = in.readBytes(count("principal length"));
        if (bytes.length > Principal.MAX_LENGTH) {
            throw malformed("a principal has at most " + Principal.MAX_LENGTH + " bytes, got " + bytes.length);
        }
        return Principal.fromBytes(bytes);
    }

    /** A count or length; each counted item takes at least one byte, so no honest count exceeds the bytes left. */
    private int count(String what) {
        BigInteger count = in.readUnsigned();
        if (count.compareTo(BigInteger.valueOf(in.remaining())) > 0) {
            throw malformed(what + " " + count + " exceeds the message");
        }
        return count.intValue();
    }

    private static String describe(IdlType type) {
        if (type instanceof IdlType.Ref ref) {
            return ref.name().startsWith("table") ? ref.resolve().toString() : ref.name() + " = " + ref.resolve();
        }
        return type.toString();
    }

    private CandidException malformed(String detail) {
        return new CandidException("malformed Candid message at byte " + in.position() + ": " + detail);
    }
}
