package io.diode.pocketic.embedded.ichttp;

import io.diode.pocketic.embedded.certification.SelfAuthenticatingPrincipal;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import org.ic4j.types.Principal;

/**
 * The Ed25519 key of the one node that answers queries. Agents check query answers against the node keys the
 * subnet certifies ({@code subnet/<id>/node/<node id>/public_key}), so the key and the node id go into the state
 * tree; the node id is the key's self-authenticating principal, as on the IC.
 */
final class NodeSigningKey {

    private final KeyPair keyPair;
    private final byte[] publicKeyDer;
    private final Principal nodeId;

    NodeSigningKey() {
        try {
            keyPair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no Ed25519", e);
        }
        publicKeyDer = keyPair.getPublic().getEncoded();
        nodeId = SelfAuthenticatingPrincipal.of(publicKeyDer);
    }

    Principal nodeId() {
        return nodeId;
    }

    byte[] publicKeyDer() {
        return publicKeyDer.clone();
    }

    byte[] sign(byte[] message) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(keyPair.getPrivate());
            signer.update(message);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }
}
