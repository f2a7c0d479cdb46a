package io.diode.candid;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A Candid type. Composite types compare structurally; a {@link Ref} (a named type, possibly recursive) compares
 * by identity, which is what lets recursive types exist as finite object graphs.
 */
public sealed interface IdlType {

    /** Types written with their own (negative) type code; {@code opcode} is that code. */
    enum Primitive implements IdlType {
        NULL(-1, "null"),
        BOOL(-2, "bool"),
        NAT(-3, "nat"),
        INT(-4, "int"),
        NAT8(-5, "nat8"),
        NAT16(-6, "nat16"),
        NAT32(-7, "nat32"),
        NAT64(-8, "nat64"),
        INT8(-9, "int8"),
        INT16(-10, "int16"),
        INT32(-11, "int32"),
        INT64(-12, "int64"),
        FLOAT32(-13, "float32"),
        FLOAT64(-14, "float64"),
        TEXT(-15, "text"),
        RESERVED(-16, "reserved"),
        EMPTY(-17, "empty"),
        PRINCIPAL(-24, "principal");

        public final int opcode;
        public final String keyword;

        Primitive(int opcode, String keyword) {
            this.opcode = opcode;
            this.keyword = keyword;
        }

        public static Primitive ofOpcode(long opcode) {
            for (Primitive primitive : values()) {
                if (primitive.opcode == opcode) {
                    return primitive;
                }
            }
            return null;
        }

        public static Primitive ofKeyword(String keyword) {
            for (Primitive primitive : values()) {
                if (primitive.keyword.equals(keyword)) {
                    return primitive;
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return keyword;
        }
    }

    int OPT = -18;
    int VEC = -19;
    int RECORD = -20;
    int VARIANT = -21;
    int FUNC = -22;
    int SERVICE = -23;

    static Vec blob() {
        return new Vec(Primitive.NAT8);
    }

    static Opt opt(IdlType inner) {
        return new Opt(inner);
    }

    static Vec vec(IdlType element) {
        return new Vec(element);
    }

    static Record record(Field... fields) {
        return new Record(List.of(fields));
    }

    /** A tuple: a record whose fields are numbered 0, 1, ... */
    static Record tuple(IdlType... elements) {
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < elements.length; i++) {
            fields.add(new Field(Label.id(i), elements[i]));
        }
        return new Record(fields);
    }

    static Variant variant(Field... cases) {
        return new Variant(List.of(cases));
    }

    static Field field(String name, IdlType type) {
        return new Field(Label.named(name), type);
    }

    /** This type with {@link Ref}s followed to what they name. */
    default IdlType resolve() {
        return this;
    }

    record Opt(IdlType inner) implements IdlType {
        public Opt {
            Objects.requireNonNull(inner);
        }

        @Override
        public String toString() {
            return "opt " + inner;
        }
    }

    record Vec(IdlType element) implements IdlType {
        public Vec {
            Objects.requireNonNull(element);
        }

        public boolean isBlob() {
            return element.resolve() == Primitive.NAT8;
        }

        @Override
        public String toString() {
            return element == Primitive.NAT8 ? "blob" : "vec " + element;
        }
    }

    /** A record; fields are kept in wire order (ascending id). */
    record Record(List<Field> fields) implements IdlType {
        public Record {
            fields = sortedById(fields, "record");
        }

        /** Whether the fields are 0, 1, ..., n-1: a tuple. */
        public boolean isTuple() {
            for (int i = 0; i < fields.size(); i++) {
                if (fields.get(i).label().name() != null
                        || fields.get(i).label().id() != i) {
                    return false;
                }
            }
            return true;
        }

        public Field field(long id) {
            return find(fields, id);
        }

        @Override
        public String toString() {
            if (isTuple() && !fields.isEmpty()) {
                return fields.stream()
                        .map(f -> f.type().toString())
                        .collect(Collectors.joining("; ", "record { ", " }"));
            }
            return fields.stream()
                    .map(Field::toString)
                    .collect(Collectors.joining("; ", "record { ", fields.isEmpty() ? "}" : " }"));
        }
    }

    /** A variant; cases are kept in wire order (ascending id), which is what a value's index counts. */
    record Variant(List<Field> cases) implements IdlType {
        public Variant {
            cases = sortedById(cases, "variant");
        }

        public Field field(long id) {
            return find(cases, id);
        }

        public int indexOf(long id) {
            for (int i = 0; i < cases.size(); i++) {
                if (cases.get(i).label().id() == id) {
                    return i;
                }
            }
            return -1;
        }

        @Override
        public String toString() {
            return cases.stream()
                    .map(c -> c.type() == Primitive.NULL ? c.label().toString() : c.toString())
                    .collect(Collectors.joining("; ", "variant { ", cases.isEmpty() ? "}" : " }"));
        }
    }

