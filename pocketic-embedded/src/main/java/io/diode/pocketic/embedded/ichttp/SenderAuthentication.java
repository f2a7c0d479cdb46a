package io.diode.pocketic.embedded.ichttp;

import io.diode.ic.IcTime;
import io.diode.pocketic.embedded.api.MessageId;
import io.diode.pocketic.embedded.certification.SelfAuthenticatingPrincipal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.ic4j.types.Principal;

/**
 * Decides whether an envelope really comes from the principal its content names as {@code sender}, as the replica
 * does before accepting a request:
 * <ul>
 *   <li>the anonymous principal ({@code 0x04}) needs, and may carry, no key and no signature;</li>
 *   <li>any other sender must be the self-authenticating principal of {@code sender_pubkey}
 *       ({@code SHA-224(DER key) || 0x02}), and {@code sender_sig} must sign {@code "\x0Aic-request" || request id}
 *       with that key: Ed25519, or ECDSA (raw {@code r||s}, SHA-256) on secp256k1 or P-256;</li>
 *   <li>{@code ingress_expiry} lies between now and now + 5 minutes (+ 30 s drift), the replica's window.</li>
 * </ul>
 * Delegation chains ({@code sender_delegation}) are refused with a clear message: they are not verified yet.
 */
public final class SenderAuthentication {

    public static final Duration MAX_INGRESS_TTL = Duration.ofMinutes(5);
    public static final Duration PERMITTED_DRIFT = Duration.ofSeconds(30);

    private static final byte[] REQUEST_DOMAIN = "\nic-request".getBytes(StandardCharsets.US_ASCII);
    private static final String ED25519 = "1.3.101.112";
    private static final byte[] ANONYMOUS = {0x04};

    /**
     * @param now the instance's current time, against which {@code ingress_expiry} is checked
     * @throws IcHttpException (400) naming what failed
     */
    public void authenticate(Envelope<?> envelope, Instant now) {
        IcRequest request = envelope.request();
        checkExpiry(request.ingressExpiryNanos(), now);
        if (envelope.delegationCount() > 0) {
            throw IcHttpException.badRequest("sender_delegation is not supported by this engine yet: sign the "
                    + "request with the identity's own key instead of a delegation chain");
        }
        byte[] sender = request.sender().getValue();
        if (Arrays.equals(sender, ANONYMOUS)) {
            if (envelope.senderPubkey().isPresent() || envelope.senderSig().isPresent()) {
                throw IcHttpException.badRequest(
                        "requests from the anonymous principal must carry neither " + "sender_pubkey nor sender_sig");
            }
            return;
        }
        byte[] publicKey = envelope.senderPubkey()
                .orElseThrow(() -> IcHttpException.badRequest("the sender " + request.sender()
                        + " is not anonymous, so the envelope needs sender_pubkey " + "and sender_sig"));
        byte[] signature = envelope.senderSig()
                .orElseThrow(() -> IcHttpException.badRequest("the envelope has sender_pubkey but no sender_sig"));
        Principal derived = SelfAuthenticatingPrincipal.of(publicKey);
        if (!Arrays.equals(derived.getValue(), sender)) {
            throw IcHttpException.badRequest("the sender " + request.sender() + " does not match sender_pubkey, "
                    + "whose principal is " + derived);
        }
        if (!verify(publicKey, signature, signedBytes(request.requestId()))) {
            throw IcHttpException.badRequest("Invalid signature: sender_sig does not sign request "
                    + request.requestId() + " with sender_pubkey");
        }
    }

    /** The bytes a sender signs: the domain separator then the request id. */
    public static byte[] signedBytes(MessageId requestId) {
        byte[] id = requestId.bytes();
        byte[] message = Arrays.copyOf(REQUEST_DOMAIN, REQUEST_DOMAIN.length + id.length);
        System.arraycopy(id, 0, message, REQUEST_DOMAIN.length, id.length);
        return message;
    }

    private static void checkExpiry(long expiryNanos, Instant now) {
        long nowNanos = IcTime.toNanos(now);
        long latest = nowNanos + MAX_INGRESS_TTL.plus(PERMITTED_DRIFT).toNanos();
        if (expiryNanos < nowNanos) {
            throw IcHttpException.badRequest("the request expired: ingress_expiry " + IcTime.fromNanos(expiryNanos)
                    + " is before the instance time " + now + " (set the agent's clock or the instance time)");
        }
        if (expiryNanos > latest) {
            throw IcHttpException.badRequest("ingress_expiry " + IcTime.fromNanos(expiryNanos) + " is more than "
                    + MAX_INGRESS_TTL.plus(PERMITTED_DRIFT).toSeconds() + " s after the instance time " + now
                    + " (the agent's clock and the instance time differ; align them)");
        }
    }

    private static boolean verify(byte[] derPublicKey, byte[] signature, byte[] message) {
        // Object identifiers compared as text: BouncyCastle's equals(ASN1Primitive) would have the bytecode verifier
        // load its classes, and so check its whole signed jar, as soon as this class loads (every instance's IC HTTP
        // interface loads it; only signed requests need BouncyCastle)
        String algorithm;
        String curve = null;
        try {
            SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(derPublicKey);
            algorithm = info.getAlgorithm().getAlgorithm().getId();
            if (info.getAlgorithm().getParameters() instanceof ASN1ObjectIdentifier parameters) {
                curve = parameters.getId();
            }
        } catch (RuntimeException e) {
            throw IcHttpException.badRequest(
                    "sender_pubkey is not a DER-encoded SubjectPublicKeyInfo: " + e.getMessage());
        }
        String keyAlgorithm;
        String signatureAlgorithm;
        if (algorithm.equals(ED25519)) {
            keyAlgorithm = "Ed25519";
            signatureAlgorithm = "Ed25519";
        } else if (algorithm.equals(X9ObjectIdentifiers.id_ecPublicKey.getId())
                && (SECObjectIdentifiers.secp256k1.getId().equals(curve)
                        || SECObjectIdentifiers.secp256r1.getId().equals(curve))) {
            keyAlgorithm = "EC";
            // the IC sends ECDSA signatures as the raw 64 bytes r || s, not DER: BouncyCastle's PLAIN variant
            signatureAlgorithm = "SHA256withPLAIN-ECDSA";
        } else {
            throw IcHttpException.badRequest("sender_pubkey uses algorithm " + algorithm
                    + (curve == null ? "" : " on curve " + curve)
                    + ", which the IC does not accept: use Ed25519 or ECDSA on secp256k1 or P-256");
        }
        try {
            PublicKey key = KeyFactory.getInstance(keyAlgorithm, BouncyCastle.PROVIDER)
                    .generatePublic(new X509EncodedKeySpec(derPublicKey));
            Signature verifier = Signature.getInstance(signatureAlgorithm, BouncyCastle.PROVIDER);
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // a malformed signature or key is an invalid signature, not a server error
            throw IcHttpException.badRequest("Invalid signature: cannot verify sender_sig ("
                    + HexFormat.of().formatHex(Arrays.copyOf(signature, Math.min(8, signature.length)))
                    + "...) with sender_pubkey: " + e.getMessage());
        }
    }

    /**
     * Made on first use: constructing the provider registers all of BouncyCastle's algorithms (1.1–1.7 s on the build
     * machines), and only signed requests need it, not the instance creation that loads this class. Typed as
     * {@code Provider} so that the bytecode verifier need not load BouncyCastle's class to check the calls above.
     */
    private static final class BouncyCastle {
        static final java.security.Provider PROVIDER = new BouncyCastleProvider();
    }
}
