package io.diode.pocketic.embedded.certification;

/** Whoever holds a subnet's key: signs state-tree root digests, which is all a certificate needs. */
@FunctionalInterface
public interface StateRootSigner {

    /** The 48-byte BLS12-381 signature of {@code "\x0Dic-state-root" || rootDigest}. */
    byte[] signStateRoot(byte[] rootDigest);
}
