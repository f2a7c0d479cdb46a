package io.diode.pocketic.embedded.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Real third-party JavaScript clients, installed from npm once per machine into {@code ~/.cache/diode/<name>}
 * (with {@code --ignore-scripts}: PicJS's install script would download the native server), and the scripts
 * under {@code src/test/js} run with Node against a server: PicJS ({@code @dfinity/pic}), the PocketIC client,
 * and agent-js ({@code @dfinity/agent}), the IC agent.
 */
final class PicJs {

    static final String VERSION = "0.23.0";
    static final String AGENT_JS_VERSION = "3.4.3";

    /** A set of npm packages installed together, and the package whose presence marks a finished install. */
    record Packages(String cacheName, List<String> specs, String marker) {}

    static final Packages PICJS = new Packages("picjs/" + VERSION, List.of("@dfinity/pic@" + VERSION), "@dfinity/pic");
    static final Packages AGENT_JS = new Packages(
            "agent-js/" + AGENT_JS_VERSION,
            List.of(
                    "@dfinity/agent@" + AGENT_JS_VERSION, "@dfinity/candid@" + AGENT_JS_VERSION,
                    "@dfinity/principal@" + AGENT_JS_VERSION, "@dfinity/identity@" + AGENT_JS_VERSION),
            "@dfinity/identity");

    /** What a finished node process printed. */
    record Run(int exitCode, String output) {}

    private PicJs() {}

    /** The directory whose {@code node_modules} holds PicJS and its dependencies. */
    static Path install() throws IOException, InterruptedException {
        return install(PICJS);
    }

    /** The directory whose {@code node_modules} holds {@code packages} and their dependencies. */
    static synchronized Path install(Packages packages) throws IOException, InterruptedException {
        Path home = Path.of(System.getProperty("user.home"));
        Path cache = home.resolve(".cache/diode/" + packages.cacheName());
        if (Files.isDirectory(cache.resolve("node_modules/" + packages.marker()))) {
            return cache;
        }
        Files.createDirectories(cache.getParent());
        Path staging = Files.createTempDirectory(cache.getParent(), "install-");
        List<String> command = new ArrayList<>(List.of(
                "npm", "install", "--ignore-scripts", "--no-audit", "--no-fund", "--prefix", staging.toString()));
        command.addAll(packages.specs());
        Run npm = run(command, staging, 300);
        if (npm.exitCode() != 0) {
            throw new IllegalStateException("npm install " + packages.specs() + " failed:\n" + npm.output());
        }
        try {
            // atomic, so that a concurrent or interrupted install never leaves a half-filled cache
            Files.move(staging, cache, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException | java.nio.file.FileAlreadyExistsException e) {
            deleteRecursively(staging);
        } catch (IOException e) {
            if (!Files.isDirectory(cache.resolve("node_modules/" + packages.marker()))) {
                throw e;
            }
            deleteRecursively(staging);
        }
        return cache;
    }

    /** Runs {@code src/test/js/<script>} with the arguments, PicJS on the module path. */
    static Run runScript(String script, List<String> arguments, long timeoutSeconds)
            throws IOException, InterruptedException {
        return runScript(PICJS, script, arguments, timeoutSeconds);
    }

    /** Runs {@code src/test/js/<script>} with the arguments, {@code packages} on the module path. */
    static Run runScript(Packages packages, String script, List<String> arguments, long timeoutSeconds)
            throws IOException, InterruptedException {
        Path modules = install(packages);
        Path scriptPath = Path.of("src/test/js", script).toAbsolutePath();
        List<String> command = new ArrayList<>(List.of("node", scriptPath.toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("NODE_PATH", modules.resolve("node_modules").toString());
        return run(builder, timeoutSeconds);
    }

    private static Run run(List<String> command, Path directory, long timeoutSeconds)
            throws IOException, InterruptedException {
        return run(new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true), timeoutSeconds);
    }

    private static Run run(ProcessBuilder builder, long timeoutSeconds) throws IOException, InterruptedException {
        Process process = builder.start();
        StringBuilder output = new StringBuilder();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            reader.join(5_000);
            return new Run(-1, output + "\n[timed out after " + timeoutSeconds + " s]");
        }
        reader.join();
        return new Run(process.exitValue(), output.toString());
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
