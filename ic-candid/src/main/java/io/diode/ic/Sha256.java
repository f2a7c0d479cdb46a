package io.diode.ic;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256, the IC's hash: module hashes, chunk hashes, request ids, hash trees. Every JDK ships it, so its absence
 * is a broken runtime, not an error a caller can handle.
 */
public final class Sha256 {

    private Sha256() {}

    /** The hash of the concatenation of {@code parts}. */
    public static byte[] of(byte[]... parts) {
        MessageDigest digest = newDigest();
        for (byte[] part : parts) {
            digest.update(part);
        }
        return digest.digest();
    }

    /** The hash in lower-case hex, as the IC and PocketIC print module hashes. */
    public static String hex(byte[] data) {
        return HexFormat.of().formatHex(of(data));
    }

    /** A fresh digest, for hashing a stream or for reusing one digest across many hashes (not thread-safe). */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
