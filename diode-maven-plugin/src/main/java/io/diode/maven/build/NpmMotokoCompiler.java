package io.diode.maven.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.diode.ic.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs the npm {@code motoko} package (moc compiled to JavaScript) on Node through the driver
 * script shipped with the plugin, one Node process per core. Each canister gets a freshly loaded
 * compiler, so its module is byte-identical whatever else is compiled alongside.
 */
public final class NpmMotokoCompiler implements MotokoCompiler {
    static final String DRIVER_RESOURCE = "motoko-driver.js";

    private final Path node;
    private final Path motokoPackage;
    private final String version;
    private final Path workDirectory;
    private final CommandRunner runner;
    private final ObjectMapper json = new ObjectMapper();
    private final NpmDiagnosticParser parser = new NpmDiagnosticParser();
    private final byte[] driver;
    private final int maxProcesses;

    /**
     * @param motokoPackage the installed {@code node_modules/motoko} directory
     * @param workDirectory where the driver script and its request/result files are written
     */
    public NpmMotokoCompiler(Path node, Path motokoPackage, String version, Path workDirectory, CommandRunner runner)
            throws IOException {
        this(
                node,
                motokoPackage,
                version,
                workDirectory,
                runner,
                Runtime.getRuntime().availableProcessors());
    }

    NpmMotokoCompiler(
            Path node, Path motokoPackage, String version, Path workDirectory, CommandRunner runner, int maxProcesses)
            throws IOException {
        this.maxProcesses = maxProcesses;
        this.node = node;
        this.motokoPackage = motokoPackage;
        this.version = version;
        this.workDirectory = workDirectory;
        this.runner = runner;
        try (InputStream in = NpmMotokoCompiler.class.getResourceAsStream(DRIVER_RESOURCE)) {
            if (in == null) {
                throw new IOException("The plugin jar lacks its " + DRIVER_RESOURCE + " resource.");
            }
            this.driver = in.readAllBytes();
        }
    }

    @Override
    public String description() {
        return "npm motoko " + version + " (" + motokoPackage + ") on Node.js " + node;
    }

    @Override
    public String label() {
        return "npm motoko " + version;
    }

    @Override
    public String identity() {
        // The driver decides what the compiler sees (flags, file layout), so it is part of the identity.
        return "npm|" + version + "|" + HexFormat.of().formatHex(Sha256.of(driver), 0, 8);
    }

    @Override
    public List<CompilationOutcome> compile(CompilationRequest request) throws IOException, CanisterBuildException {
        Files.createDirectories(workDirectory);
        Path driverFile = workDirectory.resolve(DRIVER_RESOURCE);
        Files.write(driverFile, driver);
        // The driver loads a fresh compiler for every canister (the compiler keeps state between
        // compilations, including extra flags), so canisters can be grouped freely: spread them over
        // one Node process per core.
        int processes = Math.max(1, Math.min(request.units().size(), maxProcesses));
        List<List<CompilationUnit>> batches = new ArrayList<>();
        for (int index = 0; index < processes; index++) {
            batches.add(new ArrayList<>());
        }
        for (int index = 0; index < request.units().size(); index++) {
            batches.get(index % processes).add(request.units().get(index));
        }
        Map<String, CompilationOutcome> outcomes = new HashMap<>();
        try (ExecutorService executor = Executors.newFixedThreadPool(processes)) {
            List<Future<List<CompilationOutcome>>> running = new ArrayList<>();
            for (int index = 0; index < batches.size(); index++) {
                CompilationRequest batch =
                        new CompilationRequest(request.sourceRoot(), request.packages(), batches.get(index));
                String suffix = Integer.toString(index);
                running.add(executor.submit(() -> compileBatch(driverFile, batch, suffix)));
            }
            for (Future<List<CompilationOutcome>> batch : running) {
                for (CompilationOutcome outcome : batch.get()) {
                    outcomes.put(outcome.name(), outcome);
                }
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while compiling", interrupted);
        } catch (ExecutionException failed) {
            switch (failed.getCause()) {
                case CanisterBuildException buildFailure -> throw buildFailure;
                case IOException ioFailure -> throw ioFailure;
                default -> throw new IOException("Compiling failed: " + failed.getCause(), failed.getCause());
            }
        }
        List<CompilationOutcome> ordered = new ArrayList<>();
        for (CompilationUnit unit : request.units()) {
            CompilationOutcome outcome = outcomes.get(unit.name());
            ordered.add(
                    outcome != null
                            ? outcome
                            : new CompilationOutcome(
                                    unit.name(),
                                    false,
                                    List.of(),
                                    0,
                                    "the compiler driver returned no result for this canister"));
        }
        return ordered;
    }

    private List<CompilationOutcome> compileBatch(Path driverFile, CompilationRequest request, String suffix)
            throws IOException, CanisterBuildException {
        Path requestFile = workDirectory.resolve("compile-request-" + suffix + ".json");
        Path resultFile = workDirectory.resolve("compile-result-" + suffix + ".json");
        Files.deleteIfExists(resultFile);
        json.writeValue(requestFile.toFile(), requestJson(request));

        CommandRunner.Result result = runner.run(
                List.of(
                        node.toString(),
                        driverFile.toString(),
                        motokoPackage.toString(),
                        requestFile.toString(),
                        resultFile.toString()),
                workDirectory);
        if (!result.succeeded() || !Files.isRegularFile(resultFile)) {
            throw new CanisterBuildException("The Motoko compiler (npm motoko " + version + " on " + node
                    + ") crashed with exit code " + result.exitCode() + ":\n" + tail(result.output())
                    + "\nIf the installation in " + motokoPackage + " is damaged, delete that directory to reinstall.");
        }
        List<CompilationOutcome> outcomes = new ArrayList<>();
        for (JsonNode canister : json.readTree(resultFile.toFile()).path("results")) {
            String problem =
                    canister.hasNonNull("error") ? canister.get("error").asText() : null;
            outcomes.add(new CompilationOutcome(
                    canister.path("name").asText(),
                    canister.path("ok").asBoolean(),
                    parser.parse(canister.path("diagnostics")),
                    canister.path("millis").asLong(),
                    problem));
        }
        return outcomes;
    }

    private ObjectNode requestJson(CompilationRequest request) {
        ObjectNode root = json.createObjectNode();
        root.put("sourceRoot", request.sourceRoot().toString());
        ArrayNode packages = root.putArray("packages");
        for (PackageAlias alias : request.packages()) {
            packages.addObject()
                    .put("name", alias.name())
                    .put("dir", alias.directory().toString());
        }
        ArrayNode canisters = root.putArray("canisters");
        for (CompilationUnit unit : request.units()) {
            ObjectNode canister = canisters.addObject();
            canister.put("name", unit.name());
            // The driver mirrors the source tree into the compiler's virtual file system under a fixed root.
            canister.put(
                    "main",
                    request.sourceRoot().relativize(unit.main()).toString().replace('\\', '/'));
            ArrayNode flags = canister.putArray("flags");
            unit.flags().forEach(flags::add);
            canister.put("wasm", unit.wasmOutput().toString());
            canister.put("did", unit.candidOutput().toString());
        }
        return root;
    }

    private static String tail(String output) {
        String stripped = output.strip();
        return stripped.length() <= 4000 ? stripped : "..." + stripped.substring(stripped.length() - 4000);
    }
}
