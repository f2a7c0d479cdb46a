package io.diode.candid;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes Candid messages: {@code DIDL}, the type table, the argument types, the values.
 *
 * <p>Values by type: {@code nat}/{@code int} → BigInteger (or any integral Number); {@code nat8..64},
 * {@code int8..64} → Byte/Short/Integer/Long (the unsigned types take the same-width box as raw bits, or any
 * Number within range); {@code float32/64} → Float/Double; {@code bool} → Boolean; {@code text} → String;
 * {@code null}/{@code reserved} → anything (ignored); {@code principal} and {@code service} → {@link Principal};
 * {@code blob} → byte[]; {@code vec} → List; {@code opt} → Optional (or null for none); {@code record} → Map from
 * {@link Label#text()} (a tuple may also be a List); {@code variant} → {@link VariantValue};
 * {@code func} → {@link FuncRef}.
 *
 * <p>The type table is laid out the way {@code @dfinity/candid} lays it out (a type's components before the type,
 * a recursive type's slot before its components, structurally equal types once), so that both write identical
 * bytes for the same types and values.
 */
public final class CandidEncoder {

    private static final byte[] MAGIC = {'D', 'I', 'D', 'L'};
    private static final int MAX_DEPTH = 1000;

    private final Map<Object, Integer> tableIndex = new HashMap<>();
    private final List<byte[]> entries = new ArrayList<>();
    private final Map<IdlType.Ref, Boolean> recursive = new IdentityHashMap<>();
    private final Map<IdlType.Ref, IdlType> canonicalTargets = new IdentityHashMap<>();

    private CandidEncoder() {}

    /** {@code ()}: no arguments or results. */
    public static byte[] empty() {
        return encode(List.of(), List.of());
    }

    public static byte[] encode(IdlType type, Object value) {
        return encode(List.of(type), Collections.singletonList(value));
    }

    public static byte[] encode(List<? extends IdlType> types, List<?> values) {
        if (types.size() != values.size()) {
            throw new CandidException(types.size() + " types for " + values.size() + " values");
        }
        CandidEncoder encoder = new CandidEncoder();
        List<IdlType> canonical = types.stream().map(encoder::canonical).toList();
        ByteArrayOutputStream argumentTypes = new ByteArrayOutputStream();
        Leb128.writeUnsigned(argumentTypes, canonical.size());
        for (IdlType type : canonical) {
            Leb128.writeSigned(argumentTypes, encoder.typeCode(type));
        }
        ByteArrayOutputStream valueBytes = new ByteArrayOutputStream();
        for (int i = 0; i < canonical.size(); i++) {
            encoder.writeValue(valueBytes, canonical.get(i), values.get(i), "argument " + i, 0);
        }
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.writeBytes(MAGIC);
        Leb128.writeUnsigned(message, encoder.entries.size());
        encoder.entries.forEach(message::writeBytes);
        message.writeBytes(argumentTypes.toByteArray());
        message.writeBytes(valueBytes.toByteArray());
        return message.toByteArray();
    }

    // ---- types ---------------------------------------------------------------------------------------------

    /**
     * The type with every non-recursive {@link IdlType.Ref} replaced by its definition, so that structurally
     * equal types share one table entry whatever names they were given.
     */
    private IdlType canonical(IdlType type) {
        return switch (type) {
            case IdlType.Ref ref -> {
                if (isRecursive(ref)) {
                    if (!canonicalTargets.containsKey(ref)) {
                        canonicalTargets.put(ref, null); // a cycle reaching back here keeps the Ref
                        canonicalTargets.put(ref, canonical(ref.target()));
                    }
                    yield ref;
                }
                yield canonical(ref.target());
            }
            case IdlType.Opt opt -> new IdlType.Opt(canonical(opt.inner()));
            case IdlType.Vec vec -> new IdlType.Vec(canonical(vec.element()));
            case IdlType.Record record ->
                new IdlType.Record(record.fields().stream()
                        .map(f -> new IdlType.Field(f.label(), canonical(f.type())))
                        .toList());
            case IdlType.Variant variant ->
                new IdlType.Variant(variant.cases().stream()
                        .map(f -> new IdlType.Field(f.label(), canonical(f.type())))
                        .toList());
            case IdlType.Func func ->
                new IdlType.Func(
                        func.arguments().stream().map(this::canonical).toList(),
                        func.results().stream().map(this::canonical).toList(),
                        func.modes());
            case IdlType.Service service ->
                new IdlType.Service(service.methods().stream()
                        .map(m -> new IdlType.Method(m.name(), canonical(m.type())))
                        .toList());
            case IdlType.Primitive primitive -> primitive;
        };
    }

    private boolean isRecursive(IdlType.Ref ref) {
        return recursive.computeIfAbsent(
                ref, r -> reaches(r.target(), r, Collections.newSetFromMap(new IdentityHashMap<>())));
    }

    private static boolean reaches(IdlType type, IdlType.Ref goal, Set<IdlType.Ref> visited) {
        return switch (type) {
            case IdlType.Ref ref -> ref == goal || (visited.add(ref) && reaches(ref.target(), goal, visited));
            case IdlType.Opt opt -> reaches(opt.inner(), goal, visited);
            case IdlType.Vec vec -> reaches(vec.element(), goal, visited);
            case IdlType.Record record -> record.fields().stream().anyMatch(f -> reaches(f.type(), goal, visited));
            case IdlType.Variant variant -> variant.cases().stream().anyMatch(f -> reaches(f.type(), goal, visited));
            case IdlType.Func func ->
                func.arguments().stream().anyMatch(t -> reaches(t, goal, visited))
                        || func.results().stream().anyMatch(t -> reaches(t, goal, visited));
            case IdlType.Service service -> service.methods().stream().anyMatch(m -> reaches(m.type(), goal, visited));
            case IdlType.Primitive primitive -> false;
        };
    }

    /** The type's code in a message: a primitive's opcode, or its type-table index (adding entries as needed). */
    private int typeCode(IdlType type) {
        if (type instanceof IdlType.Primitive primitive) {
            return primitive.opcode;
        }
        Integer known = tableIndex.get(type);
        if (known != null) {
            return known;
        }
        if (type instanceof IdlType.Ref ref) {
            int slot = entries.size();
            tableIndex.put(ref, slot);
            entries.add(null);
            IdlType definition = canonicalTargets.get(ref);
            while (definition instanceof IdlType.Ref inner) {
                definition = canonicalTargets.get(inner);
            }
            byte[] entry = entryOf(definition);
            entries.set(slot, entry);
            tableIndex.putIfAbsent(definition, slot);
            return slot;
        }
        byte[] entry = entryOf(type);
        int index = entries.size();
        tableIndex.put(type, index);
        entries.add(entry);
        return index;
    }

    private byte[] entryOf(IdlType type) {
        ByteArrayOutputStream entry = new ByteArrayOutputStream();
        switch (type) {
            case IdlType.Opt opt -> {
                int inner = typeCode(opt.inner());
                Leb128.writeSigned(entry, IdlType.OPT);
                Leb128.writeSigned(entry, inner);
            }
            case IdlType.Vec vec -> {
                int element = typeCode(vec.element());
                Leb128.writeSigned(entry, IdlType.VEC);
                Leb128.writeSigned(entry, element);
            }
            case IdlType.Record record -> writeFields(entry, IdlType.RECORD, record.fields());
            case IdlType.Variant variant -> writeFields(entry, IdlType.VARIANT, variant.cases());
            case IdlType.Func func -> {
                int[] arguments =
                        func.arguments().stream().mapToInt(this::typeCode).toArray();
                int[] results = func.results().stream().mapToInt(this::typeCode).toArray();
                Leb128.writeSigned(entry, IdlType.FUNC);
                writeCodes(entry, arguments);
                writeCodes(entry, results);
                Leb128.writeUnsigned(entry, func.modes().size());
                for (String mode : func.modes()) {
                    entry.write(
                            switch (mode) {
                                case "query" -> 1;
                                case "oneway" -> 2;
                                default -> 3; // composite_query
                            });
                }
            }
            case IdlType.Service service -> {
                int[] codes = service.methods().stream()
                        .mapToInt(m -> typeCode(m.type()))
                        .toArray();
                Leb128.writeSigned(entry, IdlType.SERVICE);
                Leb128.writeUnsigned(entry, codes.length);
                for (int i = 0; i < codes.length; i++) {
                    byte[] name = service.methods().get(i).name().getBytes(StandardCharsets.UTF_8);
                    Leb128.writeUnsigned(entry, name.length);
                    entry.writeBytes(name);
                    Leb128.writeSigned(entry, codes[i]);
                }
            }
            case IdlType.Primitive primitive -> throw new IllegalStateException("primitive in the type table");
            case IdlType.Ref ref -> throw new IllegalStateException("unresolved reference " + ref);
        }
        return entry.toByteArray();
    }

    private void writeFields(ByteArrayOutputStream entry, int opcode, List<IdlType.Field> fields) {
        int[] codes = fields.stream().mapToInt(f -> typeCode(f.type())).toArray();
        Leb128.writeSigned(entry, opcode);
        Leb128.writeUnsigned(entry, fields.size());
        for (int i = 0; i < codes.length; i++) {
            Leb128.writeUnsigned(entry, fields.get(i).label().id());
            Leb128.writeSigned(entry, codes[i]);
        }
    }

    private static void writeCodes(ByteArrayOutputStream entry, int[] codes) {
        Leb128.writeUnsigned(entry, codes.length);
        for (int code : codes) {
            Leb128.writeSigned(entry, code);
        }
    }

    // ---- values --------------------------------------------------------------------------------------------

    private void writeValue(ByteArrayOutputStream out, IdlType type, Object value, String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw new CandidException(path + ": values nested deeper than " + MAX_DEPTH);
        }
        IdlType resolved = type instanceof IdlType.Ref ref ? resolveCanonical(ref) : type;
        switch (resolved) {
            case IdlType.Primitive primitive -> writePrimitive(out, primitive, value, path);
            case IdlType.Opt opt -> {
                Object inner = value instanceof Optional<?> optional ? optional.orElse(null) : value;
                if (inner == null && !(value instanceof Optional<?> o && o.isPresent())) {
                    out.write(0);
                } else {
                    out.write(1);
                    writeValue(out, opt.inner(), inner, path, depth + 1);
                }
            }
            case IdlType.Vec vec -> {
                if (vec.element().resolve() == IdlType.Primitive.NAT8 && value instanceof byte[] bytes) {
                    Leb128.writeUnsigned(out, bytes.length);
                    out.writeBytes(bytes);
                } else if (value instanceof List<?> list) {
                    Leb128.writeUnsigned(out, list.size());
                    for (int i = 0; i < list.size(); i++) {
                        writeValue(out, vec.element(), list.get(i), path + "[" + i + "]", depth + 1);
                    }
                } else {
                    throw mismatch(path, resolved, value, vec.isBlob() ? "a byte[] or List" : "a List");
                }
            }
            case IdlType.Record record -> {
                for (IdlType.Field field : record.fields()) {
                    Object fieldValue;
                    String key = field.label().text();
                    if (value instanceof Map<?, ?> map) {
                        if (!map.containsKey(key) && !acceptsAbsence(field.type())) {
                            throw new CandidException(path + ": record " + resolved + " needs field \"" + key
                                    + "\" but the value has only " + map.keySet());
                        }
                        fieldValue = map.get(key);
                    } else if (value instanceof List<?> list && record.isTuple()) {
                        if (list.size() != record.fields().size()) {
                            throw new CandidException(path + ": tuple " + resolved + " needs "
                                    + record.fields().size() + " elements, got " + list.size());
                        }
                        fieldValue = list.get((int) field.label().id());
                    } else {
                        throw mismatch(path, resolved, value, "a Map from field name to value");
                    }
                    writeValue(out, field.type(), fieldValue, path + "." + key, depth + 1);
                }
            }
            case IdlType.Variant variant -> {
                if (!(value instanceof VariantValue chosen)) {
                    throw mismatch(path, resolved, value, "a VariantValue");
                }
                int index = -1;
                for (int i = 0; i < variant.cases().size(); i++) {
                    if (variant.cases().get(i).label().text().equals(chosen.label())) {
                        index = i;
                    }
                }
                if (index < 0) {
                    throw new CandidException(
                            path + ": variant " + resolved + " has no case \"" + chosen.label() + "\"");
                }
                Leb128.writeUnsigned(out, index);
                IdlType.Field chosenCase = variant.cases().get(index);
                writeValue(out, chosenCase.type(), chosen.value(), path + "#" + chosen.label(), depth + 1);
            }
            case IdlType.Func func -> {
                if (!(value instanceof FuncRef ref)) {
                    throw mismatch(path, resolved, value, "a FuncRef");
                }
                out.write(1);
                writePrincipal(out, ref.service());
                writeText(out, ref.method());
            }
            case IdlType.Service service -> {
                if (!(value instanceof Principal principal)) {
                    throw mismatch(path, resolved, value, "a Principal");
                }
                writePrincipal(out, principal);
            }
            case IdlType.Ref ref -> throw new IllegalStateException("unresolved reference " + ref);
        }
    }

    private IdlType resolveCanonical(IdlType.Ref ref) {
        IdlType target = canonicalTargets.get(ref);
        while (target instanceof IdlType.Ref inner) {
            target = canonicalTargets.get(inner);
        }
        return target;
    }

    private static boolean acceptsAbsence(IdlType type) {
        IdlType resolved = type.resolve();
        return resolved instanceof IdlType.Opt
                || resolved == IdlType.Primitive.NULL
                || resolved == IdlType.Primitive.RESERVED;
    }

    private static void writePrimitive(ByteArrayOutputStream out, IdlType.Primitive type, Object value, String path) {
        switch (type) {
            case NULL, RESERVED -> {}
            case EMPTY -> throw new CandidException(path + ": no value has type empty");
            case BOOL -> {
                if (!(value instanceof Boolean b)) {
                    throw mismatch(path, type, value, "a Boolean");
                }
                out.write(b ? 1 : 0);
            }
            case NAT -> {
                BigInteger n = integer(value, type, path);
                if (n.signum() < 0) {
                    throw new CandidException(path + ": nat cannot be negative, got " + n);
                }
                Leb128.writeUnsigned(out, n);
            }
            case INT -> Leb128.writeSigned(out, integer(value, type, path));
            case NAT8 -> writeFixed(out, fixed(value, type, path, 8, false, Byte.class), 1);
            case NAT16 -> writeFixed(out, fixed(value, type, path, 16, false, Short.class), 2);
            case NAT32 -> writeFixed(out, fixed(value, type, path, 32, false, Integer.class), 4);
            case NAT64 -> writeFixed(out, fixed(value, type, path, 64, false, Long.class), 8);
            case INT8 -> writeFixed(out, fixed(value, type, path, 8, true, Byte.class), 1);
            case INT16 -> writeFixed(out, fixed(value, type, path, 16, true, Short.class), 2);
            case INT32 -> writeFixed(out, fixed(value, type, path, 32, true, Integer.class), 4);
            case INT64 -> writeFixed(out, fixed(value, type, path, 64, true, Long.class), 8);
            case FLOAT32 -> {
                if (!(value instanceof Number number)) {
                    throw mismatch(path, type, value, "a Float");
                }
                writeFixed(out, Float.floatToRawIntBits(number.floatValue()), 4);
            }
            case FLOAT64 -> {
                if (!(value instanceof Number number)) {
                    throw mismatch(path, type, value, "a Double");
                }
                writeFixed(out, Double.doubleToRawLongBits(number.doubleValue()), 8);
            }
            case TEXT -> {
                if (!(value instanceof String text)) {
                    throw mismatch(path, type, value, "a String");
                }
                writeText(out, text);
            }
            case PRINCIPAL -> {
                if (!(value instanceof Principal principal)) {
                    throw mismatch(path, type, value, "a Principal");
                }
                writePrincipal(out, principal);
            }
        }
    }

    private static BigInteger integer(Object value, IdlType type, String path) {
        return switch (value) {
            case BigInteger big -> big;
            case Long l -> BigInteger.valueOf(l);
            case Integer i -> BigInteger.valueOf(i);
            case Short s -> BigInteger.valueOf(s);
            case Byte b -> BigInteger.valueOf(b);
            case null, default -> throw mismatch(path, type, value, "a BigInteger");
        };
    }

    /** The bits of a fixed-width value: the same-width box as is, any other integral number if in range. */
    private static long fixed(Object value, IdlType type, String path, int bits, boolean signed, Class<?> box) {
        if (box.isInstance(value)) {
            return ((Number) value).longValue();
        }
        BigInteger n = integer(value, type, path);
        BigInteger min = signed ? BigInteger.ONE.shiftLeft(bits - 1).negate() : BigInteger.ZERO;
        BigInteger max = signed
                ? BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE)
                : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
        if (n.compareTo(min) < 0 || n.compareTo(max) > 0) {
            throw new CandidException(
                    path + ": " + n + " is out of range for " + type + " (" + min + " to " + max + ")");
        }
        return n.longValue();
    }

    private static void writeFixed(ByteArrayOutputStream out, long bits, int width) {
        for (int i = 0; i < width; i++) {
            out.write((int) (bits >>> (8 * i)) & 0xff);
        }
    }

    private static void writeText(ByteArrayOutputStream out, String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        Leb128.writeUnsigned(out, utf8.length);
        out.writeBytes(utf8);
    }

    private static void writePrincipal(ByteArrayOutputStream out, Principal principal) {
        byte[] bytes = principal.bytes();
        out.write(1);
        Leb128.writeUnsigned(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static CandidException mismatch(String path, IdlType type, Object value, String expected) {
        return new CandidException(path + ": a value of Candid type " + type + " must be " + expected + ", got "
                + (value == null ? "null" : value.getClass().getSimpleName() + " " + value));
    }
}
