package io.diode.maven.build;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the command-line form of a list of named paths, {@code name=path[,name=path]...}, used by
 * {@code -Ddiode.canisters} and {@code -Ddiode.packages}. Relative paths resolve against a base directory.
 */
public final class NamedPathList {
    private NamedPathList() {}

    /** A name and the path given for it. */
    public record Entry(String name, Path path) {}

    public static List<Entry> parse(String text, Path baseDirectory, String property) throws CanisterBuildException {
        List<Entry> entries = new ArrayList<>();
        for (String item : text.split(",")) {
            String trimmed = item.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            if (equals <= 0 || equals == trimmed.length() - 1) {
                throw new CanisterBuildException("-D" + property + " has an entry '" + trimmed + "' that is not"
                        + " name=path. Write it as -D" + property + "=name=path[,name=path]...");
            }
            Path path = Path.of(trimmed.substring(equals + 1).strip());
            entries.add(new Entry(
                    trimmed.substring(0, equals).strip(), path.isAbsolute() ? path : baseDirectory.resolve(path)));
        }
        return entries;
    }
}
