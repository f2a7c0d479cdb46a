package io.diode.maven.build;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;

/**
 * {@code target/canisters/canisters.json}: what the build produced, for the deploy, upgrade and
 * version-check goals and for tests. Paths inside are relative to the manifest's directory.
 */
public record CanisterManifest(int formatVersion, String compiler, List<ManifestEntry> canisters) {
    public static final String FILE_NAME = "canisters.json";
    public static final int FORMAT_VERSION = 1;

    public CanisterManifest {
        canisters = List.copyOf(canisters);
    }

    private static ObjectMapper mapper() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    public static CanisterManifest read(Path file) throws IOException {
        return mapper().readValue(file.toFile(), CanisterManifest.class);
    }

    /** Writes atomically, and not at all when the content is unchanged (so re-runs leave it untouched). */
    public boolean write(Path file) throws IOException {
        byte[] content = mapper().writeValueAsBytes(this);
        if (Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), content)) {
            return false;
        }
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(temporary, content);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return true;
    }
}
