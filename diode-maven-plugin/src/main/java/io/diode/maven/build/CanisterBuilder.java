package io.diode.maven.build;

import io.diode.ic.Sha256;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/**
 * Builds canisters: checks the configuration, skips canisters whose fingerprint is unchanged,
 * compiles the rest in one batch, publishes {@code <name>.wasm}, {@code <name>.did} (and
 * {@code <name>.wasm.gz}) and writes the manifest. Compile errors become one
 * {@link CanisterBuildException} naming every {@code file:line:column}.
 */
public final class CanisterBuilder {
    private final BuildLog log;

    public CanisterBuilder(BuildLog log) {
        this.log = log;
    }

    public BuildReport build(BuildConfiguration configuration, MotokoCompiler compiler)
            throws CanisterBuildException, IOException {
        long started = System.nanoTime();
        validate(configuration);
        Path sourceRoot = configuration.sourceDirectory().toAbsolutePath().normalize();

        FingerprintStore store =
                new FingerprintStore(configuration.workDirectory().resolve("fingerprints.json"));
        Map<String, String> stored = store.load();
        Map<String, String> current = new LinkedHashMap<>();
        List<CanisterDefinition> stale = new ArrayList<>();
        List<String> upToDate = new ArrayList<>();
        for (CanisterDefinition canister : configuration.canisters()) {
            String closure = ImportClosure.of(canister.main(), sourceRoot, configuration.packages())
                    .digest();
            String fingerprint = BuildFingerprint.of(
                    compiler.identity(),
                    closure,
                    canister,
                    relativeMain(sourceRoot, canister),
                    flagsOf(configuration, canister),
                    configuration.gzip(),
                    configuration.outputDirectory().toAbsolutePath().normalize().toString());
            current.put(canister.name(), fingerprint);
            if (!configuration.force()
                    && fingerprint.equals(stored.get(canister.name()))
                    && outputsExist(configuration, canister.name())) {
                upToDate.add(canister.name());
                log.info("Canister " + canister.name()
                        + ": up to date (imported sources, flags and compiler unchanged)");
            } else {
                stale.add(canister);
            }
        }

        List<String> compiled = new ArrayList<>();
        List<CompilationOutcome> failures = new ArrayList<>();
        if (!stale.isEmpty()) {
            log.info("Compiling " + stale.size() + " canister(s) with " + compiler.description());
            compile(configuration, sourceRoot, compiler, stale, stored, current, store, compiled, failures);
        }
        // The manifest always describes the modules on disk, also when some canister failed: a
        // canister that compiled is published with its new hash, a failed one keeps its previous
        // module and entry (or has none yet), so no .wasm ever sits beside another module's hash.
        CanisterManifest manifest = manifest(configuration, compiler);
        Path manifestFile = configuration.outputDirectory().resolve(CanisterManifest.FILE_NAME);
        boolean written = manifest.write(manifestFile);
        log.info((written ? "Wrote " : "Unchanged: ") + manifestFile + " ("
                + manifest.canisters().size() + " canister(s)); diode:build took " + millisSince(started) + " ms");
        if (!failures.isEmpty()) {
            throw new CanisterBuildException(failureMessage(failures));
        }
        return new BuildReport(compiled, upToDate, manifest);
    }

    private void compile(
            BuildConfiguration configuration,
            Path sourceRoot,
            MotokoCompiler compiler,
            List<CanisterDefinition> stale,
            Map<String, String> stored,
            Map<String, String> current,
            FingerprintStore store,
            List<String> compiled,
            List<CompilationOutcome> failures)
            throws IOException, CanisterBuildException {
        // The compiler writes into a staging directory; only complete, successful outputs are moved
        // into target/canisters, so a failed build never leaves a half-written module behind.
        Path staging = configuration.workDirectory().resolve("staging");
        Files.createDirectories(staging);
        Files.createDirectories(configuration.outputDirectory());
        List<CompilationUnit> units = new ArrayList<>();
        for (CanisterDefinition canister : stale) {
            stored.remove(canister.name());
            units.add(new CompilationUnit(
                    canister.name(),
                    canister.main().toAbsolutePath().normalize(),
                    flagsOf(configuration, canister),
                    staging.resolve(canister.name() + ".wasm"),
                    staging.resolve(canister.name() + ".did")));
        }
        // Forget the old fingerprints first: if the compiler crashes, the next run must recompile.
        store.save(stored);
        List<CompilationOutcome> outcomes =
                compiler.compile(new CompilationRequest(sourceRoot, configuration.packages(), units));

        for (CompilationOutcome outcome : outcomes) {
            for (Diagnostic diagnostic : outcome.diagnostics()) {
                switch (diagnostic.severity()) {
                    case ERROR -> log.error(diagnostic.format());
                    case WARNING -> log.warn(diagnostic.format());
                    case INFO -> log.info(diagnostic.format());
                }
            }
            if (!outcome.succeeded()) {
                failures.add(outcome);
                continue;
            }
            publish(configuration, staging, outcome.name());
            stored.put(outcome.name(), current.get(outcome.name()));
            compiled.add(outcome.name());
            Path wasm = configuration.outputDirectory().resolve(outcome.name() + ".wasm");
            log.info(String.format(
                    Locale.ROOT,
                    "Canister %s: compiled in %.1f s -> %s (%,d bytes)",
                    outcome.name(),
                    outcome.millis() / 1000.0,
                    wasm,
                    Files.size(wasm)));
        }
        store.save(stored);
    }

