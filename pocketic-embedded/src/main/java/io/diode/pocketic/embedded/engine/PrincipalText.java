package io.diode.pocketic.embedded.engine;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import org.ic4j.types.Principal;

/**
 * The textual form of a principal as the IC writes it: base32 (lower case, no padding) of the CRC-32 of the bytes
 * followed by the bytes, in groups of five characters joined by dashes. ic4j's {@code Principal.toString()} ends
 * the text with a dash when its length is a multiple of five ({@code bfozs-kwa73-7nadi-}); every text the engine
 * shows goes through this class instead.
 */
final class PrincipalText {

    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private PrincipalText() {}

    static String of(Principal principal) {
        return of(principal.getValue());
    }

    static String of(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        byte[] data = ByteBuffer.allocate(4 + bytes.length)
                .putInt((int) crc.getValue())
                .put(bytes)
                .array();
        StringBuilder base32 = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5) {
                base32.append(ALPHABET[(buffer >>> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            base32.append(ALPHABET[(buffer << (5 - bits)) & 31]);
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < base32.length(); i += 5) {
            if (i > 0) {
                text.append('-');
            }
            text.append(base32, i, Math.min(i + 5, base32.length()));
        }
        return text.toString();
    }
}
