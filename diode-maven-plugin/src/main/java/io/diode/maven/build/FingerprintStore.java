package io.diode.maven.build;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;

/** The fingerprint of each canister's last successful build, kept in a small JSON file under target/. */
public final class FingerprintStore {
    private final Path file;
    private final ObjectMapper json = new ObjectMapper();

    public FingerprintStore(Path file) {
        this.file = file;
    }

    /** The stored fingerprints; empty when there are none or the file is unreadable (then all rebuild). */
    public Map<String, String> load() {
        if (!Files.isRegularFile(file)) {
            return new TreeMap<>();
        }
        try {
            return new TreeMap<>(json.readValue(file.toFile(), new TypeReference<Map<String, String>>() {}));
        } catch (IOException unreadable) {
            return new TreeMap<>();
        }
    }

    public void save(Map<String, String> fingerprints) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        json.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), new TreeMap<>(fingerprints));
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
