package io.diode.maven.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeMocCompilerTest {
    @TempDir
    Path temp;

    private final CommandRunner runner =
            new CommandRunner(new CompilerEnvironment(Map.of("PATH", "/usr/bin:/bin")), Duration.ofSeconds(30));

    @Test
    void passesPackagesFlagsAndOutputsOnTheCommandLine() throws Exception {
        Path moc = FakeExecutables.moc(temp.resolve("bin"), "moc 0.0");
        Path main = temp.resolve("src/Main.mo");
        Files.createDirectories(main.getParent());
        Files.writeString(main, "actor {}");
        Path lib = Files.createDirectories(temp.resolve("lib"));
        CompilationUnit unit = new CompilationUnit(
                "main", main, List.of("--release"), temp.resolve("main.wasm"), temp.resolve("main.did"));

        List<CompilationOutcome> outcomes = new NativeMocCompiler(moc, "moc 0.0", runner)
                .compile(new CompilationRequest(
                        temp.resolve("src"), List.of(new PackageAlias("lib", lib)), List.of(unit)));

        assertThat(outcomes)
                .singleElement()
                .satisfies(o -> assertThat(o.succeeded()).isTrue());
        assertThat(Files.readAllLines(temp.resolve("bin/calls.log")))
                .containsExactly(
                        "--package lib " + lib + " --release " + main + " -o " + temp.resolve("main.wasm"),
                        "--package lib " + lib + " --idl " + main + " -o " + temp.resolve("main.did"));
        assertThat(temp.resolve("main.wasm")).exists();
        assertThat(temp.resolve("main.did")).exists();
    }

    @Test
    void turnsMocErrorOutputIntoDiagnostics() throws Exception {
        Path moc = FakeExecutables.script(temp.resolve("bin"), "moc", """
                echo "$5:2.5-2.9: type error [M0057], unbound variable foo" >&2
                echo "$5:1.1-1.3: warning [M0194], unused identifier" >&2
                exit 1
                """);
        Path main = temp.resolve("Main.mo");
        Files.writeString(main, "actor {}");
        CompilationUnit unit =
                new CompilationUnit("main", main, List.of("--x"), temp.resolve("m.wasm"), temp.resolve("m.did"));

        CompilationOutcome outcome = new NativeMocCompiler(moc, "moc 0.0", runner)
                .compile(new CompilationRequest(temp, List.of(new PackageAlias("core", temp)), List.of(unit)))
                .getFirst();

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.errors())
                .containsExactly(
                        new Diagnostic(main.toString(), 2, 5, Severity.ERROR, "M0057", "unbound variable foo"));
        assertThat(outcome.diagnostics()).hasSize(2);
        assertThat(temp.resolve("m.wasm")).doesNotExist();
    }

    @Test
    void unexplainedFailureKeepsTheExitCode() throws Exception {
        Path moc = FakeExecutables.script(temp.resolve("bin"), "moc", "exit 2");
        Path main = temp.resolve("Main.mo");
        Files.writeString(main, "actor {}");
        CompilationOutcome outcome = new NativeMocCompiler(moc, "moc 0.0", runner)
                .compile(new CompilationRequest(
                        temp,
                        List.of(),
                        List.of(new CompilationUnit(
                                "main", main, List.of(), temp.resolve("m.wasm"), temp.resolve("m.did")))))
                .getFirst();
        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.problem()).isEqualTo("moc exited with code 2: ");
    }

    @Test
    void messagesWithoutPositionBecomeErrors() throws Exception {
        Path moc = FakeExecutables.script(temp.resolve("bin"), "moc", "echo 'Fatal error: out of memory' >&2; exit 2");
        Path main = temp.resolve("Main.mo");
        Files.writeString(main, "actor {}");
        CompilationOutcome outcome = new NativeMocCompiler(moc, "moc 0.0", runner)
                .compile(new CompilationRequest(
                        temp,
                        List.of(),
                        List.of(new CompilationUnit(
                                "main", main, List.of(), temp.resolve("m.wasm"), temp.resolve("m.did")))))
                .getFirst();
        assertThat(outcome.errors()).extracting(Diagnostic::format).containsExactly("Fatal error: out of memory");
    }
}
