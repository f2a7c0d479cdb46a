package io.diode.candid;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.CRC32;

/**
 * An IC principal: up to 29 bytes, written as text in groups of five base32 characters (a CRC-32 checksum
 * followed by the bytes), e.g. {@code aaaaa-aa} for the management canister.
 */
public final class Principal {

    public static final int MAX_LENGTH = 29;
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

    private final byte[] bytes;

    private Principal(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Principal fromBytes(byte[] bytes) {
        if (bytes.length > MAX_LENGTH) {
            throw new IllegalArgumentException("a principal has at most " + MAX_LENGTH + " bytes, got " + bytes.length);
        }
        return new Principal(bytes.clone());
    }

    /** The management canister, {@code aaaaa-aa}. */
    public static Principal managementCanister() {
        return new Principal(new byte[0]);
    }

    /** The anonymous principal, {@code 2vxsx-fae}. */
    public static Principal anonymous() {
        return new Principal(new byte[] {4});
    }

    public static Principal fromText(String text) {
        String compact = text.replace("-", "").toLowerCase(java.util.Locale.ROOT);
        byte[] decoded = base32Decode(compact, text);
        if (decoded.length < 4) {
            throw new IllegalArgumentException("not a principal: \"" + text + "\" is too short");
        }
        Principal principal = fromBytes(Arrays.copyOfRange(decoded, 4, decoded.length));
        if (!principal.toText().equals(text)) {
            throw new IllegalArgumentException("not a principal: \"" + text + "\" (checksum or grouping is wrong; "
                    + "did you mean \"" + principal.toText() + "\"?)");
        }
        return principal;
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public String toText() {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        long checksum = crc.getValue();
        byte[] data = new byte[bytes.length + 4];
        for (int i = 0; i < 4; i++) {
            data[i] = (byte) (checksum >>> (24 - 8 * i));
        }
        System.arraycopy(bytes, 0, data, 4, bytes.length);
        String plain = base32Encode(data);
        StringBuilder grouped = new StringBuilder();
        for (int i = 0; i < plain.length(); i += 5) {
            if (i > 0) {
                grouped.append('-');
            }
            grouped.append(plain, i, Math.min(plain.length(), i + 5));
        }
        return grouped.toString();
    }

    private static String base32Encode(byte[] data) {
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET.charAt((buffer >>> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }

    private static byte[] base32Decode(String compact, String original) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : compact.toCharArray()) {
            int value = ALPHABET.indexOf(c);
            if (value < 0) {
                throw new IllegalArgumentException("not a principal: \"" + original + "\" contains '" + c
                        + "' (principals use a-z, 2-7 and dashes)");
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >>> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Principal that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return toText();
    }

    /** The bytes in hex, for diagnostics. */
    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }
}
