package io.diode.candid;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code @dfinity/candid} from npm, installed once per machine into the cache the engine's tests share
 * ({@code ~/.cache/diode/agent-js/<version>}, same package set), and a script under {@code src/test/js} run with
 * Node against it.
 */
final class NodeCandid {

    static final String VERSION = "3.4.3";
    private static final List<String> PACKAGES = List.of(
            "@dfinity/agent@" + VERSION,
            "@dfinity/candid@" + VERSION,
            "@dfinity/principal@" + VERSION,
            "@dfinity/identity@" + VERSION);

    private NodeCandid() {}

    static synchronized Path install() throws IOException, InterruptedException {
        Path cache = Path.of(System.getProperty("user.home"), ".cache/diode/agent-js/" + VERSION);
        if (Files.isDirectory(cache.resolve("node_modules/@dfinity/identity"))) {
            return cache;
        }
        Files.createDirectories(cache.getParent());
        Path staging = Files.createTempDirectory(cache.getParent(), "install-");
        List<String> command = new ArrayList<>(List.of(
                "npm", "install", "--ignore-scripts", "--no-audit", "--no-fund", "--prefix", staging.toString()));
        command.addAll(PACKAGES);
        String output = run(new ProcessBuilder(command).directory(staging.toFile()), 300);
        if (!Files.isDirectory(staging.resolve("node_modules/@dfinity/identity"))) {
            throw new IllegalStateException("npm install " + PACKAGES + " failed:\n" + output);
        }
        try {
            Files.move(staging, cache, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException raced) {
            if (!Files.isDirectory(cache.resolve("node_modules/@dfinity/identity"))) {
                throw raced;
            }
        }
        return cache;
    }

    /** Runs {@code src/test/js/<script>} with one argument and returns what it printed to stdout. */
    static String runScript(String script, String argument) throws IOException, InterruptedException {
        Path modules = install().resolve("node_modules");
        ProcessBuilder builder = new ProcessBuilder(
                "node", Path.of("src/test/js", script).toAbsolutePath().toString(), argument);
        builder.environment().put("NODE_PATH", modules.toString());
        return run(builder, 120);
    }

    private static String run(ProcessBuilder builder, long timeoutSeconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile("node-", ".out");
        try {
            Process process = builder.redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(builder.command() + " timed out after " + timeoutSeconds + " s");
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(builder.command() + " failed:\n" + output);
            }
            return output;
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
