package io.diode.pocketic.embedded.management.candid;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ic4j.types.Func;
import org.ic4j.types.Principal;

/**
 * Writes Candid messages ({@code DIDL} + type table + argument types + values) from {@link CandidType}s
 * and plain Java values.
 *
 * <p>Why not ic4j's serializer: ic4j 0.7.2 writes variant values with a wrong case index (an
 * independent decoder, {@code @dfinity/candid}, rejects them), and the management canister's results are
 * variants all over. Values by type: {@code null}/{@code reserved} → ignored; {@code bool} → Boolean;
 * {@code nat}/{@code int} → BigInteger or Long; {@code nat8}/{@code nat16}/{@code nat32} → Integer;
 * {@code nat64} → Long (read as unsigned); {@code text} → String; {@code principal} → Principal;
 * {@code blob} → byte[]; {@code vec} → List; {@code opt} → Optional; {@code record} → Map from field name;
 * {@code variant} → {@link VariantValue}; query {@code func} → {@link Func}.
 *
 * <p>Not thread-safe; create one per message (cheap).
 */
public final class CandidEncoder {

    private static final byte[] MAGIC = {'D', 'I', 'D', 'L'};
    private static final int OPT = 0x6e;
    private static final int VEC = 0x6d;
    private static final int RECORD = 0x6c;
    private static final int VARIANT = 0x6b;
    private static final int FUNC = 0x6a;
    private static final int QUERY_ANNOTATION = 1;

    private final Map<CandidType, Integer> tableIndex = new HashMap<>();
    private final List<byte[]> tableEntries = new ArrayList<>();

    private CandidEncoder() {
    }

    /** The encoding of an empty argument or result list, {@code ()}. */
    public static byte[] empty() {
        return encode(List.of(), List.of());
    }

    public static byte[] encode(CandidType type, Object value) {
        return encode(List.of(type), java.util.Collections.singletonList(value));
    }

    public static byte[] encode(List<CandidType> types, List<?> values) {
        if (types.size() != values.size()) {
            throw new IllegalArgumentException(types.size() + " types for " + values.size() + " values");
        }
        CandidEncoder encoder = new CandidEncoder();
        ByteArrayOutputStream argumentTypes = new ByteArrayOutputStream();
        writeUnsigned(argumentTypes, BigInteger.valueOf(types.size()));
        for (CandidType type : types) {
            encoder.writeTypeReference(argumentTypes, type);
        }
        ByteArrayOutputStream valueBytes = new ByteArrayOutputStream();
        for (int i = 0; i < types.size(); i++) {
            encoder.writeValue(valueBytes, types.get(i), values.get(i), "argument " + i);
        }
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.writeBytes(MAGIC);
        writeUnsigned(message, BigInteger.valueOf(encoder.tableEntries.size()));
        encoder.tableEntries.forEach(message::writeBytes);
        message.writeBytes(argumentTypes.toByteArray());
        message.writeBytes(valueBytes.toByteArray());
        return message.toByteArray();
    }

    // ---- type table ---------------------------------------------------------------------------------------

    private void writeTypeReference(ByteArrayOutputStream out, CandidType type) {
        if (type instanceof CandidType.Primitive primitive) {
            out.write(primitive.opcode());
        } else {
            writeUnsigned(out, BigInteger.valueOf(tableIndexOf(type)));
        }
    }

    private int tableIndexOf(CandidType type) {
        Integer known = tableIndex.get(type);
        if (known != null) {
            return known;
        }
        // Reserve the slot first so that the entry's own references come after it: order is free in Candid.
        int index = tableEntries.size();
        tableIndex.put(type, index);
        tableEntries.add(null);
        ByteArrayOutputStream entry = new ByteArrayOutputStream();
        switch (type) {
            case CandidType.Opt opt -> {
                entry.write(OPT);
                writeTypeReference(entry, opt.inner());
            }
            case CandidType.Vec vec -> {
                entry.write(VEC);
                writeTypeReference(entry, vec.element());
            }
            case CandidType.Record record -> {
                entry.write(RECORD);
                writeFields(entry, record.fields());
            }
            case CandidType.Variant variant -> {
                entry.write(VARIANT);
                writeFields(entry, variant.cases());
            }
            case CandidType.QueryFunc func -> {
                entry.write(FUNC);
                writeUnsigned(entry, BigInteger.valueOf(func.arguments().size()));
                func.arguments().forEach(argument -> writeTypeReference(entry, argument));
                writeUnsigned(entry, BigInteger.valueOf(func.results().size()));
                func.results().forEach(result -> writeTypeReference(entry, result));
                entry.write(1);
                entry.write(QUERY_ANNOTATION);
            }
            case CandidType.Primitive primitive -> throw new IllegalStateException("primitive " + primitive);
        }
        tableEntries.set(index, entry.toByteArray());
        return index;
    }

    private void writeFields(ByteArrayOutputStream entry, List<CandidType.Field> fields) {
        writeUnsigned(entry, BigInteger.valueOf(fields.size()));
        for (CandidType.Field field : fields) {
            writeUnsigned(entry, BigInteger.valueOf(field.hash()));
            writeTypeReference(entry, field.type());
        }
    }

    // ---- values -------------------------------------------------------------------------------------------

