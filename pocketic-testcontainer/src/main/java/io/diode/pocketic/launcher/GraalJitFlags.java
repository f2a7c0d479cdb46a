package io.diode.pocketic.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The JVM flags that let the {@code pocketic-embedded} server compile canister code with the Graal JIT instead of
 * interpreting it: JVMCI on, and the Graal compiler's jars on the upgrade module path. The build puts those jars
 * in a {@code graal-compiler} directory beside {@code pocketic-embedded.jar} (the root POM's {@code graal-jit}
 * profile, JDK 25+); the Graal compiler of GraalVM 25 needs a JDK 25+ runtime. Without either, the server runs
 * interpreted and says so in one log line.
 */
public final class GraalJitFlags {

    /** The directory beside the server jar that holds the compiler jars. */
    public static final String DIRECTORY = "graal-compiler";

    /** The artifacts the upgrade module path needs, by file-name prefix (the version follows). */
    static final List<String> JARS = List.of("compiler-", "truffle-compiler-", "word-", "collections-");

    /**
     * The system property that chooses how a launched server jar ({@code binary} backend) runs canister code:
     * {@code jit} (the Graal compiler, when its jars are there) or {@code interpreted}. Unset: {@link #LAUNCHED_DEFAULT}.
     */
    public static final String EXECUTION_PROPERTY = "pocketic.server.execution";

    /**
     * The launched jar's default: interpreted. A short suite (19 extension tests on 2 cores) ran 3.0× longer with the
     * JIT, whose compiler threads compete with the tests; suites of heavy messages want {@code jit} (module README).
     */
    public static final String LAUNCHED_DEFAULT = "interpreted";

    private static final int MINIMUM_JDK = 25;

    private GraalJitFlags() {}

    /**
     * The flags for running {@code serverJar} on a Java runtime of version {@code javaFeatureVersion}, or empty
     * when the compiler jars are not beside the jar or that runtime is too old for them.
     */
    public static Optional<List<String>> forServerJar(Path serverJar, int javaFeatureVersion) {
        Path directory = serverJar.toAbsolutePath().getParent().resolve(DIRECTORY);
        if (javaFeatureVersion < MINIMUM_JDK) {
            return Optional.empty();
        }
        return compilerJars(directory)
                .map(jars -> flags(jars.stream().map(Path::toString).toList()));
    }

    /**
     * Whether a launched server should JIT-compile canister code: {@link #EXECUTION_PROPERTY}, else
     * {@link #LAUNCHED_DEFAULT}.
     *
     * @throws IllegalArgumentException when the property is neither {@code jit} nor {@code interpreted}
     */
    public static boolean jitRequestedForLaunchedServer() {
        String mode = System.getProperty(EXECUTION_PROPERTY, "").strip();
        return switch (mode.isEmpty() ? LAUNCHED_DEFAULT : mode) {
            case "jit" -> true;
            case "interpreted" -> false;
            default ->
                throw new IllegalArgumentException(
                        "-D" + EXECUTION_PROPERTY + "=" + mode + " is not an execution mode: use jit or interpreted");
        };
    }

    /** The flags with the compiler jars at {@code modulePath} (e.g. paths inside a container image). */
    public static List<String> flags(List<String> modulePath) {
        // Truffle's optimizing runtime uses sun.misc.Unsafe; JDK 25 would print four lines of warnings about it
        return List.of(
                "-XX:+UnlockExperimentalVMOptions",
                "-XX:+EnableJVMCI",
                "--upgrade-module-path=" + String.join(java.io.File.pathSeparator, modulePath),
                "--sun-misc-unsafe-memory-access=allow");
    }

    /** The four compiler jars in {@code directory}, in {@link #JARS} order, or empty if any is missing. */
    public static Optional<List<Path>> compilerJars(Path directory) {
        if (!Files.isDirectory(directory)) {
            return Optional.empty();
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(file -> file.getFileName().toString().endsWith(".jar"))
                    .sorted()
                    .toList();
        } catch (IOException unreadable) {
            return Optional.empty();
        }
        List<Path> found = new ArrayList<>();
        for (String prefix : JARS) {
            // "compiler-" must not pick "truffle-compiler-…": match the prefix at the start of the name followed
            // by a version digit
            Optional<Path> jar = files.stream()
                    .filter(file -> {
                        String name = file.getFileName().toString();
                        return name.startsWith(prefix)
                                && name.length() > prefix.length()
                                && Character.isDigit(name.charAt(prefix.length()));
                    })
                    .findFirst();
            if (jar.isEmpty()) {
                return Optional.empty();
            }
            found.add(jar.get());
        }
        return Optional.of(found);
    }
}
