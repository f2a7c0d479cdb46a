package io.diode.maven.build;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * The inputs that decide one canister's output: compiler identity, source and package trees,
 * and the canister's own settings. Equal fingerprints mean recompiling would give the same files.
 */
public final class BuildFingerprint {
    private BuildFingerprint() {
    }

    public static String of(String compilerIdentity, String inputsDigest, CanisterDefinition canister,
                            String mainRelativePath, List<String> flags, boolean gzip) {
        MessageDigest digest = Hashing.newSha256();
        for (String part : List.of("fingerprint-v1", compilerIdentity, inputsDigest, canister.name(),
                mainRelativePath, String.join("\u0001", flags), canister.version(), Boolean.toString(gzip))) {
            digest.update(part.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
