package io.diode.maven.build;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Installs the npm {@code motoko} package once per user and version, under
 * {@code <cache>/motoko/<version>}. The install runs in a fresh temporary directory that is then
 * renamed into place, so a build never sees a half-installed compiler and two builds racing to
 * install both end up using one complete copy.
 */
public final class NpmMotokoInstaller {
    private final Path cacheDirectory;
    private final String version;
    private final CompilerEnvironment environment;
    private final CommandRunner runner;
    private final BuildLog log;

    public NpmMotokoInstaller(
            Path cacheDirectory, String version, CompilerEnvironment environment, CommandRunner runner, BuildLog log) {
        this.cacheDirectory = cacheDirectory;
        this.version = version;
        this.environment = environment;
        this.runner = runner;
        this.log = log;
    }

    /** The installation directory for this version (it may not exist yet). */
    public Path installDirectory() {
        return cacheDirectory.resolve("motoko").resolve(version);
    }

    /** The {@code node_modules/motoko} package directory inside an installation. */
    public static Path packageDirectory(Path installation) {
        return installation.resolve("node_modules").resolve("motoko");
    }

    public boolean isInstalled() {
        return installedVersion(installDirectory()).equals(version);
    }

    /** Installs if needed and returns the {@code node_modules/motoko} directory. */
    public Path ensureInstalled() throws CanisterBuildException, IOException {
        Path target = installDirectory();
        if (isInstalled()) {
            log.info("Motoko compiler: npm motoko " + version + " found in " + target);
            return packageDirectory(target);
        }
        if (Files.exists(target)) {
            throw new CanisterBuildException("The Motoko compiler cache " + target + " exists but does not hold"
                    + " npm motoko " + version + " (damaged or edited). Delete that directory and build again.");
        }
        Path npm = environment
                .findOnPath("npm")
                .orElseThrow(() -> new CanisterBuildException(
                        "Cannot install the Motoko compiler: npm is not on the PATH. Install Node.js and npm"
                                + " (for example 'apt-get install nodejs npm', or from https://nodejs.org), or set"
                                + " -Ddiode.mocPath (or the DIODE_MOC environment variable) to a native moc binary."));
        Path parent = target.getParent();
        Files.createDirectories(parent);
        Path staging = Files.createTempDirectory(parent, version + ".installing-");
        try {
            Files.writeString(staging.resolve("package.json"), "{\"private\": true}\n");
            log.info("Motoko compiler: installing npm motoko " + version + " into " + target + " (once per user)");
            long started = System.nanoTime();
            CommandRunner.Result result = runner.run(
                    List.of(
                            npm.toString(),
                            "install",
                            "--no-audit",
                            "--no-fund",
                            "--ignore-scripts",
                            "--loglevel=error",
                            "motoko@" + version),
                    staging);
            if (!result.succeeded()) {
                throw new CanisterBuildException("'npm install motoko@" + version + "' failed (exit code "
                        + result.exitCode() + "):\n" + result.output().strip()
                        + "\nCheck the network access to the npm registry, or set -Ddiode.mocPath to a native moc.");
            }
            String installed = installedVersion(staging);
            if (!installed.equals(version)) {
                throw new CanisterBuildException("'npm install motoko@" + version + "' finished but "
                        + packageDirectory(staging) + " holds version '" + installed + "'. Output:\n"
                        + result.output().strip());
            }
            publish(staging, target);
            log.info("Motoko compiler: installed in " + (System.nanoTime() - started) / 1_000_000 + " ms");
        } finally {
            deleteRecursively(staging);
        }
        if (!isInstalled()) {
            throw new CanisterBuildException("The Motoko compiler cache " + target + " is incomplete after"
                    + " installation. Delete it and build again.");
        }
        return packageDirectory(target);
    }

    private void publish(Path staging, Path target) throws IOException {
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException moveFailed) {
            // rename(2) refuses to replace a non-empty directory: if another build installed the same
            // version meanwhile, its copy is as good as ours.
            if (!isInstalled()) {
                throw new IOException("Cannot rename " + staging + " to " + target + ": " + moveFailed, moveFailed);
            }
            log.info("Motoko compiler: another build installed it first; using that copy");
        }
    }

    private static String installedVersion(Path installation) {
        Path manifest = packageDirectory(installation).resolve("package.json");
        if (!Files.isRegularFile(manifest)) {
            return "";
        }
        try {
            return new ObjectMapper()
                    .readTree(manifest.toFile())
                    .path("version")
                    .asText("");
        } catch (IOException unreadable) {
            return "";
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
