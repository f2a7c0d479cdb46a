package io.diode.maven.mojo;

import io.diode.maven.build.BuildConfiguration;
import io.diode.maven.build.BuildLog;
import io.diode.maven.build.BuildReport;
import io.diode.maven.build.CanisterBuildException;
import io.diode.maven.build.CanisterBuilder;
import io.diode.maven.build.CanisterDefinition;
import io.diode.maven.build.CommandRunner;
import io.diode.maven.build.CompilerEnvironment;
import io.diode.maven.build.CompilerResolver;
import io.diode.maven.build.CompilerSettings;
import io.diode.maven.build.MotokoCompiler;
import io.diode.maven.build.NamedPathList;
import io.diode.maven.build.PackageAlias;
import io.diode.maven.candid.ActorSourceWriter;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * {@code diode:build}: compiles Motoko canisters to {@code target/canisters/<name>.wasm} and
 * {@code <name>.did}, and writes {@code target/canisters/canisters.json}. The work happens in
 * {@link CanisterBuilder}; this class only maps Maven parameters to a {@link BuildConfiguration}.
 */
@Mojo(name = "build", defaultPhase = LifecyclePhase.COMPILE, threadSafe = true)
public class BuildMojo extends AbstractMojo {

    /** The canisters to build. On the command line: {@code -Ddiode.canisters=name=path[,name=path]}. */
    @Parameter
    private List<Canister> canisters;

    /** Command-line form of {@code canisters} ({@code name=main.mo,...}); replaces the configured list. */
    @Parameter(property = "diode.canisters")
    private String canisterList;

    /** Root of the Motoko source tree; every main file must be inside it. */
    @Parameter(property = "diode.sourceDirectory", defaultValue = "${project.basedir}/src/main/motoko")
    private File sourceDirectory;

    /** Where {@code <name>.wasm}, {@code <name>.did} and {@code canisters.json} go. */
    @Parameter(property = "diode.outputDirectory", defaultValue = "${project.build.directory}/canisters")
    private File outputDirectory;

    /**
     * Scratch space: up-to-date fingerprints, staging files, the Node driver. Each execution of the
     * goal works in its own {@code <workDirectory>/<execution id>}, so two executions never reuse
     * (and overwrite) each other's fingerprints.
     */
    @Parameter(property = "diode.workDirectory", defaultValue = "${project.build.directory}/diode")
    private File workDirectory;

    /** A native moc binary to use; overrides DIODE_MOC, moc on the PATH and the npm compiler. */
    @Parameter(property = "diode.mocPath")
    private File mocPath;

    /** moc flags for every canister, for example {@code --release}. */
    @Parameter(property = "diode.flags")
    private List<String> flags;

    /** Package aliases: {@code <package><name>lib</name><path>vendor/lib/src</path></package>}. */
    @Parameter
    private List<MotokoPackage> packages;

    /** Command-line form of {@code packages} ({@code name=dir,...}); replaces the configured list. */
    @Parameter(property = "diode.packages")
    private String packageList;

    /** Also write {@code <name>.wasm.gz}, and make it the file the manifest says to install. */
    @Parameter(property = "diode.gzip", defaultValue = "false")
    private boolean gzip;

    /** Recompile even when nothing changed. */
    @Parameter(property = "diode.force", defaultValue = "false")
    private boolean force;

    /** Per-user cache for the npm Motoko compiler ({@code <cacheDirectory>/motoko/<version>}). */
    @Parameter(property = "diode.cacheDirectory", defaultValue = "${user.home}/.cache/diode")
    private File cacheDirectory;

    /** npm {@code motoko} version to install when no native moc is found; defaults to the one this plugin was built with. */
    @Parameter(property = "diode.motokoVersion")
    private String motokoVersion;

    /**
     * Version recorded for every canister without its own {@code <version>}: a natural number, the
     * value the canisters' {@code get_version() : Nat} reports. Unset: no version is recorded and
     * {@code version-check} compares module hashes only. Deliberately not the project version
     * ({@code 1.0.0-SNAPSHOT} can never equal a {@code Nat}).
     */
    @Parameter(property = "diode.version")
    private String version;

    /** Longest time one compiler (or npm install) run may take, in seconds. */
    @Parameter(property = "diode.compilerTimeout", defaultValue = "600")
    private int compilerTimeout;

    /** Skip the goal. */
    @Parameter(property = "diode.skip", defaultValue = "false")
    private boolean skip;

    @Parameter(defaultValue = "${project.basedir}", readonly = true, required = true)
    private File basedir;

    /**
     * Generate a typed Java actor interface ({@code <Name>Actor}) from each built canister's Candid interface and
     * from each of {@code candidFiles}; {@code -Ddiode.generateActors=false} turns it off.
     */
    @Parameter(property = "diode.generateActors", defaultValue = "true")
    private boolean generateActors;

    /** Java package of the generated actors; defaults to the project's groupId followed by {@code .canisters}. */
    @Parameter(property = "diode.candidPackage")
    private String candidPackage;