    private void writeValue(ByteArrayOutputStream out, CandidType type, Object value, String path) {
        switch (type) {
            case CandidType.Primitive primitive -> writePrimitive(out, primitive, value, path);
            case CandidType.Opt opt -> {
                Optional<?> optional = cast(value, Optional.class, type, path);
                if (optional.isEmpty()) {
                    out.write(0);
                } else {
                    out.write(1);
                    writeValue(out, opt.inner(), optional.get(), path);
                }
            }
            case CandidType.Vec vec when vec.element() == CandidType.NAT8 -> {
                byte[] bytes = cast(value, byte[].class, type, path);
                writeUnsigned(out, BigInteger.valueOf(bytes.length));
                out.writeBytes(bytes);
            }
            case CandidType.Vec vec -> {
                List<?> list = cast(value, List.class, type, path);
                writeUnsigned(out, BigInteger.valueOf(list.size()));
                for (int i = 0; i < list.size(); i++) {
                    writeValue(out, vec.element(), list.get(i), path + "[" + i + "]");
                }
            }
            case CandidType.Record record -> {
                Map<?, ?> fields = cast(value, Map.class, type, path);
                for (CandidType.Field field : record.fields()) {
                    if (!fields.containsKey(field.name())) {
                        throw new IllegalArgumentException(path + ": no value for field " + field.name());
                    }
                    writeValue(out, field.type(), fields.get(field.name()), path + "." + field.name());
                }
            }
            case CandidType.Variant variant -> {
                VariantValue chosen = cast(value, VariantValue.class, type, path);
                int index = variant.indexOf(chosen.caseName());
                writeUnsigned(out, BigInteger.valueOf(index));
                writeValue(out, variant.cases().get(index).type(), chosen.payload(), path + "." + chosen.caseName());
            }
            case CandidType.QueryFunc func -> {
                Func reference = cast(value, Func.class, type, path);
                out.write(1); // a transparent reference, not an opaque one
                writePrincipal(out, reference.getPrincipal());
                writeText(out, reference.getMethod());
            }
        }
    }

    private static void writePrimitive(ByteArrayOutputStream out, CandidType.Primitive type, Object value,
                                       String path) {
        if (type == CandidType.NULL || type == CandidType.RESERVED) {
            return;
        }
        if (type == CandidType.BOOL) {
            out.write(cast(value, Boolean.class, type, path) ? 1 : 0);
        } else if (type == CandidType.NAT) {
            BigInteger nat = bigInteger(value, type, path);
            if (nat.signum() < 0) {
                throw new IllegalArgumentException(path + ": nat cannot be negative: " + nat);
            }
            writeUnsigned(out, nat);
        } else if (type == CandidType.INT) {
            writeSigned(out, bigInteger(value, type, path));
        } else if (type == CandidType.NAT8) {
            out.write(cast(value, Number.class, type, path).intValue());
        } else if (type == CandidType.NAT16) {
            writeLittleEndian(out, cast(value, Number.class, type, path).longValue(), 2);
        } else if (type == CandidType.NAT32) {
            writeLittleEndian(out, cast(value, Number.class, type, path).longValue(), 4);
        } else if (type == CandidType.NAT64) {
            writeLittleEndian(out, cast(value, Number.class, type, path).longValue(), 8);
        } else if (type == CandidType.TEXT) {
            writeText(out, cast(value, String.class, type, path));
        } else if (type == CandidType.PRINCIPAL) {
            writePrincipal(out, cast(value, Principal.class, type, path));
        } else {
            throw new IllegalArgumentException(path + ": cannot encode type " + type);
        }
    }

    private static BigInteger bigInteger(Object value, CandidType type, String path) {
        if (value instanceof BigInteger big) {
            return big;
        }
        if (value instanceof Long || value instanceof Integer) {
            return BigInteger.valueOf(((Number) value).longValue());
        }
        throw new IllegalArgumentException(path + ": expected a BigInteger for " + type + ", got " + describe(value));
    }

    private static void writePrincipal(ByteArrayOutputStream out, Principal principal) {
        byte[] bytes = principal.getValue();
        out.write(1); // a transparent reference
        writeUnsigned(out, BigInteger.valueOf(bytes.length));
        out.writeBytes(bytes);
    }

    private static void writeText(ByteArrayOutputStream out, String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        writeUnsigned(out, BigInteger.valueOf(utf8.length));
        out.writeBytes(utf8);
    }

    private static void writeLittleEndian(ByteArrayOutputStream out, long value, int width) {
        for (int i = 0; i < width; i++) {
            out.write((int) (value >>> (8 * i)) & 0xff);
        }
    }

    static void writeUnsigned(ByteArrayOutputStream out, BigInteger value) {
        BigInteger rest = value;
        do {
            int low = rest.intValue() & 0x7f;
            rest = rest.shiftRight(7);
            out.write(rest.signum() == 0 ? low : low | 0x80);
        } while (rest.signum() != 0);
    }

    static void writeSigned(ByteArrayOutputStream out, BigInteger value) {
        BigInteger rest = value;
        while (true) {
            int low = rest.intValue() & 0x7f;
            rest = rest.shiftRight(7); // arithmetic shift: keeps the sign
            boolean signBitSet = (low & 0x40) != 0;
            if ((rest.signum() == 0 && !signBitSet) || (rest.equals(BigInteger.ONE.negate()) && signBitSet)) {
                out.write(low);
                return;
            }
            out.write(low | 0x80);
        }
    }

    private static <T> T cast(Object value, Class<T> expected, CandidType type, String path) {
        if (!expected.isInstance(value)) {
            throw new IllegalArgumentException(path + ": expected " + expected.getSimpleName() + " for " + type
                    + ", got " + describe(value));
        }
        return expected.cast(value);
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName();
    }
}
