package io.diode.pocketic.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Starts a PocketIC server as a child process: the real server's binary ({@code POCKET_IC_BIN}) or the
 * {@code pocketic-embedded} jar, which share the command line. The handshake is the real server's: it writes
 * its port to {@code --port-file} once it listens. {@code --ttl} makes the server exit by itself when nobody
 * talks to it, so a server orphaned by a killed JVM does not live on.
 */
public final class PocketIcLauncher {

    /** Environment variable the real PocketIC tooling uses for the server binary. */
    public static final String POCKET_IC_BIN = "POCKET_IC_BIN";

    private final List<String> command;
    private final String description;
    private Duration ttl = Duration.ofMinutes(5);
    private Duration startTimeout = Duration.ofSeconds(60);

    private PocketIcLauncher(List<String> command, String description) {
        this.command = List.copyOf(command);
        this.description = description;
    }

    /** The real PocketIC server binary (or anything with its command line). */
    public static PocketIcLauncher binary(Path executable) {
        if (!Files.isRegularFile(executable)) {
            throw new PocketIcLaunchException("no PocketIC server binary at " + executable + ": download the pocket-ic "
                    + "release for your platform, gunzip it, chmod +x it, and set " + POCKET_IC_BIN + " to its path");
        }
        if (!Files.isExecutable(executable)) {
            throw new PocketIcLaunchException(
                    "the PocketIC server binary " + executable + " is not executable: " + "chmod +x it");
        }
        return new PocketIcLauncher(List.of(executable.toString()), "PocketIC binary " + executable);
    }

    /** The binary named by {@code POCKET_IC_BIN}, if that variable is set. */
    public static Optional<PocketIcLauncher> fromEnvironment() {
        String bin = System.getenv(POCKET_IC_BIN);
        return bin == null || bin.isBlank() ? Optional.empty() : Optional.of(binary(Path.of(bin)));
    }

