package io.diode.pocketic.embedded.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Motoko test canisters under {@code src/test/resources/motoko/<name>/Main.mo}, compiled with the npm Motoko
 * compiler (as the diode:build goal does) and cached under {@code target/motoko-cache} by a hash of their
 * sources, so only changed canisters are recompiled. Needs {@code node} and {@code npm}; the compiler package
 * is installed once into {@code ~/.cache/diode/motoko/<version>}.
 */
public final class MotokoCanisters {

    static final String MOTOKO_VERSION = "4.10.0";
    private static final Path SOURCES = Path.of("src/test/resources/motoko");
    private static final Path CACHE = Path.of("target/motoko-cache");

    private MotokoCanisters() {}

    /** The compiled module of canister {@code name}, compiling every stale canister in one compiler run. */
    public static synchronized byte[] wasm(String name) {
        try {
            Path cached = cachedWasm(name);
            if (!Files.exists(cached)) {
                compileStale();
            }
            if (!Files.exists(cached)) {
                throw new IllegalStateException("compiling Motoko canister " + name + " produced no " + cached);
            }
            return Files.readAllBytes(cached);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The compiled module of a canister outside the test resources: {@code dir} holds its {@code Main.mo} (and
     * optionally a {@code moc-flags} file of extra compiler flags). Cached by a hash of the folder like the others.
     */
    public static synchronized byte[] wasmOf(Path dir) {
        try {
            Path cached = cachedWasm(dir);
            if (!Files.exists(cached)) {
                compile(List.of(dir));
            }
            if (!Files.exists(cached)) {
                throw new IllegalStateException("compiling Motoko canister " + dir + " produced no " + cached);
            }
            return Files.readAllBytes(cached);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path cachedWasm(String name) throws IOException {
        return cachedWasm(SOURCES.resolve(name));
    }

    private static Path cachedWasm(Path dir) throws IOException {
        return CACHE.resolve(dir.getFileName() + "-" + sourceHash(dir) + ".wasm");
    }

    private static void compileStale() throws IOException {
        List<Path> stale = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(SOURCES)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                if (!Files.exists(cachedWasm(dir))) {
                    stale.add(dir);
                }
            }
        }
        compile(stale);
    }

    /** Compiles the canisters in {@code dirs} in one compiler run, into the cache. */
    private static void compile(List<Path> dirs) throws IOException {
        Files.createDirectories(CACHE);
        Path output = Files.createTempDirectory(CACHE, "build");
        List<String> command =
                new ArrayList<>(List.of("node", SOURCES.resolve("compile.js").toString(), output.toString()));
        dirs.forEach(dir -> command.add(dir.toString()));
        run(command, motokoModules().toString());
        for (Path dir : dirs) {
            Path wasm = output.resolve(dir.getFileName() + ".wasm");
            if (Files.exists(wasm)) {
                Files.move(wasm, cachedWasm(dir), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** The {@code node_modules} folder holding the motoko package, installing it on first use. */
    private static Path motokoModules() throws IOException {
        Path home = Path.of(System.getProperty("user.home"), ".cache", "diode", "motoko", MOTOKO_VERSION);
        Path modules = home.resolve("node_modules");
        if (Files.exists(modules.resolve("motoko/package.json"))) {
            return modules;
        }
        Files.createDirectories(home.getParent());
        Path staging = Files.createTempDirectory(home.getParent(), "install");
        run(
                List.of(
                        "npm",
                        "install",
                        "--no-audit",
                        "--no-fund",
                        "--prefix",
                        staging.toString(),
                        "motoko@" + MOTOKO_VERSION),
                null);
        try {
            Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException raced) {
            if (!Files.exists(modules.resolve("motoko/package.json"))) {
                throw raced;
            }
        }
        return modules;
    }

    private static void run(List<String> command, String nodePath) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (nodePath != null) {
            builder.environment().put("NODE_PATH", nodePath);
        }
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        try {
            if (!process.waitFor(20, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException(
                        String.join(" ", command) + " failed:\n" + new String(output, StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    private static String sourceHash(Path dir) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(MOTOKO_VERSION.getBytes(StandardCharsets.UTF_8));
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.sorted().toList()) {
                    digest.update(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                    digest.update(Files.readAllBytes(file));
                }
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
