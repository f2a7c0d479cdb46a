package io.diode.maven.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A SHA-256 over every file of a directory tree: relative paths and contents, in a fixed order.
 * Any added, removed, renamed or edited file changes it; timestamps do not.
 */
public final class SourceTreeDigest {
    private SourceTreeDigest() {
    }

    public static String of(Path root) throws IOException {
        MessageDigest digest = Hashing.newSha256();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            digest.update(root.relativize(file).toString().replace('\\', '/').getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(Hashing.sha256(Files.readAllBytes(file)));
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
