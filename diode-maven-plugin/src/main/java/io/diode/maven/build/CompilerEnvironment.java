package io.diode.maven.build;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The process environment the compiler is resolved and run in. Passed in rather than read from
 * {@link System#getenv()} so the resolution order can be tested with any PATH or DIODE_MOC.
 */
public record CompilerEnvironment(Map<String, String> variables) {

    public CompilerEnvironment {
        variables = Map.copyOf(variables);
    }

    public static CompilerEnvironment ofCurrentProcess() {
        return new CompilerEnvironment(System.getenv());
    }

    public Optional<String> variable(String name) {
        return Optional.ofNullable(variables.get(name)).filter(value -> !value.isBlank());
    }

    /** The first executable file called {@code name} in a PATH directory, as a shell would pick it. */
    public Optional<Path> findOnPath(String name) {
        String path = variable("PATH").orElse("");
        for (String directory : path.split(File.pathSeparator)) {
            if (directory.isBlank()) {
                continue;
            }
            Path candidate = Path.of(directory).resolve(name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
