package io.diode.maven.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finds the Motoko compiler, in this order, logging each step: the explicit {@code mocPath}, the
 * {@code DIODE_MOC} environment variable, {@code moc} on the PATH, then the pinned npm package
 * {@code motoko} run with Node.js (installed once per user).
 */
public final class CompilerResolver {
    public static final String MOC_VARIABLE = "DIODE_MOC";

    private final CompilerEnvironment environment;
    private final CommandRunner runner;
    private final BuildLog log;

    public CompilerResolver(CompilerEnvironment environment, CommandRunner runner, BuildLog log) {
        this.environment = environment;
        this.runner = runner;
        this.log = log;
    }

    public MotokoCompiler resolve(CompilerSettings settings) throws CanisterBuildException, IOException {
        if (settings.mocPath() != null) {
            log.info("Motoko compiler: using mocPath " + settings.mocPath());
            return nativeCompiler(settings.mocPath(), "mocPath (-Ddiode.mocPath)");
        }
        log.info("Motoko compiler: mocPath not set");
        Optional<String> fromVariable = environment.variable(MOC_VARIABLE);
        if (fromVariable.isPresent()) {
            log.info("Motoko compiler: using " + MOC_VARIABLE + "=" + fromVariable.get());
            return nativeCompiler(Path.of(fromVariable.get()), "the " + MOC_VARIABLE + " environment variable");
        }
        log.info("Motoko compiler: " + MOC_VARIABLE + " not set");
        Optional<Path> onPath = environment.findOnPath("moc");
        if (onPath.isPresent()) {
            log.info("Motoko compiler: using moc from the PATH: " + onPath.get());
            return nativeCompiler(onPath.get(), "the moc found on the PATH");
        }
        log.info("Motoko compiler: no moc on the PATH; falling back to npm motoko " + settings.motokoVersion());
        return npmCompiler(settings);
    }

    private MotokoCompiler nativeCompiler(Path moc, String origin) throws CanisterBuildException, IOException {
        if (!Files.isRegularFile(moc) || !Files.isExecutable(moc)) {
            throw new CanisterBuildException("The Motoko compiler " + moc + " from " + origin + " does not exist"
                    + " or is not executable. Fix that setting, or remove it to let the build use moc from the"
                    + " PATH or the npm package motoko.");
        }
        CommandRunner.Result version = runner.run(List.of(moc.toString(), "--version"), null);
        String firstLine = version.output().strip().lines().findFirst().orElse("");
        if (!version.succeeded() || firstLine.isEmpty()) {
            throw new CanisterBuildException("The Motoko compiler " + moc + " from " + origin + " does not work:"
                    + " '" + moc + " --version' exited with code " + version.exitCode() + " and printed: "
                    + version.output().strip() + ". Point it at a working moc.");
        }
        return new NativeMocCompiler(moc, firstLine, runner);
    }

    private MotokoCompiler npmCompiler(CompilerSettings settings) throws CanisterBuildException, IOException {
        Path node = environment
                .findOnPath("node")
                .orElseThrow(() -> new CanisterBuildException(
                        "No Motoko compiler found: mocPath and " + MOC_VARIABLE + " are not set, there is no moc on the"
                                + " PATH, and Node.js (node) is not on the PATH to run the npm package motoko. Install"
                                + " Node.js and npm (for example 'apt-get install nodejs npm', or from https://nodejs.org),"
                                + " or set -Ddiode.mocPath (or " + MOC_VARIABLE + ") to a native moc binary."));
        NpmMotokoInstaller installer =
                new NpmMotokoInstaller(settings.cacheDirectory(), settings.motokoVersion(), environment, runner, log);
        Path motokoPackage = installer.ensureInstalled();
        return new NpmMotokoCompiler(node, motokoPackage, settings.motokoVersion(), settings.workDirectory(), runner);
    }
}
