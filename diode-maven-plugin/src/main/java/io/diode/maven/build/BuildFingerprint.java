package io.diode.maven.build;

import io.diode.ic.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * The inputs that decide one canister's output: compiler identity, the files its main file imports
 * (its {@link ImportClosure}),
 * the canister's own settings and where its outputs go. Equal fingerprints mean recompiling
 * would give the same files.
 */
public final class BuildFingerprint {
    private BuildFingerprint() {}

    public static String of(
            String compilerIdentity,
            String importClosureDigest,
            CanisterDefinition canister,
            String mainRelativePath,
            List<String> flags,
            boolean gzip,
            String outputDirectory) {
        MessageDigest digest = Sha256.newDigest();
        for (String part : List.of(
                "fingerprint-v2",
                compilerIdentity,
                importClosureDigest,
                canister.name(),
                mainRelativePath,
                String.join("\u0001", flags),
                String.valueOf(canister.version()),
                Boolean.toString(gzip),
                outputDirectory)) {
            digest.update(part.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
