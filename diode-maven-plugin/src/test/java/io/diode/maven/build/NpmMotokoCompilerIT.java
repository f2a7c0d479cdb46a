package io.diode.maven.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real npm Motoko compiler (installed into the per-user cache if missing) on a small
 * source tree: relative imports, mo:core, a package alias, warnings, errors and rejected flags,
 * all in ONE batch so the compiler loads once for the class.
 */
class NpmMotokoCompilerIT {
    @TempDir
    static Path temp;

    static Path sources;
    static Path vendor;
    static Map<String, CompilationOutcome> outcomes;

    @BeforeAll
    static void compileOnce() throws Exception {
        sources = temp.resolve("src");
        vendor = temp.resolve("vendor/text-tools");
        Files.createDirectories(sources.resolve("app"));
        Files.createDirectories(sources.resolve("shared"));
        Files.createDirectories(vendor);
        Files.writeString(
                sources.resolve("shared/Twice.mo"), "module { public func twice(n : Nat) : Nat { 2 * n } };\n");
        Files.writeString(vendor.resolve("Shout.mo"), "module { public func shout(t : Text) : Text { t # \"!\" } };\n");
        Files.writeString(sources.resolve("app/App.mo"), """
                import Nat "mo:core/Nat";
                import Twice "../shared/Twice";
                import Shout "mo:tools/Shout";
                persistent actor App {
                  public query func double(n : Nat) : async Text { let spare = 0; Shout.shout(Nat.toText(Twice.twice(n))) };
                };
                """);
        Files.writeString(sources.resolve("app/Broken.mo"), """
                persistent actor Broken {
                  public query func f() : async Nat { undefinedName };
                };
                """);

        CompilerEnvironment environment = CompilerEnvironment.ofCurrentProcess();
        CommandRunner runner = new CommandRunner(environment, Duration.ofMinutes(5));
        String version = System.getProperty("motoko.npm.version", "4.10.0");
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "diode");
        MotokoCompiler compiler = new CompilerResolver(environment, runner, new RecordingLog())
                .resolve(new CompilerSettings(null, cache, version, temp.resolve("work")));
        Path out = Files.createDirectories(temp.resolve("out"));
        List<CompilationUnit> units = List.of(
                // First, so a flag leaking into later canisters would silence their warnings.
                new CompilationUnit(
                        "quiet",
                        sources.resolve("app/App.mo"),
                        List.of("-A", "M0194"),
                        out.resolve("quiet.wasm"),
                        out.resolve("quiet.did")),
                new CompilationUnit(
                        "app",
                        sources.resolve("app/App.mo"),
                        List.of(),
                        out.resolve("app.wasm"),
                        out.resolve("app.did")),
                new CompilationUnit(
                        "broken",
                        sources.resolve("app/Broken.mo"),
                        List.of(),
                        out.resolve("broken.wasm"),
                        out.resolve("broken.did")),
                new CompilationUnit(
                        "badflag",
                        sources.resolve("app/App.mo"),
                        List.of("--no-such-flag"),
                        out.resolve("badflag.wasm"),
                        out.resolve("badflag.did")));
        outcomes = new java.util.HashMap<>();
        for (CompilationOutcome outcome :
                compiler.compile(new CompilationRequest(sources, List.of(new PackageAlias("tools", vendor)), units))) {
            outcomes.put(outcome.name(), outcome);
        }
    }

    @Test
    void compilesRelativeImportsCoreAndPackageAliases() throws Exception {
        CompilationOutcome app = outcomes.get("app");
        assertThat(app.succeeded())
                .as("diagnostics: %s, problem: %s", app.diagnostics(), app.problem())
                .isTrue();
        byte[] wasm = Files.readAllBytes(temp.resolve("out/app.wasm"));
        assertThat(wasm).startsWith(0, 'a', 's', 'm');
        assertThat(temp.resolve("out/app.did")).content().contains("double: (n: nat) -> (text) query");
    }

    @Test
    void warningsPointAtTheFileOnDisk() {
        assertThat(outcomes.get("app").diagnostics()).anySatisfy(warning -> {
            assertThat(warning.severity()).isEqualTo(Severity.WARNING);
            assertThat(warning.code()).isEqualTo("M0194");
            assertThat(warning.file()).isEqualTo(sources.resolve("app/App.mo").toString());
            assertThat(warning.line()).isEqualTo(5);
            assertThat(warning.column()).isEqualTo(56);
        });
    }

    @Test
    void flagsApplyOnlyToTheirOwnCanister() {
        assertThat(outcomes.get("quiet").succeeded()).isTrue();
        assertThat(outcomes.get("quiet").diagnostics()).isEmpty();
        assertThat(outcomes.get("app").diagnostics())
                .extracting(Diagnostic::code)
                .contains("M0194");
    }

    @Test
    void errorsCarryOneBasedPositions() {
        CompilationOutcome broken = outcomes.get("broken");
        assertThat(broken.succeeded()).isFalse();
        assertThat(broken.errors()).singleElement().satisfies(error -> {
            assertThat(error.file()).isEqualTo(sources.resolve("app/Broken.mo").toString());
            assertThat(error.line()).isEqualTo(2);
            assertThat(error.column()).isEqualTo(39);
            assertThat(error.message()).contains("undefinedName");
        });
        assertThat(temp.resolve("out/broken.wasm")).doesNotExist();
    }

    @Test
    void rejectedFlagsAreReportedReadably() {
        CompilationOutcome badFlag = outcomes.get("badflag");
        assertThat(badFlag.succeeded()).isFalse();
        assertThat(badFlag.problem())
                .contains("rejected the flags [\"--no-such-flag\"]")
                .contains("unknown option '--no-such-flag'")
                .doesNotContain("Stdlib.Arg.Bad");
    }
}
