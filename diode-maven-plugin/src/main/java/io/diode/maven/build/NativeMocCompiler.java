package io.diode.maven.build;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a native {@code moc}: {@code moc [--package name dir]... <flags> main.mo -o out.wasm}, then
 * {@code moc [--package name dir]... --idl main.mo -o out.did} for the Candid interface.
 */
public final class NativeMocCompiler implements MotokoCompiler {
    private final Path moc;
    private final String version;
    private final CommandRunner runner;
    private final NativeMocDiagnosticParser parser = new NativeMocDiagnosticParser();

    public NativeMocCompiler(Path moc, String version, CommandRunner runner) {
        this.moc = moc;
        this.version = version;
        this.runner = runner;
    }

    @Override
    public String description() {
        return "native moc (" + version + ") at " + moc;
    }

    @Override
    public String label() {
        return version;
    }

    @Override
    public String identity() {
        return "native|" + moc.toAbsolutePath() + "|" + version;
    }

    @Override
    public List<CompilationOutcome> compile(CompilationRequest request) throws IOException {
        List<CompilationOutcome> outcomes = new ArrayList<>();
        for (CompilationUnit unit : request.units()) {
            outcomes.add(compileOne(request, unit));
        }
        return outcomes;
    }

    private CompilationOutcome compileOne(CompilationRequest request, CompilationUnit unit) throws IOException {
        long started = System.nanoTime();
        List<String> packageArguments = new ArrayList<>();
        for (PackageAlias alias : request.packages()) {
            packageArguments.addAll(
                    List.of("--package", alias.name(), alias.directory().toString()));
        }
        List<String> wasmCommand = new ArrayList<>(List.of(moc.toString()));
        wasmCommand.addAll(packageArguments);
        wasmCommand.addAll(unit.flags());
        wasmCommand.addAll(
                List.of(unit.main().toString(), "-o", unit.wasmOutput().toString()));
        CommandRunner.Result wasm = runner.run(wasmCommand, request.sourceRoot());
        List<Diagnostic> diagnostics = parser.parse(wasm.output());
        if (!wasm.succeeded()) {
            return failed(unit, diagnostics, started, wasm);
        }
        List<String> candidCommand = new ArrayList<>(List.of(moc.toString()));
        candidCommand.addAll(packageArguments);
        candidCommand.addAll(List.of(
                "--idl", unit.main().toString(), "-o", unit.candidOutput().toString()));
        CommandRunner.Result candid = runner.run(candidCommand, request.sourceRoot());
        if (!candid.succeeded()) {
            // The same sources just compiled, so only new errors matter here, not repeated warnings.
            List<Diagnostic> candidErrors = parser.parse(candid.output()).stream()
                    .filter(d -> d.severity() == Severity.ERROR)
                    .toList();
            List<Diagnostic> all = new ArrayList<>(diagnostics);
            all.addAll(candidErrors);
            return failed(unit, all, started, candid);
        }
        return new CompilationOutcome(unit.name(), true, diagnostics, elapsedMillis(started), null);
    }

    private static CompilationOutcome failed(
            CompilationUnit unit, List<Diagnostic> diagnostics, long started, CommandRunner.Result result) {
        String problem = diagnostics.isEmpty()
                ? "moc exited with code " + result.exitCode() + ": "
                        + result.output().strip()
                : null;
        return new CompilationOutcome(unit.name(), false, diagnostics, elapsedMillis(started), problem);
    }

    private static long elapsedMillis(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
