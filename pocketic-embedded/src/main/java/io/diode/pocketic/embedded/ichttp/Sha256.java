package io.diode.pocketic.embedded.ichttp;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 over a sequence of byte arrays; every JDK ships it, so its absence is a broken runtime. */
final class Sha256 {

    private Sha256() {
    }

    static byte[] of(byte[]... parts) {
        MessageDigest digest = newDigest("SHA-256");
        for (byte[] part : parts) {
            digest.update(part);
        }
        return digest.digest();
    }

    static MessageDigest newDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JDK", e);
        }
    }
}
