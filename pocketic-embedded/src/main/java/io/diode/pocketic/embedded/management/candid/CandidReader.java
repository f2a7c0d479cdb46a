package io.diode.pocketic.embedded.management.candid;

import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ic4j.types.Func;
import org.ic4j.types.Principal;

/**
 * Parses a Candid message (type table, argument types, values) into {@link CandidValue}s.
 *
 * <p>Why not ic4j's decoder: ic4j 0.7.2 decodes a variant nested in an opt as a record and may report a
 * blob's element type as int8, both of which matter for install_code's mode and arguments; and it copies a
 * blob byte by byte into a {@code Byte[]}. This reader checks what the Candid specification requires of a
 * well-formed message: the magic bytes, type references in range, field hashes strictly ascending, UTF-8
 * text, values that fit their types, and no bytes left over.
 */
public final class CandidReader {

    private static final int MAX_DEPTH = 200;
    /** Bounds vectors of zero-sized elements ({@code vec null}), whose length the message size cannot bound. */
    private static final long MAX_ZERO_SIZED_ELEMENTS = 1 << 20;

    private final byte[] bytes;
    private int position;

    private CandidReader(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Every argument of the message, in order. */
    public static List<CandidValue> arguments(byte[] message) {
        if (message == null || message.length < 4
                || message[0] != 'D' || message[1] != 'I' || message[2] != 'D' || message[3] != 'L') {
            throw new CandidDecodingException("not a Candid message: it must start with the magic bytes \"DIDL\"");
        }
        CandidReader reader = new CandidReader(message);
        reader.position = 4;
        return reader.readMessage();
    }

    /** The first argument; a message may carry more, which Candid's subtyping lets the receiver ignore. */
    public static CandidValue firstArgument(byte[] message) {
        List<CandidValue> arguments = arguments(message);
        if (arguments.isEmpty()) {
            throw new CandidDecodingException("expected one argument, got none");
        }
        return arguments.getFirst();
    }

    private List<CandidValue> readMessage() {
        WireType[] table = readTypeTable();
        int argumentCount = readCount("argument count");
        List<WireType> argumentTypes = new ArrayList<>();
        for (int i = 0; i < argumentCount; i++) {
            argumentTypes.add(readTypeReference(table));
        }
        List<CandidValue> arguments = new ArrayList<>(argumentCount);
        for (int i = 0; i < argumentCount; i++) {
            arguments.add(readValue(argumentTypes.get(i), "", 0));
        }
        if (position != bytes.length) {
            throw malformed((bytes.length - position) + " bytes left over after the last value");
        }
        return arguments;
    }

    // ---- type table ---------------------------------------------------------------------------------------

    private WireType[] readTypeTable() {
        int size = readCount("type table size");
        long[] opcodes = new long[size];
        int[] starts = new int[size];
        WireType[] table = new WireType[size];
        // First pass: the kind of every entry, so that entries can refer to later (or their own) entries.
        int tableStart = position;
        for (int i = 0; i < size; i++) {
            starts[i] = position;
            opcodes[i] = readTypeCode();
            WireType.Kind kind = WireType.Kind.ofOpcode(opcodes[i]);
            if (kind == null || kind.isPrimitive()) {
                throw malformed("type table entry " + i + " has invalid type code " + opcodes[i]);
            }
            table[i] = new WireType(kind);
            skipTypeEntry(kind);
        }
        position = tableStart;
        for (int i = 0; i < size; i++) {
            readSigned();
            fillTypeEntry(table[i], table, i);
        }
        return table;
    }

    private void skipTypeEntry(WireType.Kind kind) {
        switch (kind) {
            case OPT, VEC -> readSigned();
            case RECORD, VARIANT -> {
                int count = readCount("field count");
                for (int i = 0; i < count; i++) {
                    readUnsigned();
                    readSigned();
                }
            }
            case FUNC -> {
                for (int list = 0; list < 2; list++) {
                    int count = readCount("func type count");
                    for (int i = 0; i < count; i++) {
                        readSigned();
                    }
                }
                int annotations = readCount("func annotation count");
                for (int i = 0; i < annotations; i++) {
                    readByte();
                }
            }
            case SERVICE -> {
                int count = readCount("service method count");
                for (int i = 0; i < count; i++) {
                    readText();
                    readSigned();
                }
            }
            default -> throw malformed("unexpected type " + kind);
        }
    }

    private void fillTypeEntry(WireType entry, WireType[] table, int index) {
        switch (entry.kind) {
            case OPT, VEC -> entry.inner = readTypeReference(table);
            case RECORD, VARIANT -> {
                int count = readCount("field count");
                entry.hashes = new long[count];
                entry.fieldTypes = new WireType[count];
                for (int i = 0; i < count; i++) {
                    BigInteger hash = readUnsigned();
                    if (hash.bitLength() > 32) {
                        throw malformed("field id " + hash + " in type " + index + " is larger than 32 bits");
                    }
                    entry.hashes[i] = hash.longValue();
                    if (i > 0 && entry.hashes[i] <= entry.hashes[i - 1]) {
                        throw malformed("field ids of type " + index + " are not strictly ascending");
                    }
                    entry.fieldTypes[i] = readTypeReference(table);
                }
            }
            default -> skipTypeEntry(entry.kind); // func and service references are read, not interpreted
        }
    }

    private WireType readTypeReference(WireType[] table) {
        long reference = readTypeCode();
        if (reference >= 0) {
            if (reference >= table.length) {
                throw malformed("type reference " + reference + " is outside the type table of " + table.length);
            }
            return table[(int) reference];
        }
        WireType.Kind kind = WireType.Kind.ofOpcode(reference);
        if (kind == null || !kind.isPrimitive()) {
            throw malformed("invalid type code " + reference);
        }
        return WireType.primitive(kind);
    }

    // ---- values -------------------------------------------------------------------------------------------

    private CandidValue readValue(WireType type, String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw malformed("values nested deeper than " + MAX_DEPTH);
        }
        Object value = switch (type.kind) {
            case NULL, RESERVED -> null;
            case EMPTY -> throw malformed("a value of type empty cannot exist");
            case BOOL -> switch (readByte()) {
                case 0 -> false;
                case 1 -> true;
                default -> throw malformed("a bool must be 0 or 1");
            };
            case NAT -> readUnsigned();
            case INT -> readSigned();
            case NAT8, INT8 -> (int) readFixed(1);
            case NAT16, INT16 -> (int) readFixed(2);
            case NAT32, INT32, FLOAT32 -> (int) readFixed(4);
            case NAT64, INT64, FLOAT64 -> readFixed(8);
            case TEXT -> readText();
            case PRINCIPAL -> readPrincipal();
            case SERVICE -> readPrincipal();
            case FUNC -> readFunc();
            case OPT -> switch (readByte()) {
                case 0 -> Optional.empty();
                case 1 -> Optional.of(readValue(type.inner, path, depth + 1));
                default -> throw malformed("an opt must start with 0 or 1");
            };
            case VEC -> type.isBlob() ? readBlob() : readVector(type.inner, path, depth);
            case RECORD -> {
                Map<Long, CandidValue> fields = new LinkedHashMap<>();
                for (int i = 0; i < type.hashes.length; i++) {
                    fields.put(type.hashes[i], readValue(type.fieldTypes[i], path, depth + 1));
                }
                yield fields;
            }
            case VARIANT -> {
                BigInteger index = readUnsigned();
                if (index.compareTo(BigInteger.valueOf(type.hashes.length)) >= 0) {
                    throw malformed("variant index " + index + " is out of range for " + type.hashes.length + " cases");
                }
                int chosen = index.intValueExact();
                yield new CandidValue.ChosenCase(type.hashes[chosen], readValue(type.fieldTypes[chosen], path, depth + 1));
            }
        };
        return new CandidValue(value, type, path);
    }

