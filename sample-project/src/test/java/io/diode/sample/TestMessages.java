package io.diode.sample;

import io.diode.ic.Sha256;
import java.util.Arrays;

/** Message contents for Zone tests: destination key ids, distinct ciphertexts and their SHA-256 keys. */
final class TestMessages {

    private TestMessages() {}

    /** A 20-byte destination key id, every byte {@code n}. */
    static byte[] keyId(int n) {
        byte[] key = new byte[SampleZone.KEY_ID_BYTES];
        Arrays.fill(key, (byte) n);
        return key;
    }

    /** A ciphertext of {@code size} bytes, distinct per {@code fill} (its first byte). */
    static byte[] ciphertext(int fill, int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i == 0 ? fill : i * 7);
        }
        return bytes;
    }

    /** The Zone's key of a message: the SHA-256 of its ciphertext. */
    static byte[] sha256(byte[] data) {
        return Sha256.of(data);
    }
}
