package io.diode.pocketic.embedded.certification;

import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.miracl.core.BLS12381.BLS;

/**
 * A subnet's BLS12-381 key pair: it signs state trees the way a subnet does, so agents that verify certificates
 * accept this engine's answers: the signature (in G1, public key in G2) over
 * {@code "\x0Dic-state-root" || root digest}, packed as the CBOR certificate {@code {tree, signature}} under the
 * self-describing tag 55799.
 *
 * <p>The subnet's key is also the root key (certificates carry no delegation). The engine derives one key per JVM
 * from a fixed seed, so every instance has the same, reproducible key; the no-argument constructor makes a fresh
 * random one. Clients learn the key from {@link #rootKeyDer()} (published by {@code /api/v2/status}),
 * as agents fetch a local replica's root key at start-up.
 * The BLS arithmetic is MIRACL core's, the implementation ic4j-agent verifies with.
 */
public final class SubnetSigningKey implements StateRootSigner {

    /** The DER prefix (SubjectPublicKeyInfo, algorithm "BLS12-381 G2") the IC puts before a 96-byte root key. */
    private static final byte[] DER_PREFIX =
            HexFormat.of().parseHex("308182301d060d2b0601040182dc7c0503010201060c2b0601040182dc7c05030201036100");
    /** The spec's domain separator: the tag's length (13) as one byte, then the tag. */
    private static final byte[] STATE_ROOT_DOMAIN = "\ric-state-root".getBytes(StandardCharsets.US_ASCII);

    private static final int SELF_DESCRIBED_CBOR_TAG = 55799;
    private static final int PUBLIC_KEY_BYTES = 96;
    private static final int SIGNATURE_BYTES = 48;
    private static final CBORFactory CBOR = new CBORFactory();

    static {
        if (BLS.init() != BLS.BLS_OK) {
            throw new IllegalStateException("MIRACL BLS12-381 failed to initialise");
        }
    }

    private final byte[] secretKey = new byte[BLS.BGS];
    private final byte[] publicKey = new byte[PUBLIC_KEY_BYTES];

    /** A fresh random key. */
    public SubnetSigningKey() {
        this(randomSeed());
    }

    /** The key derived from {@code seed} (at least 32 bytes): the same seed, the same root key. */
    public SubnetSigningKey(byte[] seed) {
        if (seed.length < 32) {
            throw new IllegalArgumentException("a BLS key seed needs at least 32 bytes, got " + seed.length);
        }
        if (BLS.KeyPairGenerate(seed.clone(), secretKey, publicKey) != BLS.BLS_OK) {
            throw new IllegalStateException("MIRACL could not derive a BLS12-381 key pair");
        }
    }

    /** The root public key as the IC publishes it: DER-wrapped, 133 bytes. */
    public byte[] rootKeyDer() {
        byte[] der = Arrays.copyOf(DER_PREFIX, DER_PREFIX.length + PUBLIC_KEY_BYTES);
        System.arraycopy(publicKey, 0, der, DER_PREFIX.length, PUBLIC_KEY_BYTES);
        return der;
    }

    /** The 48-byte BLS signature of a tree's root digest. */
    public byte[] sign(HashTree tree) {
        return signStateRoot(tree.digest());
    }

    /** The 48-byte BLS signature of a 32-byte state-tree root digest. */
    @Override
    public byte[] signStateRoot(byte[] rootDigest) {
        if (rootDigest.length != 32) {
            throw new IllegalArgumentException("a state-tree root digest has 32 bytes, got " + rootDigest.length);
        }
        byte[] message = Arrays.copyOf(STATE_ROOT_DOMAIN, STATE_ROOT_DOMAIN.length + 32);
        System.arraycopy(rootDigest, 0, message, STATE_ROOT_DOMAIN.length, 32);
        byte[] signature = new byte[SIGNATURE_BYTES];
        if (BLS.core_sign(signature, message, secretKey) != BLS.BLS_OK) {
            throw new IllegalStateException("MIRACL could not sign the state root");
        }
        return signature;
    }

    /** The CBOR certificate over {@code tree}: what read_state and synchronous calls return. */
    public byte[] certificate(HashTree tree) {
        return encode(tree, sign(tree));
    }

    /** The CBOR certificate over {@code tree}, signed by {@code signer}. */
    public static byte[] certificate(HashTree tree, StateRootSigner signer) {
        return encode(tree, signer.signStateRoot(tree.digest()));
    }

    /** Encodes a certificate with the given signature; lets tests forge bad ones through the same encoder. */
    static byte[] encode(HashTree tree, byte[] signature) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CBORGenerator out = CBOR.createGenerator(bytes)) {
            out.writeTag(SELF_DESCRIBED_CBOR_TAG);
            out.writeStartObject(2);
            out.writeFieldName("tree");
            tree.writeCbor(out);
            out.writeFieldName("signature");
            out.writeBinary(signature);
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing CBOR to memory failed", e);
        }
        return bytes.toByteArray();
    }

    private static byte[] randomSeed() {
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        return seed;
    }
}
