package io.diode.pocketic.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.jar.JarFile;

/**
 * The runnable {@code pocketic-embedded} server as a Maven artifact, {@code io.diode:pocketic-embedded:<version>:jar:server},
 * found by coordinates in the local Maven repository (where {@code mvn install}, or any build that depends on or
 * copies it, puts it) instead of a checkout of this repository. The Graal compiler jars that let it JIT-compile
 * canister code are artifacts too ({@code org.graalvm.compiler:compiler} etc., version from the server jar's
 * {@code Graal-Version} manifest entry); {@link #resolve()} lays the server jar and those it finds out in a cache
 * directory as {@code pocketic-embedded.jar} + {@code graal-compiler/}, the layout {@link GraalJitFlags},
 * {@link PocketIcLauncher#jar} and the container image expect.
 *
 * <p>Settings (system properties): {@value #VERSION_PROPERTY} (default: this library's version),
 * {@code maven.repo.local} (default {@code ~/.m2/repository}) and {@value #CACHE_PROPERTY} (where the layout goes,
 * default {@code ~/.cache/diode/pocketic-server}).
 */
public final class PocketIcServerArtifact {

    public static final String GROUP_ID = "io.diode";
    public static final String ARTIFACT_ID = "pocketic-embedded";
    public static final String CLASSIFIER = "server";
    public static final String VERSION_PROPERTY = "pocketic.server.version";
    public static final String CACHE_PROPERTY = "pocketic.server.cacheDirectory";
    static final String GRAAL_VERSION_ATTRIBUTE = "Graal-Version";

    /** groupId:artifactId of the jars on the upgrade module path, in {@link GraalJitFlags#JARS} order. */
    static final List<String[]> COMPILER_ARTIFACTS = List.of(
            new String[] {"org.graalvm.compiler", "compiler"},
            new String[] {"org.graalvm.truffle", "truffle-compiler"},
            new String[] {"org.graalvm.sdk", "word"},
            new String[] {"org.graalvm.sdk", "collections"});

    private final String version;
    private final Path localRepository;
    private final Path cacheDirectory;

    public PocketIcServerArtifact(String version, Path localRepository, Path cacheDirectory) {
        this.version = version;
        this.localRepository = localRepository;
        this.cacheDirectory = cacheDirectory;
    }

    /** The artifact of this library's release (or {@code -Dpocketic.server.version}) in the default local repository. */
    public static PocketIcServerArtifact fromSystemProperties() {
        String version = Optional.ofNullable(System.getProperty(VERSION_PROPERTY))
                .filter(v -> !v.isBlank())
                .orElseGet(PocketIcServerArtifact::libraryVersion);
        Path home = Path.of(System.getProperty("user.home"));
        Path repository = Optional.ofNullable(System.getProperty("maven.repo.local"))
                .filter(v -> !v.isBlank())
                .map(Path::of)
                .orElse(home.resolve(".m2").resolve("repository"));
        Path cache = Optional.ofNullable(System.getProperty(CACHE_PROPERTY))
                .filter(v -> !v.isBlank())
                .map(Path::of)
                .orElse(home.resolve(".cache").resolve("diode").resolve("pocketic-server"));
        return new PocketIcServerArtifact(version, repository, cache);
    }

    /** {@code io.diode:pocketic-embedded:<version>:jar:server}. */
    public String coordinates() {
        return GROUP_ID + ":" + ARTIFACT_ID + ":" + version + ":jar:" + CLASSIFIER;
    }

    /** Where the local repository keeps the server jar. */
    public Path repositoryFile() {
        return artifactFile(GROUP_ID, ARTIFACT_ID, version, CLASSIFIER);
    }

    /** The server jar ready to launch (with the compiler jars found beside it), or empty when it is not in the repository. */
    public Optional<Path> find() {
        return Files.isRegularFile(repositoryFile()) ? Optional.of(layOut()) : Optional.empty();
    }

    /** Like {@link #find()}, but a missing artifact is an error that says how to get it. */
    public Path resolve() {
        return find().orElseThrow(() -> new PocketIcLaunchException(missingMessage()));
    }

