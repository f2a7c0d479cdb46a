package io.diode.candid;

import java.nio.charset.StandardCharsets;

/**
 * The label of a record field or variant case: a 32-bit id, and the name it was hashed from when known
 * (a message carries only ids; a .did file has names, or numbers for tuple fields).
 */
public record Label(long id, String name) {

    public Label {
        if (id < 0 || id > 0xffffffffL) {
            throw new CandidException("a field id must fit 32 bits unsigned, got " + id);
        }
    }

    public static Label named(String name) {
        return new Label(hash(name), name);
    }

    public static Label id(long id) {
        return new Label(id, null);
    }

    /** The key of this field in a decoded record's map, and how to name it in a value: its name, else its id. */
    public String text() {
        return name != null ? name : Long.toString(id);
    }

    /** Candid's field-name hash: {@code h = h * 223 + byte} over the UTF-8 bytes, modulo 2^32. */
    public static long hash(String name) {
        long hash = 0;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash * 223 + (b & 0xff)) & 0xffffffffL;
        }
        return hash;
    }

    @Override
    public String toString() {
        if (name == null) {
            return Long.toString(id);
        }
        return name.matches("[A-Za-z_][A-Za-z0-9_]*")
                ? name
                : '"' + name.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
