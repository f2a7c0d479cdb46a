package io.diode.pocketic.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A temporary directory deleted with everything in it, on demand or when the JVM exits. */
public final class TemporaryDirectory {

    private final Path path;

    private TemporaryDirectory(Path path) {
        this.path = path;
    }

    /** Created now; removed at JVM exit unless {@link #delete()} ran first. */
    public static TemporaryDirectory create(String prefix) throws IOException {
        TemporaryDirectory directory = new TemporaryDirectory(Files.createTempDirectory(prefix));
        Runtime.getRuntime().addShutdownHook(new Thread(directory::delete, "delete " + directory.path));
        return directory;
    }

    public Path path() {
        return path;
    }

    /** Best effort: a file that cannot be deleted stays, and nothing fails because of it. */
    public void delete() {
        deleteTree(path);
    }

    /** Deletes {@code root} and everything in it, best effort (as {@link #delete()}). */
    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // left for the operating system's temporary-file cleanup
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // same: only disk space is at stake
        }
    }
}
