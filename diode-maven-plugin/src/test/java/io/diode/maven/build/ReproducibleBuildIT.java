package io.diode.maven.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same canister compiled alone and compiled after another one in the SAME Node process gives
 * the same bytes (the npm compiler keeps state between compilations, so the driver reloads it for
 * every canister).
 */
class ReproducibleBuildIT {
    @TempDir
    Path temp;

    @Test
    void aCanisterCompiledAfterAnotherInOneProcessEqualsTheCanisterCompiledAlone() throws Exception {
        Path sources = Files.createDirectories(temp.resolve("src"));
        Files.writeString(sources.resolve("A.mo"), """
                import Nat "mo:core/Nat";
                import Text "mo:core/Text";
                persistent actor A {
                  var n = 0;
                  public func inc() : async Nat { n += 1; n };
                  public query func show() : async Text { Text.concat("n=", Nat.toText(n)) };
                };
                """);
        Files.writeString(sources.resolve("B.mo"), """
                import Nat "mo:core/Nat";
                persistent actor B {
                  public query func hi(x : Nat) : async Text { "hi " # Nat.toText(x) };
                };
                """);
        CompilerEnvironment environment = CompilerEnvironment.ofCurrentProcess();
        CommandRunner runner = new CommandRunner(environment, Duration.ofMinutes(5));
        String version = System.getProperty("motoko.npm.version", "4.10.0");
        Path motoko = new NpmMotokoInstaller(
                        Path.of(System.getProperty("user.home"), ".cache", "diode"),
                        version,
                        environment,
                        runner,
                        new RecordingLog())
                .ensureInstalled();
        Path node = environment.findOnPath("node").orElseThrow();
        // One process, so A's compilation runs in the same Node process right before B's.
        NpmMotokoCompiler compiler = new NpmMotokoCompiler(node, motoko, version, temp.resolve("work"), runner, 1);

        Path together = Files.createDirectories(temp.resolve("together"));
        Path alone = Files.createDirectories(temp.resolve("alone"));
        List<CompilationOutcome> both = compiler.compile(new CompilationRequest(
                sources,
                List.of(),
                List.of(unit("a", sources.resolve("A.mo"), together), unit("b", sources.resolve("B.mo"), together))));
        List<CompilationOutcome> single = compiler.compile(
                new CompilationRequest(sources, List.of(), List.of(unit("b", sources.resolve("B.mo"), alone))));

        assertThat(both).allMatch(CompilationOutcome::succeeded);
        assertThat(single).allMatch(CompilationOutcome::succeeded);
        assertThat(Files.readAllBytes(together.resolve("b.wasm")))
                .isEqualTo(Files.readAllBytes(alone.resolve("b.wasm")));
        assertThat(together.resolve("b.did")).hasSameTextualContentAs(alone.resolve("b.did"));
    }

    private static CompilationUnit unit(String name, Path main, Path out) {
        return new CompilationUnit(name, main, List.of(), out.resolve(name + ".wasm"), out.resolve(name + ".did"));
    }
}