    private void publish(BuildConfiguration configuration, Path staging, String name) throws IOException {
        Path output = configuration.outputDirectory();
        Path wasm = output.resolve(name + ".wasm");
        move(staging.resolve(name + ".wasm"), wasm);
        move(staging.resolve(name + ".did"), output.resolve(name + ".did"));
        Path gzipped = output.resolve(name + ".wasm.gz");
        if (configuration.gzip()) {
            Path temporary = staging.resolve(name + ".wasm.gz");
            // GZIPOutputStream writes a fixed header (no timestamp), so the same module always gives
            // the same bytes and the same module hash.
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(temporary))) {
                Files.copy(wasm, out);
            }
            move(temporary, gzipped);
        } else {
            // A .gz from an earlier build with gzip on would be stale now.
            Files.deleteIfExists(gzipped);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String failureMessage(List<CompilationOutcome> failures) {
        StringBuilder message = new StringBuilder("Motoko compilation failed for ");
        message.append(
                failures.size() == 1
                        ? "canister '" + failures.getFirst().name() + "'"
                        : failures.size() + " canisters");
        message.append(':');
        for (CompilationOutcome failure : failures) {
            if (failures.size() > 1) {
                message.append("\n  canister '").append(failure.name()).append("':");
            }
            for (Diagnostic error : failure.errors()) {
                message.append("\n    ").append(error.format().replace("\n", "\n      "));
            }
            if (failure.problem() != null) {
                message.append("\n    ").append(failure.problem());
            }
        }
        return message.append("\nFix the error(s) above and build again.").toString();
    }

    private CanisterManifest manifest(BuildConfiguration configuration, MotokoCompiler compiler) throws IOException {
        List<ManifestEntry> entries = new ArrayList<>();
        Path output = configuration.outputDirectory();
        for (CanisterDefinition canister : configuration.canisters()) {
            if (!outputsExist(configuration, canister.name())) {
                continue; // failed before it ever compiled
            }
            ModuleFile wasm = describe(output, canister.name() + ".wasm");
            ModuleFile installed = configuration.gzip() ? describe(output, canister.name() + ".wasm.gz") : wasm;
            entries.add(new ManifestEntry(
                    canister.name(),
                    canister.version(),
                    installed.file(),
                    installed.size(),
                    installed.sha256(),
                    wasm,
                    canister.name() + ".did"));
        }
        List<ManifestEntry> others = otherExecutionsEntries(configuration);
        if (!others.isEmpty()) {
            entries.addAll(others);
            // By name, so that each execution writes the same manifest and re-runs leave it unchanged.
            entries.sort(java.util.Comparator.comparing(ManifestEntry::name));
        }
        return new CanisterManifest(CanisterManifest.FORMAT_VERSION, compiler.label(), entries);
    }

    /**
     * Entries of canisters another execution of the goal built into the same output directory (they are in that
     * execution's fingerprints, a sibling of this execution's work directory), re-described from the files on
     * disk. Without them, two executions sharing {@code target/canisters} would each drop the other's canisters
     * from the one manifest. An entry no execution owns any more (a removed canister) is dropped.
     */
    private static List<ManifestEntry> otherExecutionsEntries(BuildConfiguration configuration) throws IOException {
        Path manifestFile = configuration.outputDirectory().resolve(CanisterManifest.FILE_NAME);
        Path ownWork = configuration.workDirectory().toAbsolutePath().normalize();
        Path executions = ownWork.getParent();
        if (!Files.isRegularFile(manifestFile) || executions == null || !Files.isDirectory(executions)) {
            return List.of();
        }
        Set<String> configured = new HashSet<>();
        configuration.canisters().forEach(canister -> configured.add(canister.name()));
        Set<String> ownedElsewhere = new HashSet<>();
        try (var siblings = Files.list(executions)) {
            for (Path sibling : siblings.filter(Files::isDirectory)
                    .filter(dir -> !dir.equals(ownWork))
                    .toList()) {
                ownedElsewhere.addAll(new FingerprintStore(sibling.resolve("fingerprints.json"))
                        .load()
                        .keySet());
            }
        }
        CanisterManifest existing;
        try {
            existing = CanisterManifest.read(manifestFile);
        } catch (IOException unreadable) {
            return List.of();
        }
        Path output = configuration.outputDirectory();
        List<ManifestEntry> kept = new ArrayList<>();
        for (ManifestEntry entry : existing.canisters()) {
            if (configured.contains(entry.name())
                    || !ownedElsewhere.contains(entry.name())
                    || entry.wasm() == null
                    || !Files.isRegularFile(output.resolve(entry.file()))
                    || !Files.isRegularFile(output.resolve(entry.wasm().file()))) {
                continue;
            }
            ModuleFile installed = describe(output, entry.file());
            kept.add(new ManifestEntry(
                    entry.name(),
                    entry.version(),
                    installed.file(),
                    installed.size(),
                    installed.sha256(),
                    describe(output, entry.wasm().file()),
                    entry.candid()));
        }
        return kept;
    }

    private static ModuleFile describe(Path directory, String fileName) throws IOException {
        byte[] bytes = Files.readAllBytes(directory.resolve(fileName));
        return new ModuleFile(fileName, bytes.length, Sha256.hex(bytes));
    }

    private static boolean outputsExist(BuildConfiguration configuration, String name) {
        Path output = configuration.outputDirectory();
        return Files.isRegularFile(output.resolve(name + ".wasm"))
                && Files.isRegularFile(output.resolve(name + ".did"))
                && (!configuration.gzip() || Files.isRegularFile(output.resolve(name + ".wasm.gz")));
    }

    private static List<String> flagsOf(BuildConfiguration configuration, CanisterDefinition canister) {
        List<String> flags = new ArrayList<>(configuration.commonFlags());
        flags.addAll(canister.flags());
        return flags;
    }

    private static String relativeMain(Path sourceRoot, CanisterDefinition canister) {
        return sourceRoot
                .relativize(canister.main().toAbsolutePath().normalize())
                .toString()
                .replace('\\', '/');
    }

    private static void validate(BuildConfiguration configuration) throws CanisterBuildException {
        if (configuration.canisters().isEmpty()) {
            throw new CanisterBuildException("No canisters configured. Add them to the plugin configuration, e.g."
                    + " <canisters><canister><name>zone</name><main>src/main/motoko/zone/Zone.mo</main></canister>"
                    + "</canisters>, or pass -Ddiode.canisters=zone=src/main/motoko/zone/Zone.mo");
        }
        Path sourceRoot = configuration.sourceDirectory().toAbsolutePath().normalize();
        if (!Files.isDirectory(sourceRoot)) {
            throw new CanisterBuildException("The Motoko source directory " + sourceRoot + " does not exist. Set"
                    + " <sourceDirectory> (-Ddiode.sourceDirectory) to the folder holding your .mo files.");
        }
        Set<String> names = new HashSet<>();
        for (CanisterDefinition canister : configuration.canisters()) {
            canister.validate();
            if (!names.add(canister.name().toLowerCase(Locale.ROOT))) {
                throw new CanisterBuildException("Two canisters are named '" + canister.name() + "': names must be"
                        + " unique because they name the output files.");
            }
            if (!canister.main().toAbsolutePath().normalize().startsWith(sourceRoot)) {
                throw new CanisterBuildException("Canister '" + canister.name() + "': main file " + canister.main()
                        + " is outside the source directory " + sourceRoot + ". Move it there or set"
                        + " <sourceDirectory> to a folder that contains it (imports resolve within that tree).");
            }
        }
        Set<String> packageNames = new HashSet<>();
        for (PackageAlias alias : configuration.packages()) {
            alias.validate();
            if (!packageNames.add(alias.name())) {
                throw new CanisterBuildException("Package '" + alias.name() + "' is configured twice.");
            }
        }
    }

    private static long millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