    /** A function reference type; {@code modes} are {@code query}, {@code composite_query}, {@code oneway}. */
    record Func(List<IdlType> arguments, List<IdlType> results, List<String> modes) implements IdlType {
        public Func {
            arguments = List.copyOf(arguments);
            results = List.copyOf(results);
            modes = List.copyOf(modes);
            for (String mode : modes) {
                if (!List.of("query", "composite_query", "oneway").contains(mode)) {
                    throw new CandidException(
                            "unknown function mode \"" + mode + "\" (use query, composite_query or oneway)");
                }
            }
        }

        public boolean isQuery() {
            return modes.contains("query") || modes.contains("composite_query");
        }

        public boolean isOneway() {
            return modes.contains("oneway");
        }

        /** The signature as a .did file writes it: {@code (text) -> (nat) query}. */
        public String signature() {
            String result = arguments.stream().map(Object::toString).collect(Collectors.joining(", ", "(", ")"))
                    + " -> " + results.stream().map(Object::toString).collect(Collectors.joining(", ", "(", ")"));
            return modes.isEmpty() ? result : result + " " + String.join(" ", modes);
        }

        @Override
        public String toString() {
            return "func " + signature();
        }
    }

    /** A service (actor) type; methods are kept in wire order (by name, as UTF-8 bytes). */
    record Service(List<Method> methods) implements IdlType {
        public Service {
            methods = methods.stream()
                    .sorted(Comparator.comparing(Method::name, Service::compareUtf8))
                    .toList();
            for (int i = 1; i < methods.size(); i++) {
                if (methods.get(i).name().equals(methods.get(i - 1).name())) {
                    throw new CandidException(
                            "service declares method \"" + methods.get(i).name() + "\" twice");
                }
            }
        }

        public Method method(String name) {
            return methods.stream()
                    .filter(m -> m.name().equals(name))
                    .findFirst()
                    .orElse(null);
        }

        private static int compareUtf8(String a, String b) {
            return java.util.Arrays.compareUnsigned(
                    a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return methods.stream()
                    .map(m -> m.name() + " : " + (m.type() instanceof Func f ? f.signature() : m.type()))
                    .collect(Collectors.joining("; ", "service { ", methods.isEmpty() ? "}" : " }"));
        }
    }

    /** A service method; its type is a {@link Func} or a reference to one. */
    record Method(String name, IdlType type) {
        public Method {
            Objects.requireNonNull(name);
            Objects.requireNonNull(type);
        }

        public Func func() {
            if (type.resolve() instanceof Func func) {
                return func;
            }
            throw new CandidException("method " + name + " has type " + type + ", not a func");
        }
    }

    /** A record field or variant case. */
    record Field(Label label, IdlType type) {
        public Field {
            Objects.requireNonNull(label);
            Objects.requireNonNull(type);
        }

        @Override
        public String toString() {
            return label + " : " + type;
        }
    }

    /**
     * A named type: a .did file's {@code type Name = ...}, or a type-table entry. Equal only to itself; its
     * target is set once, after creation, so that it can refer to itself.
     */
    final class Ref implements IdlType {
        private final String name;
        private IdlType target;

        public Ref(String name) {
            this.name = Objects.requireNonNull(name);
        }

        public Ref(String name, IdlType target) {
            this(name);
            define(target);
        }

        public String name() {
            return name;
        }

        public IdlType target() {
            if (target == null) {
                throw new CandidException("type " + name + " is used but never defined");
            }
            return target;
        }

        public void define(IdlType target) {
            if (this.target != null) {
                throw new CandidException("type " + name + " is defined twice");
            }
            this.target = Objects.requireNonNull(target);
        }

        @Override
        public IdlType resolve() {
            IdlType current = this;
            for (int hops = 0; current instanceof Ref ref; hops++) {
                if (hops > 1000) {
                    throw new CandidException("type " + name + " is defined as itself");
                }
                current = ref.target();
            }
            return current;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static Field find(List<Field> fields, long id) {
        for (Field field : fields) {
            if (field.label().id() == id) {
                return field;
            }
        }
        return null;
    }

    private static List<Field> sortedById(List<Field> fields, String kind) {
        List<Field> sorted = fields.stream()
                .sorted(Comparator.comparingLong(f -> f.label().id()))
                .toList();
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).label().id() == sorted.get(i - 1).label().id()) {
                throw new CandidException(kind + " fields " + sorted.get(i - 1).label() + " and "
                        + sorted.get(i).label() + " have the same Candid id "
                        + sorted.get(i).label().id());
            }
        }
        return sorted;
    }
}
