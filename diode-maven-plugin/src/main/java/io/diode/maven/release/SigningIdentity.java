package io.diode.maven.release;

import org.ic4j.agent.identity.Identity;
import org.ic4j.types.Principal;

/**
 * The identity the goals sign requests with. {@link #toString()} names the kind and principal only: key material
 * never reaches a log.
 *
 * @param identity  the ic4j identity that signs
 * @param kind      {@code Ed25519}, {@code secp256k1} or {@code anonymous}
 * @param principal the caller principal the IC sees
 */
public record SigningIdentity(Identity identity, String kind, Principal principal) {
    public boolean anonymous() {
        return kind.equals("anonymous");
    }

    @Override
    public String toString() {
        return kind + " identity " + principal;
    }
}
