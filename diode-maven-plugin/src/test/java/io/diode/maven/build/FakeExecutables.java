package io.diode.maven.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes small shell scripts that stand in for moc, node and npm. */
final class FakeExecutables {
    private FakeExecutables() {}

    static Path script(Path directory, String name, String body) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    /** A moc that answers --version and otherwise writes "wasm:<args>" to the file after -o. */
    static Path moc(Path directory, String version) throws IOException {
        return script(directory, "moc", """
                if [ "$1" = "--version" ]; then echo "%s"; exit 0; fi
                out=""; prev=""
                for a in "$@"; do if [ "$prev" = "-o" ]; then out="$a"; fi; prev="$a"; done
                echo "$@" >> "$(dirname "$0")/calls.log"
                printf 'compiled %%s' "$*" > "$out"
                """.formatted(version));
    }
}
