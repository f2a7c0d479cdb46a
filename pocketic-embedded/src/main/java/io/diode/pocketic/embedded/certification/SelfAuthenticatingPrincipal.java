package io.diode.pocketic.embedded.certification;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.ic4j.types.Principal;

/**
 * The principal a public key authenticates (IC interface specification, "Principals"): a user's id from the key
 * that signs its requests, a node's id from its signing key, and here the subnet's id from its key.
 */
public final class SelfAuthenticatingPrincipal {

    private static final byte SELF_AUTHENTICATING_SUFFIX = 0x02;

    private SelfAuthenticatingPrincipal() {}

    /** The principal a DER-encoded public key authenticates: SHA-224 of the key, then {@code 0x02}. */
    public static Principal of(byte[] derPublicKey) {
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-224").digest(derPublicKey);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-224 is missing from this Java runtime", e);
        }
        byte[] principal = Arrays.copyOf(hash, hash.length + 1);
        principal[hash.length] = SELF_AUTHENTICATING_SUFFIX;
        return Principal.from(principal);
    }
}
