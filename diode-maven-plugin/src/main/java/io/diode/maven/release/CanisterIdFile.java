package io.diode.maven.release;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.ic4j.types.Principal;
import org.ic4j.types.PrincipalError;

/**
 * The project's canister ids per network, in dfx's {@code canister_ids.json} format:
 * <pre>{ "factory": { "local": "bkyz2-fmaaa-aaaaa-qaaaq-cai", "ic": "rrkah-fqaaa-aaaaa-aaaaq-cai" } }</pre>
 * Every goal reads it; {@code deploy} adds the ids it creates. Writes replace the file atomically, so a crash
 * never leaves half a file, and keep every entry they did not change.
 */
public final class CanisterIdFile {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private final Path file;

    public CanisterIdFile(Path file) {
        this.file = file;
    }

    public Path path() {
        return file;
    }

    /** The id of {@code canister} on {@code network}, if the file records one. */
    public Optional<Principal> find(String canister, String network) throws ReleaseException {
        String text = read().getOrDefault(canister, Map.of()).get(network);
        if (text == null) {
            return Optional.empty();
        }
        return Optional.of(parsePrincipal(text, "entry " + canister + "." + network + " of " + file));
    }

    /** Records {@code id} for {@code canister} on {@code network}, keeping every other entry. */
    public void record(String canister, String network, Principal id) throws ReleaseException {
        Map<String, Map<String, String>> entries = read();
        entries.computeIfAbsent(canister, name -> new TreeMap<>()).put(network, id.toString());
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temporary = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
            try {
                Files.write(temporary, JSON.writeValueAsBytes(entries));
                try {
                    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException notAtomic) {
                    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException failed) {
            throw new ReleaseException("Cannot write canister-id file " + file + ": " + failed.getMessage()
                    + ". Canister " + canister + " on " + network + " is " + id + "; record it there by hand.");
        }
    }

    private Map<String, Map<String, String>> read() throws ReleaseException {
        if (!Files.exists(file)) {
            return new TreeMap<>();
        }
        try {
            Map<String, Map<String, String>> entries =
                    JSON.readValue(file.toFile(), new TypeReference<TreeMap<String, Map<String, String>>>() {});
            Map<String, Map<String, String>> copy = new TreeMap<>();
            if (entries != null) {
                entries.forEach((name, networks) ->
                        copy.put(name, networks == null ? new TreeMap<>() : new TreeMap<>(networks)));
            }
            return copy;
        } catch (JsonProcessingException malformed) {
            throw new ReleaseException("Canister-id file " + file + " is not of the form"
                    + " { \"<canister>\": { \"<network>\": \"<canister id>\" } }: " + malformed.getOriginalMessage()
                    + ". Fix or delete it (deploy recreates entries for local networks).");
        } catch (IOException unreadable) {
            throw new ReleaseException("Cannot read canister-id file " + file + ": " + unreadable.getMessage());
        }
    }

    static Principal parsePrincipal(String text, String where) throws ReleaseException {
        try {
            return Principal.fromString(text.trim());
        } catch (RuntimeException | PrincipalError malformed) {
            throw new ReleaseException("'" + text + "' in " + where + " is not a valid principal (canister id)"
                    + " such as rrkah-fqaaa-aaaaa-aaaaq-cai.");
        }
    }
}
