package io.diode.maven.release;

import io.diode.maven.build.BuildLog;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.jce.spec.ECPublicKeySpec;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.ic4j.agent.identity.AnonymousIdentity;
import org.ic4j.agent.identity.BasicIdentity;
import org.ic4j.agent.identity.Identity;
import org.ic4j.agent.identity.Secp256k1Identity;

/**
 * Loads the identity the goals sign with from a PEM file as {@code dfx identity export} writes it: an Ed25519
 * key in PKCS#8 ({@code BEGIN PRIVATE KEY}) or a secp256k1 key in SEC1 ({@code BEGIN EC PRIVATE KEY}, usually
 * after an {@code EC PARAMETERS} block). Without a file the caller is anonymous, which only local networks
 * accept for deployment. Error messages name the file and the problem, never the key.
 */
public final class IdentityLoader {
    private final BuildLog log;

    public IdentityLoader(BuildLog log) {
        this.log = log;
    }

    public SigningIdentity load(Path pemFile, NetworkSettings network) throws ReleaseException {
        if (pemFile == null) {
            if (!network.local()) {
                throw new ReleaseException("Network '" + network.name() + "' needs an identity: set <identity> or"
                        + " -Ddiode.identity=<PEM file> (for example the output of `dfx identity export <name>`)."
                        + " The anonymous identity is only used on local networks.");
            }
            Identity anonymous = new AnonymousIdentity();
            return new SigningIdentity(anonymous, "anonymous", anonymous.sender());
        }
        if (!Files.isRegularFile(pemFile)) {
            throw new ReleaseException("Identity file " + pemFile + " does not exist or is not a file. Point"
                    + " -Ddiode.identity at a PEM file (for example `dfx identity export <name> > identity.pem`).");
        }
        warnWhenReadableByOthers(pemFile);
        String pem;
        try {
            pem = Files.readString(pemFile, StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException unreadable) {
            throw new ReleaseException("Cannot read identity file " + pemFile + ": " + unreadable.getMessage());
        }
        try {
            Identity identity = parse(pem, pemFile);
            String kind = identity instanceof BasicIdentity ? "Ed25519" : "secp256k1";
            return new SigningIdentity(identity, kind, identity.sender());
        } catch (GeneralSecurityException
                | IOException
                | RuntimeException
                | org.ic4j.agent.identity.PemError malformed) {
            // The cause's message may quote PEM content, so it is not passed on.
            throw new ReleaseException("Identity file " + pemFile
                    + " is not a valid Ed25519 or secp256k1 PEM private key ("
                    + malformed.getClass().getSimpleName() + "). Export it again with `dfx identity export <name>`.");
        }
    }

    private Identity parse(String pem, Path pemFile) throws ReleaseException, IOException, GeneralSecurityException {
        try (Reader reader = new java.io.StringReader(pem);
                PEMParser parser = new PEMParser(reader)) {
            Object object;
            boolean sawAny = false;
            while ((object = parser.readObject()) != null) {
                sawAny = true;
                if (object instanceof ASN1ObjectIdentifier) {
                    continue; // an EC PARAMETERS block; the key itself names its curve too
                }
                if (object instanceof PEMEncryptedKeyPair || object instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new ReleaseException(
                            "Identity file " + pemFile + " is encrypted; the goals need an unencrypted"
                                    + " PEM (`dfx identity export <name>`), kept readable by you only.");
                }
                if (object instanceof PEMKeyPair keyPair) {
                    return fromPrivateKeyInfo(keyPair.getPrivateKeyInfo(), pemFile);
                }
                if (object instanceof PrivateKeyInfo privateKeyInfo) {
                    return fromPrivateKeyInfo(privateKeyInfo, pemFile);
                }
                throw new ReleaseException("Identity file " + pemFile + " holds a "
                        + object.getClass().getSimpleName()
                        + ", not a private key. Use the PEM that `dfx identity export <name>` prints.");
            }
            throw new ReleaseException(
                    "Identity file " + pemFile + (sawAny ? " holds no private key." : " holds no PEM block.")
                            + " Use the PEM that `dfx identity export <name>` prints.");
        }
    }

    private Identity fromPrivateKeyInfo(PrivateKeyInfo info, Path pemFile)
            throws ReleaseException, IOException, GeneralSecurityException {
        ASN1ObjectIdentifier algorithm = info.getPrivateKeyAlgorithm().getAlgorithm();
        if (algorithm.equals(EdECObjectIdentifiers.id_Ed25519)) {
            return ed25519(info);
        }
        if (algorithm.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            Object parameters = info.getPrivateKeyAlgorithm().getParameters();
            if (parameters instanceof ASN1ObjectIdentifier curve && curve.equals(SECObjectIdentifiers.secp256k1)) {
                return secp256k1(info);
            }
            throw new ReleaseException("Identity file " + pemFile + " holds an elliptic-curve key on a curve other than"
                    + " secp256k1; the goals accept Ed25519 and secp256k1 keys.");
        }
        throw new ReleaseException("Identity file " + pemFile + " holds a key of algorithm " + algorithm
                + "; the goals accept Ed25519 and secp256k1 keys.");
    }

    private static Identity ed25519(PrivateKeyInfo info) throws IOException, GeneralSecurityException {
        byte[] seed = ASN1OctetString.getInstance(info.parsePrivateKey()).getOctets();
        // Derived rather than read: PKCS#8 v1 files (older dfx) carry no public key.
        byte[] publicKey =
                new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
        AlgorithmIdentifier ed25519 = new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519);
        KeyFactory factory = KeyFactory.getInstance("Ed25519");
        PrivateKey privateKey = factory.generatePrivate(
                new PKCS8EncodedKeySpec(new PrivateKeyInfo(ed25519, new DEROctetString(seed)).getEncoded()));
        PublicKey publicKeyObject = factory.generatePublic(
                new X509EncodedKeySpec(new SubjectPublicKeyInfo(ed25519, publicKey).getEncoded()));
        return BasicIdentity.fromKeyPair(new KeyPair(publicKeyObject, privateKey));
    }

    private static Identity secp256k1(PrivateKeyInfo info) throws IOException, GeneralSecurityException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(bouncyCastle());
        var privateKey = (org.bouncycastle.jce.interfaces.ECPrivateKey) converter.getPrivateKey(info);
        ECNamedCurveParameterSpec curve = ECNamedCurveTable.getParameterSpec("secp256k1");
        // The public key is recomputed from the secret so that SEC1 files without the optional public key work.
        PublicKey publicKey = KeyFactory.getInstance("EC", bouncyCastle())
                .generatePublic(new ECPublicKeySpec(
                        curve.getG().multiply(privateKey.getD()).normalize(), curve));
        return Secp256k1Identity.fromKeyPair(new KeyPair(publicKey, privateKey));
    }

    private static java.security.Provider bouncyCastle() {
        java.security.Provider installed = java.security.Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
        return installed != null ? installed : new BouncyCastleProvider();
    }

    private void warnWhenReadableByOthers(Path pemFile) {
        PosixFileAttributeView view = Files.getFileAttributeView(pemFile, PosixFileAttributeView.class);
        if (view == null) {
            return; // not a POSIX file system: nothing reliable to check
        }
        try {
            Set<PosixFilePermission> permissions = view.readAttributes().permissions();
            if (permissions.contains(PosixFilePermission.GROUP_READ)
                    || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                log.warn("Identity file " + pemFile + " is readable by other users; restrict it with `chmod 600 "
                        + pemFile + "`.");
            }
        } catch (IOException unreadable) {
            log.warn("Cannot check the permissions of identity file " + pemFile + ": " + unreadable.getMessage());
        }
    }
}