    private List<CandidValue> readVector(WireType element, String path, int depth) {
        BigInteger count = readUnsigned();
        long limit = isZeroSized(element) ? MAX_ZERO_SIZED_ELEMENTS : bytes.length - position;
        if (count.compareTo(BigInteger.valueOf(limit)) > 0) {
            throw malformed("a vec claims " + count + " elements, more than the message can hold");
        }
        int length = count.intValueExact();
        List<CandidValue> elements = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            elements.add(readValue(element, path, depth + 1));
        }
        return elements;
    }

    private static boolean isZeroSized(WireType type) {
        return isZeroSized(type, 0);
    }

    private static boolean isZeroSized(WireType type, int depth) {
        if (type.kind == WireType.Kind.NULL || type.kind == WireType.Kind.RESERVED) {
            return true;
        }
        if (type.kind != WireType.Kind.RECORD || depth > MAX_DEPTH) {
            return false;
        }
        for (WireType field : type.fieldTypes) {
            if (!isZeroSized(field, depth + 1)) {
                return false;
            }
        }
        return true;
    }

    private byte[] readBlob() {
        int length = readCount("blob length");
        byte[] blob = new byte[length];
        System.arraycopy(bytes, position, blob, 0, length);
        position += length;
        return blob;
    }

    private String readText() {
        byte[] utf8 = readBlob();
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(utf8)).toString();
        } catch (CharacterCodingException e) {
            throw malformed("a text is not valid UTF-8");
        }
    }

    private Principal readPrincipal() {
        if (readByte() != 1) {
            throw malformed("opaque principal references are not supported");
        }
        byte[] principal = readBlob();
        if (principal.length > 29) {
            throw malformed("a principal has at most 29 bytes, got " + principal.length);
        }
        try {
            return Principal.from(principal);
        } catch (org.ic4j.types.PrincipalError invalid) {
            throw malformed("invalid principal: " + invalid.getMessage());
        }
    }

    private Func readFunc() {
        if (readByte() != 1) {
            throw malformed("opaque func references are not supported");
        }
        Principal canister = readPrincipal();
        return new Func(canister, readText());
    }

    // ---- primitives -----------------------------------------------------------------------------------------

    private int readByte() {
        if (position >= bytes.length) {
            throw malformed("unexpected end of message");
        }
        return bytes[position++] & 0xff;
    }

    private long readFixed(int width) {
        long value = 0;
        for (int i = 0; i < width; i++) {
            value |= (long) readByte() << (8 * i);
        }
        return value;
    }

    private int readCount(String what) {
        BigInteger count = readUnsigned();
        // Every counted item takes at least one byte, so no honest count exceeds the bytes left.
        if (count.compareTo(BigInteger.valueOf(bytes.length - position)) > 0) {
            throw malformed(what + " " + count + " exceeds the message");
        }
        return count.intValue();
    }

    /** A type code or type-table index (SLEB128); anything beyond 32 bits cannot name a type. */
    private long readTypeCode() {
        BigInteger code = readSigned();
        if (code.bitLength() > 32) {
            throw malformed("type code " + code + " is out of range");
        }
        return code.longValue();
    }

    private BigInteger readUnsigned() {
        BigInteger value = BigInteger.ZERO;
        int shift = 0;
        long small = 0;
        while (true) {
            int b = readByte();
            if (shift < 56) {
                small |= (long) (b & 0x7f) << shift;
            } else {
                value = value.or(BigInteger.valueOf(b & 0x7f).shiftLeft(shift));
            }
            shift += 7;
            if ((b & 0x80) == 0) {
                return value.or(BigInteger.valueOf(small));
            }
        }
    }

    private BigInteger readSigned() {
        BigInteger value = BigInteger.ZERO;
        int shift = 0;
        int b;
        do {
            b = readByte();
            value = value.or(BigInteger.valueOf(b & 0x7f).shiftLeft(shift));
            shift += 7;
        } while ((b & 0x80) != 0);
        if ((b & 0x40) != 0) {
            value = value.subtract(BigInteger.ONE.shiftLeft(shift));
        }
        return value;
    }

    private CandidDecodingException malformed(String detail) {
        return new CandidDecodingException("malformed Candid message at byte " + position + ": " + detail);
    }
}
