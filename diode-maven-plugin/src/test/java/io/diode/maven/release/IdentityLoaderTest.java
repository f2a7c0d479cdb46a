package io.diode.maven.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diode.maven.build.RecordingLog;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityLoaderTest {
    private static final NetworkSettings LOCAL =
            new NetworkSettings("local", URI.create("http://127.0.0.1:4943"), true);
    private static final NetworkSettings MAINNET = new NetworkSettings("ic", URI.create("https://icp-api.io"), false);

    @TempDir
    Path directory;

    private final RecordingLog log = new RecordingLog();

    @Test
    void ed25519Pkcs8AsDfxWritesIt() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path pem = privateFile(
                "ed25519.pem",
                "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes())
                                .encodeToString(keys.getPrivate().getEncoded())
                        + "\n-----END PRIVATE KEY-----\n");

        SigningIdentity identity = new IdentityLoader(log).load(pem, MAINNET);

        assertThat(identity.kind()).isEqualTo("Ed25519");
        assertThat(identity.principal())
                .isEqualTo(Principal.selfAuthenticating(keys.getPublic().getEncoded()));
        assertThat(log.lines).isEmpty();
    }

    @Test
    void secp256k1WithEcParametersAsDfxWritesIt() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", new BouncyCastleProvider());
        generator.initialize(new ECGenParameterSpec("secp256k1"));
        KeyPair keys = generator.generateKeyPair();
        StringWriter sec1 = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(sec1)) {
            writer.writeObject(keys);
        }
        Path pem = privateFile(
                "secp256k1.pem", "-----BEGIN EC PARAMETERS-----\nBgUrgQQACg==\n-----END EC PARAMETERS-----\n" + sec1);

        SigningIdentity identity = new IdentityLoader(log).load(pem, MAINNET);

        assertThat(identity.kind()).isEqualTo("secp256k1");
        assertThat(identity.principal())
                .isEqualTo(Principal.selfAuthenticating(keys.getPublic().getEncoded()));
        assertThat(identity.toString()).doesNotContain("PRIVATE").startsWith("secp256k1 identity ");
    }

    @Test
    void anonymousOnlyOnLocalNetworks() throws ReleaseException {
        assertThat(new IdentityLoader(log).load(null, LOCAL).anonymous()).isTrue();
        assertThat(new IdentityLoader(log).load(null, LOCAL).principal()).isEqualTo(Principal.anonymous());
        assertThatThrownBy(() -> new IdentityLoader(log).load(null, MAINNET))
                .isInstanceOf(ReleaseException.class)
                .hasMessageContaining("Network 'ic' needs an identity")
                .hasMessageContaining("-Ddiode.identity");
    }

    @Test
    void missingFileSaysWhatToDo() {
        assertThatThrownBy(() -> new IdentityLoader(log).load(directory.resolve("nope.pem"), LOCAL))
                .hasMessageContaining("nope.pem does not exist")
                .hasMessageContaining("dfx identity export");
    }

    @Test
    void garbageFileIsRejectedWithoutQuotingIt() throws Exception {
        String secret = "-----BEGIN PRIVATE KEY-----\nTUlJQ0VFQkVFRUVFRUVFRUVF\n-----END PRIVATE KEY-----\n";
        Path pem = privateFile("broken.pem", secret);

        assertThatThrownBy(() -> new IdentityLoader(log).load(pem, LOCAL))
                .isInstanceOf(ReleaseException.class)
                .hasMessageContaining("broken.pem is not a valid Ed25519 or secp256k1 PEM private key")
                .satisfies(error -> assertThat(error.getMessage()).doesNotContain("TUlJQ0VFQkVF"));
        Path text = privateFile("text.pem", "hello\n");
        assertThatThrownBy(() -> new IdentityLoader(log).load(text, LOCAL)).hasMessageContaining("holds no PEM block");
    }

    @Test
    void keyReadableByOthersGivesAWarningNotAFailure() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path pem = privateFile(
                "shared.pem",
                "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder()
                                .encodeToString(keys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        Files.setPosixFilePermissions(pem, PosixFilePermissions.fromString("rw-r--r--"));

        new IdentityLoader(log).load(pem, LOCAL);

        assertThat(log.text())
                .contains("WARN Identity file " + pem + " is readable by other users")
                .contains("chmod 600");
    }

    private Path privateFile(String name, String content) throws Exception {
        Path file = directory.resolve(name);
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }
}
