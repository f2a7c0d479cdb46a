package io.diode.pocketic.junit;

import io.diode.pocketic.container.EmbeddedServerImage;
import io.diode.pocketic.container.PocketIcContainer;
import io.diode.pocketic.launcher.InProcessPocketIcServer;
import io.diode.pocketic.launcher.PocketIcLaunchException;
import io.diode.pocketic.launcher.PocketIcLauncher;
import io.diode.pocketic.launcher.PocketIcServerArtifact;
import io.diode.pocketic.launcher.RunningPocketIcServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.DockerImageName;

/**
 * Where the PocketIC server of a test run comes from. System properties:
 * <ul>
 *   <li>{@code pocketic.backend}: {@code embedded} (default), {@code container} or {@code binary};</li>
 *   <li>{@code pocketic.server.jar}: the runnable {@code pocketic-embedded.jar}, used by {@code container} (to build
 *   the local image) and by {@code binary} when {@code POCKET_IC_BIN} is not set; when unset, the published
 *   artifact {@code io.diode:pocketic-embedded:<version>:jar:server} from the local Maven repository
 *   ({@link PocketIcServerArtifact});</li>
 *   <li>{@code pocketic.container.image}: an existing image to run instead, e.g. the real PocketIC built from
 *   this module's {@code docker/real-pocketic/Dockerfile}.</li>
 * </ul>
 */
public enum PocketIcBackend {

    /** The {@code pocketic-embedded} server in this JVM. */
    EMBEDDED {
        @Override
        public Optional<String> unavailableReason() {
            return InProcessPocketIcServer.isAvailable()
                    ? Optional.empty()
                    : Optional.of("io.diode:pocketic-embedded is not on the test class path (add it as a"
                            + " test-scoped dependency beside pocketic-testcontainer)");
        }

        @Override
        public RunningPocketIcServer start() {
            return InProcessPocketIcServer.start();
        }
    },

    /** A Docker container: {@code pocketic.container.image}, or an image of the embedded server built locally. */
    CONTAINER {
        @Override
        public Optional<String> unavailableReason() {
            if (!DockerClientFactory.instance().isDockerAvailable()) {
                return Optional.of("no Docker engine is reachable (start dockerd, or set DOCKER_HOST)");
            }
            if (containerImage().isPresent()) {
                return Optional.empty();
            }
            return serverJarProblem().map(problem -> "no -D" + CONTAINER_IMAGE_PROPERTY + " image, and " + problem);
        }

        @Override
        public RunningPocketIcServer start() {
            PocketIcContainer container = containerImage()
                    .map(image -> new PocketIcContainer(DockerImageName.parse(image)))
                    .orElseGet(() -> new PocketIcContainer(
                            EmbeddedServerImage.build(serverJar().orElseThrow())));
            try {
                container.start();
            } catch (RuntimeException e) {
                container.close();
                throw new PocketIcLaunchException(
                        "the PocketIC container did not start: " + e.getMessage()
                                + " (its output is in the log under io.diode.pocketic.container.PocketIcContainer)",
                        e);
            }
            return container;
        }
    },

    /** A child process: the real server binary from {@code POCKET_IC_BIN}, or {@code java -jar} of the server jar. */
    BINARY {
        @Override
        public Optional<String> unavailableReason() {
            String bin = System.getenv(PocketIcLauncher.POCKET_IC_BIN);
            if (bin != null && !bin.isBlank()) {
                return Files.isExecutable(Path.of(bin))
                        ? Optional.empty()
                        : Optional.of(PocketIcLauncher.POCKET_IC_BIN + "=" + bin + " is not an executable file");
            }
            return serverJarProblem().map(problem -> PocketIcLauncher.POCKET_IC_BIN + " is not set, and " + problem);
        }

        @Override
        public RunningPocketIcServer start() {
            PocketIcLauncher launcher = PocketIcLauncher.fromEnvironment()
                    .orElseGet(() -> PocketIcLauncher.jar(serverJar()
                            .orElseThrow(() -> new PocketIcLaunchException(
                                    "set " + PocketIcLauncher.POCKET_IC_BIN + " or -D" + SERVER_JAR_PROPERTY + ": "
                                            + serverJarProblem().orElse("")))));
            return launcher.start();
        }
    };

    public static final String BACKEND_PROPERTY = "pocketic.backend";
    public static final String SERVER_JAR_PROPERTY = "pocketic.server.jar";
    public static final String CONTAINER_IMAGE_PROPERTY = "pocketic.container.image";

    /** Why this backend cannot run here, or empty when it can. */
    public abstract Optional<String> unavailableReason();

    /** Starts a server of this kind; the caller closes it. */
    public abstract RunningPocketIcServer start();

    /** The backend named by {@code -Dpocketic.backend}, {@link #EMBEDDED} when unset. */
    public static PocketIcBackend selected() {
        return parse(System.getProperty(BACKEND_PROPERTY, "embedded"));
    }

    static PocketIcBackend parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "-D" + BACKEND_PROPERTY + "=" + name + " is not a backend; use one of "
                            + Arrays.stream(values())
                                    .map(value -> value.name().toLowerCase(Locale.ROOT))
                                    .collect(Collectors.joining(", ")),
                    e);
        }
    }

    /** {@code -Dpocketic.server.jar} if set and present, else the published artifact if it is in the local repository. */
    static Optional<Path> serverJar() {
        Optional<Path> configured = configuredServerJar();
        if (configured.isPresent()) {
            return configured.filter(Files::isRegularFile);
        }
        return PocketIcServerArtifact.fromSystemProperties().find();
    }

    /** Why {@link #serverJar()} is empty, or empty when it is not. */
    static Optional<String> serverJarProblem() {
        Optional<Path> configured = configuredServerJar();
        if (configured.isPresent()) {
            return Files.isRegularFile(configured.get())
                    ? Optional.empty()
                    : Optional.of("-D" + SERVER_JAR_PROPERTY + "=" + configured.get() + " does not exist");
        }
        PocketIcServerArtifact artifact = PocketIcServerArtifact.fromSystemProperties();
        return Files.isRegularFile(artifact.repositoryFile())
                ? Optional.empty()
                : Optional.of(artifact.missingMessage());
    }

    private static Optional<Path> configuredServerJar() {
        return Optional.ofNullable(System.getProperty(SERVER_JAR_PROPERTY))
                .filter(value -> !value.isBlank())
                .map(Path::of);
    }

    static Optional<String> containerImage() {
        return Optional.ofNullable(System.getProperty(CONTAINER_IMAGE_PROPERTY)).filter(value -> !value.isBlank());
    }
}