    /**
     * {@code test} (default): actors go to {@code target/generated-test-sources/diode} for the tests;
     * {@code main}: to {@code target/generated-sources/diode} for the application (then bind the goal to
     * {@code generate-sources} so that it runs before the compiler).
     */
    @Parameter(property = "diode.actorSources", defaultValue = "test")
    private String actorSources;

    /** More .did files to generate actors for (written by hand, or another project's); named after the file. */
    @Parameter(property = "diode.candidFiles")
    private List<File> candidFiles;

    @Parameter(defaultValue = "${project}", readonly = true)
    private MavenProject project;

    @Parameter(defaultValue = "${mojoExecution}", readonly = true)
    private MojoExecution execution;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("diode:build skipped (diode.skip=true)");
            return;
        }
        BuildLog log = new MavenBuildLog(getLog());
        CompilerEnvironment environment = CompilerEnvironment.ofCurrentProcess();
        CommandRunner runner = new CommandRunner(environment, Duration.ofSeconds(compilerTimeout));
        try {
            BuildConfiguration configuration = configuration();
            MotokoCompiler compiler = new CompilerResolver(environment, runner, log)
                    .resolve(new CompilerSettings(
                            mocPath == null ? null : mocPath.toPath(),
                            cacheDirectory.toPath(),
                            motokoVersion(),
                            executionWorkDirectory().resolve("npm-driver")));
            BuildReport report = new CanisterBuilder(log).build(configuration, compiler);
            if (generateActors) {
                generateActors(report);
            }
        } catch (CanisterBuildException userError) {
            throw new MojoFailureException(userError.getMessage());
        } catch (IOException unexpected) {
            throw new MojoExecutionException("diode:build failed: " + unexpected.getMessage(), unexpected);
        }
    }

    private void generateActors(BuildReport report) throws CanisterBuildException, IOException {
        List<Path> extra = candidFiles == null
                ? List.of()
                : candidFiles.stream().map(File::toPath).toList();
        ActorSourceWriter.Generated actors = ActorSourceWriter.generateForBuild(
                report.manifest(),
                outputDirectory.toPath(),
                extra,
                Path.of(project.getBuild().getDirectory()),
                actorSources,
                candidPackage != null ? candidPackage : ActorSourceWriter.defaultPackage(project.getGroupId()));
        if (actors.mainSources()) {
            project.addCompileSourceRoot(actors.sourceRoot().toString());
        } else {
            project.addTestCompileSourceRoot(actors.sourceRoot().toString());
        }
        getLog().info("Typed actors: " + actors.files().size() + " in " + actors.sourceRoot());
    }

    private BuildConfiguration configuration() throws CanisterBuildException {
        Path base = basedir.toPath();
        List<CanisterDefinition> definitions = new ArrayList<>();
        if (canisterList != null && !canisterList.isBlank()) {
            for (NamedPathList.Entry entry : NamedPathList.parse(canisterList, base, "diode.canisters")) {
                definitions.add(new CanisterDefinition(entry.name(), entry.path(), List.of(), blankToNull(version)));
            }
        } else if (canisters != null) {
            for (Canister canister : canisters) {
                definitions.add(new CanisterDefinition(
                        canister.name,
                        canister.main == null ? null : canister.main.toPath(),
                        canister.flags == null ? List.of() : canister.flags,
                        blankToNull(canister.version == null ? version : canister.version)));
            }
        }
        List<PackageAlias> aliases = new ArrayList<>();
        if (packageList != null && !packageList.isBlank()) {
            for (NamedPathList.Entry entry : NamedPathList.parse(packageList, base, "diode.packages")) {
                aliases.add(new PackageAlias(entry.name(), entry.path()));
            }
        } else if (packages != null) {
            for (MotokoPackage motokoPackage : packages) {
                aliases.add(new PackageAlias(
                        motokoPackage.name, motokoPackage.path == null ? null : motokoPackage.path.toPath()));
            }
        }
        return new BuildConfiguration(
                sourceDirectory.toPath(),
                outputDirectory.toPath(),
                executionWorkDirectory(),
                definitions,
                flags == null ? List.of() : flags,
                aliases,
                gzip,
                force);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    private Path executionWorkDirectory() {
        String id = execution == null || execution.getExecutionId() == null ? "default" : execution.getExecutionId();
        return workDirectory.toPath().resolve(id.replaceAll("[^A-Za-z0-9_.-]", "_"));
    }

    private String motokoVersion() throws CanisterBuildException {
        if (motokoVersion != null && !motokoVersion.isBlank()) {
            return motokoVersion;
        }
        Properties defaults = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/io/diode/maven/build/compiler-defaults.properties")) {
            if (in != null) {
                defaults.load(in);
            }
        } catch (IOException unreadable) {
            // Fall through to the error below.
        }
        String pinned = defaults.getProperty("motoko.npm.version");
        if (pinned == null || pinned.isBlank() || pinned.startsWith("${")) {
            throw new CanisterBuildException("This plugin build has no pinned Motoko version; set"
                    + " -Ddiode.motokoVersion (for example 4.10.0).");
        }
        return pinned;
    }
}
