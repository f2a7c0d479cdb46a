package io.diode.pocketic.embedded.management.candid;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A Candid type as the management canister's results need it: enough to write a type table
 * ({@link CandidEncoder}) and to check a decoded value's wire type ({@link CandidReader}).
 */
public sealed interface CandidType {

    CandidType NULL = new Primitive("null", 0x7f);
    CandidType BOOL = new Primitive("bool", 0x7e);
    CandidType NAT = new Primitive("nat", 0x7d);
    CandidType INT = new Primitive("int", 0x7c);
    CandidType NAT8 = new Primitive("nat8", 0x7b);
    CandidType NAT16 = new Primitive("nat16", 0x7a);
    CandidType NAT32 = new Primitive("nat32", 0x79);
    CandidType NAT64 = new Primitive("nat64", 0x78);
    CandidType TEXT = new Primitive("text", 0x71);
    CandidType RESERVED = new Primitive("reserved", 0x70);
    CandidType PRINCIPAL = new Primitive("principal", 0x68);
    /** {@code blob}, i.e. {@code vec nat8}; its values are {@code byte[]}. */
    CandidType BLOB = new Vec(NAT8);

    static CandidType opt(CandidType inner) {
        return new Opt(inner);
    }

    static CandidType vec(CandidType element) {
        return new Vec(element);
    }

    static Record record(Field... fields) {
        return new Record(List.of(fields));
    }

    static Variant variant(Field... cases) {
        return new Variant(List.of(cases));
    }

    static Field field(String name, CandidType type) {
        return new Field(name, type);
    }

    /** A type without a type-table entry; {@code opcode} is its single-byte (negative SLEB128) code. */
    record Primitive(String name, int opcode) implements CandidType {
        @Override
        public String toString() {
            return name;
        }
    }

    record Opt(CandidType inner) implements CandidType {
        public Opt {
            Objects.requireNonNull(inner);
        }

        @Override
        public String toString() {
            return "opt " + inner;
        }
    }

    record Vec(CandidType element) implements CandidType {
        public Vec {
            Objects.requireNonNull(element);
        }

        @Override
        public String toString() {
            return element == NAT8 ? "blob" : "vec " + element;
        }
    }

    /** A record; its fields are kept in wire order (ascending field-name hash). */
    record Record(List<Field> fields) implements CandidType {
        public Record {
            fields = sortedByHash(fields);
        }

        @Override
        public String toString() {
            return "record " + fields;
        }
    }

    /** A variant; its cases are kept in wire order (ascending hash), which is what a value's index counts. */
    record Variant(List<Field> cases) implements CandidType {
        public Variant {
            cases = sortedByHash(cases);
        }

        public int indexOf(String caseName) {
            for (int i = 0; i < cases.size(); i++) {
                if (cases.get(i).name().equals(caseName)) {
                    return i;
                }
            }
            throw new IllegalArgumentException("variant " + this + " has no case " + caseName);
        }

        @Override
        public String toString() {
            return "variant " + cases;
        }
    }

    /**
     * A reference to a query method (the only kind of {@code func} the management canister takes: an HTTP
     * outcall's transform); values are {@link org.ic4j.types.Func}.
     */
    record QueryFunc(List<CandidType> arguments, List<CandidType> results) implements CandidType {
        public QueryFunc {
            arguments = List.copyOf(arguments);
            results = List.copyOf(results);
        }

        @Override
        public String toString() {
            return "func " + arguments + " -> " + results + " query";
        }
    }

    /** A record field or variant case. */
    record Field(String name, CandidType type) {
        public Field {
            Objects.requireNonNull(name);
            Objects.requireNonNull(type);
        }

        public long hash() {
            return CandidType.idlHash(name);
        }

        @Override
        public String toString() {
            return name + " : " + type;
        }
    }

    /**
     * Candid's field id of {@code name}: a decimal number is its own id (tuple fields are {@code "0"}, {@code "1"},
     * ...), any other name hashes as {@code h = h * 223 + byte} over its UTF-8 bytes, modulo 2^32.
     */
    static long idlHash(String name) {
        if (!name.isEmpty() && name.length() <= 10 && name.chars().allMatch(c -> c >= '0' && c <= '9')) {
            long id = Long.parseLong(name);
            if (id <= 0xffffffffL) {
                return id;
            }
        }
        long hash = 0;
        for (byte b : name.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            hash = (hash * 223 + (b & 0xff)) & 0xffffffffL;
        }
        return hash;
    }

    private static List<Field> sortedByHash(List<Field> fields) {
        List<Field> sorted = fields.stream().sorted(Comparator.comparingLong(Field::hash)).toList();
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).hash() == sorted.get(i - 1).hash()) {
                throw new IllegalArgumentException("fields " + sorted.get(i - 1).name() + " and "
                        + sorted.get(i).name() + " have the same Candid hash");
            }
        }
        return sorted;
    }
}