    /** Any command that takes the real server's flags ({@code --ip-addr --port-file --ttl}). */
    public static PocketIcLauncher command(List<String> command, String description) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("the server command is empty");
        }
        return new PocketIcLauncher(command, description);
    }

    /**
     * {@code java -jar pocketic-embedded.jar}, with the Java runtime running this process (Java 21+). Canister code
     * is interpreted (the server logs one line saying so) unless {@code -Dpocketic.server.execution=jit} asks for the
     * Graal JIT ({@link GraalJitFlags#EXECUTION_PROPERTY}), which needs the compiler jars beside the jar and a JDK 25+
     * runtime ({@link GraalJitFlags}).
     */
    public static PocketIcLauncher jar(Path serverJar) {
        if (!Files.isRegularFile(serverJar)) {
            throw new PocketIcLaunchException("no server jar at " + serverJar + ": use the published one"
                    + " (PocketIcLauncher.serverArtifact(), " + PocketIcServerArtifact.GROUP_ID + ":"
                    + PocketIcServerArtifact.ARTIFACT_ID + ":<version>:jar:" + PocketIcServerArtifact.CLASSIFIER
                    + "), or build it in a checkout with ./mvnw -pl pocketic-embedded package"
                    + " (target/pocketic-embedded.jar)");
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-XX:+UseSerialGC"));
        Optional<List<String>> jit = GraalJitFlags.jitRequestedForLaunchedServer()
                ? GraalJitFlags.forServerJar(serverJar, Runtime.version().feature())
                : Optional.empty();
        if (jit.isPresent()) {
            command.addAll(jit.get());
        } else {
            // interpreted, the JVM's own JIT matters only for start-up: its first tier is enough
            command.add("-XX:TieredStopAtLevel=1");
        }
        command.addAll(List.of("-jar", serverJar.toString()));
        return new PocketIcLauncher(
                command, "pocketic-embedded jar " + serverJar + (jit.isPresent() ? " (Graal JIT)" : " (interpreted)"));
    }

    /**
     * {@link #jar} of the published server artifact {@code io.diode:pocketic-embedded:<version>:jar:server} from the
     * local Maven repository ({@link PocketIcServerArtifact}), with the Graal compiler jars beside it when they are
     * there too.
     *
     * @throws PocketIcLaunchException when the artifact is not in the local repository (the message says how to get it)
     */
    public static PocketIcLauncher serverArtifact() {
        return jar(PocketIcServerArtifact.fromSystemProperties().resolve());
    }

    /** How long the server may sit without requests before it exits by itself (default 5 minutes). */
    public PocketIcLauncher ttl(Duration newTtl) {
        if (newTtl.toSeconds() < 1) {
            throw new IllegalArgumentException("the time-to-live must be at least one second, not " + newTtl);
        }
        ttl = newTtl;
        return this;
    }

    /** How long to wait for the port file and a healthy {@code /status} (default 60 s). */
    public PocketIcLauncher startTimeout(Duration timeout) {
        startTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    List<String> commandLine(Path portFile) {
        List<String> full = new ArrayList<>(command);
        full.addAll(List.of(
                "--ip-addr", "127.0.0.1", "--port-file", portFile.toString(), "--ttl", Long.toString(ttl.toSeconds())));
        return full;
    }

    /**
     * Starts the server and waits until it answers {@code GET /status}.
     *
     * @throws PocketIcLaunchException when the process exits early, never writes its port, or is not healthy in
     *                                 time; the message includes the end of its output
     */
    public RunningPocketIcServer start() {
        TemporaryDirectory workDir;
        try {
            workDir = TemporaryDirectory.create("pocketic-");
        } catch (IOException e) {
            throw new PocketIcLaunchException("cannot create a temporary directory for the port file: " + e, e);
        }
        Path portFile = workDir.path().resolve("port");
        Path log = workDir.path().resolve("server.log");
        Process process;
        try {
            process = new ProcessBuilder(commandLine(portFile))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            workDir.delete();
            throw new PocketIcLaunchException("cannot start the " + description + ": " + e.getMessage(), e);
        }
        try {
            int port = awaitPort(process, portFile, log);
            URI url = URI.create("http://127.0.0.1:" + port);
            awaitHealthy(process, url, log);
            return new LaunchedServer(process, url, description + " (pid " + process.pid() + ")", workDir);
        } catch (RuntimeException e) {
            stop(process);
            workDir.delete();
            throw e;
        }
    }

    private int awaitPort(Process process, Path portFile, Path log) {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new PocketIcLaunchException("the " + description + " exited with code " + process.exitValue()
                        + " before it listened. Its output:\n" + tail(log));
            }
            Optional<Integer> port = readPort(portFile);
            if (port.isPresent()) {
                return port.get();
            }
            sleep(Duration.ofMillis(20));
        }
        throw new PocketIcLaunchException("the " + description + " did not write its port to " + portFile + " within "
                + startTimeout + ". Its output:\n" + tail(log));
    }

    /** The real server may be caught mid-write: only a whole number counts. */
    static Optional<Integer> readPort(Path portFile) {
        try {
            String text = Files.readString(portFile, StandardCharsets.UTF_8).trim();
            if (text.isEmpty()) {
                return Optional.empty();
            }
            int port = Integer.parseInt(text);
            return port > 0 && port < 65_536 ? Optional.of(port) : Optional.empty();
        } catch (IOException | NumberFormatException notYet) {
            return Optional.empty();
        }
    }

    private void awaitHealthy(Process process, URI url, Path log) {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        try (HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            HttpRequest status = HttpRequest.newBuilder(URI.create(url + "/status"))
                    .timeout(Duration.ofSeconds(5))
                    .GET()
                    .build();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new PocketIcLaunchException("the " + description + " exited with code " + process.exitValue()
                            + " while starting. Its output:\n" + tail(log));
                }
                try {
                    if (http.send(status, HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // listening socket not accepting yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new PocketIcLaunchException("interrupted while waiting for the " + description, e);
                }
                sleep(Duration.ofMillis(50));
            }
        }
        throw new PocketIcLaunchException("the " + description + " at " + url + " did not answer GET /status with 200 "
                + "within " + startTimeout + ". Its output:\n" + tail(log));
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PocketIcLaunchException("interrupted while waiting for the PocketIC server", e);
        }
    }

    static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    record LaunchedServer(Process process, URI url, String description, TemporaryDirectory workDir)
            implements RunningPocketIcServer {

        /** The last lines the server printed (for diagnostics and tests). */
        String outputTail() {
            return tail(workDir.path().resolve("server.log"));
        }

        @Override
        public void close() {
            stop(process);
            workDir.delete();
        }
    }
}