    /** Why the artifact cannot be used and the commands that fix it. */
    public String missingMessage() {
        return "the PocketIC server artifact " + coordinates() + " is not in the local Maven repository "
                + localRepository + " (looked for " + repositoryFile() + "). Fetch it with"
                + " 'mvn dependency:get -Dartifact=" + coordinates() + "' (for compiled canister code also"
                + " org.graalvm.compiler:compiler, org.graalvm.truffle:truffle-compiler, org.graalvm.sdk:word and"
                + " org.graalvm.sdk:collections of the server's GraalVM version), or point -Dpocketic.server.jar at a"
                + " server jar";
    }

    /** The compiler jars for {@code graalVersion} present in the local repository, or empty if any is missing. */
    Optional<List<Path>> compilerJars(String graalVersion) {
        List<Path> jars = new ArrayList<>();
        for (String[] artifact : COMPILER_ARTIFACTS) {
            Path jar = artifactFile(artifact[0], artifact[1], graalVersion, null);
            if (!Files.isRegularFile(jar)) {
                return Optional.empty();
            }
            jars.add(jar);
        }
        return Optional.of(jars);
    }

    private Path layOut() {
        Path source = repositoryFile();
        try {
            // A SNAPSHOT is overwritten in place by each install: size and time keep an old copy from being reused.
            String stamp =
                    Files.size(source) + "-" + Files.getLastModifiedTime(source).toMillis();
            Optional<String> graalVersion = graalVersion(source);
            Optional<List<Path>> compiler = graalVersion.flatMap(this::compilerJars);
            String key = version + "-" + stamp + (compiler.isPresent() ? "-jit" : "");
            Path directory = cacheDirectory.resolve(key);
            Path jar = directory.resolve("pocketic-embedded.jar");
            if (Files.isRegularFile(jar)) {
                return jar;
            }
            Files.createDirectories(cacheDirectory);
            Path staging = Files.createTempDirectory(cacheDirectory, key + ".tmp");
            link(source, staging.resolve("pocketic-embedded.jar"));
            if (compiler.isPresent()) {
                Path compilerDirectory = Files.createDirectories(staging.resolve(GraalJitFlags.DIRECTORY));
                for (Path compilerJar : compiler.get()) {
                    link(compilerJar, compilerDirectory.resolve(compilerJar.getFileName()));
                }
            }
            try {
                Files.move(staging, directory, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException raced) {
                // Another JVM laid it out first: use its copy.
                TemporaryDirectory.deleteTree(staging);
            } catch (IOException notEmpty) {
                if (!Files.isRegularFile(jar)) {
                    throw notEmpty;
                }
                TemporaryDirectory.deleteTree(staging);
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "could not lay out " + coordinates() + " from " + source + " in " + cacheDirectory + ": "
                            + e.getMessage(),
                    e);
        }
    }

    private static void link(Path source, Path target) throws IOException {
        try {
            Files.createLink(target, source);
        } catch (IOException | UnsupportedOperationException crossDevice) {
            Files.copy(source, target);
        }
    }

    static Optional<String> graalVersion(Path serverJar) throws IOException {
        try (JarFile jar = new JarFile(serverJar.toFile())) {
            return Optional.ofNullable(jar.getManifest())
                    .map(manifest -> manifest.getMainAttributes().getValue(GRAAL_VERSION_ATTRIBUTE));
        }
    }

    private Path artifactFile(String groupId, String artifactId, String artifactVersion, String classifier) {
        Path directory = localRepository;
        for (String part : groupId.split("\\.")) {
            directory = directory.resolve(part);
        }
        String name = artifactId + "-" + artifactVersion + (classifier == null ? "" : "-" + classifier) + ".jar";
        return directory.resolve(artifactId).resolve(artifactVersion).resolve(name);
    }

    static String libraryVersion() {
        Properties properties = new Properties();
        try (InputStream in = PocketIcServerArtifact.class.getResourceAsStream("server-artifact.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException unreadable) {
            // fall through
        }
        String version = properties.getProperty("version");
        if (version == null || version.isBlank() || version.startsWith("${")) {
            throw new PocketIcLaunchException("this build of pocketic-testcontainer does not know its version; set -D"
                    + VERSION_PROPERTY + " to the pocketic-embedded server version to use");
        }
        return version;
    }
}
