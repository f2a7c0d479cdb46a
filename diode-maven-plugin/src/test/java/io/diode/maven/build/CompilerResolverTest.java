package io.diode.maven.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompilerResolverTest {
    @TempDir
    Path temp;

    private final RecordingLog log = new RecordingLog();

    private MotokoCompiler resolve(Map<String, String> variables, Path mocPath) throws Exception {
        CompilerEnvironment environment = new CompilerEnvironment(variables);
        return new CompilerResolver(environment, new CommandRunner(environment, Duration.ofSeconds(30)), log)
                .resolve(new CompilerSettings(mocPath, temp.resolve("cache"), "9.9.9", temp.resolve("work")));
    }

    /**
     * A PATH of the given directories plus one holding only the tools the fake scripts use, so the
     * host's own node, npm or moc can never be picked up.
     */
    private Map<String, String> pathWith(Path... directories) throws IOException {
        Path tools = temp.resolve("tools");
        if (!Files.isDirectory(tools)) {
            Files.createDirectories(tools);
            for (String tool : new String[] {"mkdir", "dirname"}) {
                Path real = Files.exists(Path.of("/usr/bin", tool)) ? Path.of("/usr/bin", tool) : Path.of("/bin", tool);
                FakeExecutables.script(tools, tool, "exec " + real + " \"$@\"");
            }
        }
        StringBuilder path = new StringBuilder();
        for (Path directory : directories) {
            path.append(directory).append(':');
        }
        Map<String, String> variables = new HashMap<>();
        variables.put("PATH", path.toString() + tools);
        return variables;
    }

    /** An npm that "installs" motoko by writing its package.json, and counts its calls. */
    private Path fakeNpm(Path directory, String installedVersion) throws IOException {
        return FakeExecutables.script(directory, "npm", """
                echo "$@" >> "%s"
                mkdir -p node_modules/motoko
                echo '{"name":"motoko","version":"%s"}' > node_modules/motoko/package.json
                """.formatted(temp.resolve("npm-calls.log"), installedVersion));
    }

    @Test
    void explicitMocPathWinsOverEnvironmentAndPath() throws Exception {
        Path explicit = FakeExecutables.moc(temp.resolve("explicit"), "moc 1.0 explicit");
        Path fromVariable = FakeExecutables.moc(temp.resolve("variable"), "moc 2.0 variable");
        Path onPath = temp.resolve("onpath");
        FakeExecutables.moc(onPath, "moc 3.0 path");
        Map<String, String> variables = pathWith(onPath);
        variables.put("DIODE_MOC", fromVariable.toString());

        MotokoCompiler compiler = resolve(variables, explicit);

        assertThat(compiler).isInstanceOf(NativeMocCompiler.class);
        assertThat(compiler.label()).isEqualTo("moc 1.0 explicit");
        assertThat(log.text()).contains("using mocPath " + explicit);
    }

    @Test
    void environmentVariableComesBeforeThePath() throws Exception {
        Path fromVariable = FakeExecutables.moc(temp.resolve("variable"), "moc 2.0 variable");
        Path onPath = temp.resolve("onpath");
        FakeExecutables.moc(onPath, "moc 3.0 path");
        Map<String, String> variables = pathWith(onPath);
        variables.put("DIODE_MOC", fromVariable.toString());

        MotokoCompiler compiler = resolve(variables, null);

        assertThat(compiler.label()).isEqualTo("moc 2.0 variable");
        assertThat(log.text()).contains("mocPath not set").contains("using DIODE_MOC=" + fromVariable);
    }

    @Test
    void mocOnThePathComesBeforeNpm() throws Exception {
        Path onPath = temp.resolve("onpath");
        FakeExecutables.moc(onPath, "moc 3.0 path");
        fakeNpm(onPath, "9.9.9");
        FakeExecutables.script(onPath, "node", "exit 0");

        MotokoCompiler compiler = resolve(pathWith(onPath), null);

        assertThat(compiler.label()).isEqualTo("moc 3.0 path");
        assertThat(log.text())
                .contains("DIODE_MOC not set")
                .contains("using moc from the PATH: " + onPath.resolve("moc"));
        assertThat(temp.resolve("npm-calls.log")).doesNotExist();
    }

    @Test
    void fallsBackToNpmAndInstallsOnlyOnce() throws Exception {
        Path bin = temp.resolve("bin");
        FakeExecutables.script(bin, "node", "exit 0");
        fakeNpm(bin, "9.9.9");

        MotokoCompiler first = resolve(pathWith(bin), null);
        MotokoCompiler second = resolve(pathWith(bin), null);

        assertThat(first).isInstanceOf(NpmMotokoCompiler.class);
        assertThat(first.label()).isEqualTo("npm motoko 9.9.9");
        assertThat(second.identity()).isEqualTo(first.identity());
        assertThat(Files.readAllLines(temp.resolve("npm-calls.log")))
                .hasSize(1)
                .first()
                .asString()
                .contains("install")
                .contains("motoko@9.9.9");
        assertThat(temp.resolve("cache/motoko/9.9.9/node_modules/motoko/package.json"))
                .exists();
        // Only the finished installation is left: the temporary install directory was renamed.
        try (var entries = Files.list(temp.resolve("cache/motoko"))) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("9.9.9");
        }
        assertThat(log.text())
                .contains("no moc on the PATH; falling back to npm motoko 9.9.9")
                .contains("installing npm motoko 9.9.9")
                .contains("npm motoko 9.9.9 found in");
    }

    @Test
    void aBuildThatLosesTheInstallRaceUsesTheWinnersCopy() throws Exception {
        Path bin = temp.resolve("bin");
        FakeExecutables.script(bin, "node", "exit 0");
        Path target = temp.resolve("cache/motoko/9.9.9");
        // This npm simulates a concurrent build finishing its install while ours is still running.
        FakeExecutables.script(bin, "npm", """
                mkdir -p node_modules/motoko %1$s/node_modules/motoko
                echo '{"version":"9.9.9"}' > node_modules/motoko/package.json
                echo '{"version":"9.9.9","winner":true}' > %1$s/node_modules/motoko/package.json
                """.formatted(target));

        MotokoCompiler compiler = resolve(pathWith(bin), null);

        assertThat(compiler.label()).isEqualTo("npm motoko 9.9.9");
        assertThat(Files.readString(target.resolve("node_modules/motoko/package.json")))
                .contains("winner");
        assertThat(log.text()).contains("another build installed it first");
        try (var entries = Files.list(temp.resolve("cache/motoko"))) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("9.9.9");
        }
    }

    @Test
    void missingExplicitMocSaysWhichSettingToFix() {
        Path nowhere = temp.resolve("no/such/moc");
        assertThatThrownBy(() -> resolve(pathWith(), nowhere))
                .isInstanceOf(CanisterBuildException.class)
                .hasMessageContaining(nowhere.toString())
                .hasMessageContaining("mocPath (-Ddiode.mocPath)")
                .hasMessageContaining("does not exist or is not executable");
    }

    @Test
    void brokenMocIsReportedWithItsOutput() throws Exception {
        Path broken = FakeExecutables.script(temp.resolve("broken"), "moc", "echo 'segfault here' >&2; exit 3");
        assertThatThrownBy(() -> resolve(pathWith(), broken))
                .isInstanceOf(CanisterBuildException.class)
                .hasMessageContaining("does not work")
                .hasMessageContaining("code 3")
                .hasMessageContaining("segfault here");
    }

    @Test
    void noNodeGivesOneClearErrorSayingHowToFixIt() {
        assertThatThrownBy(() -> resolve(pathWith(temp.resolve("empty")), null))
                .isInstanceOf(CanisterBuildException.class)
                .hasMessageContaining("No Motoko compiler found")
                .hasMessageContaining("Node.js")
                .hasMessageContaining("-Ddiode.mocPath");
    }

    @Test
    void nodeWithoutNpmCannotInstall() throws Exception {
        Path bin = temp.resolve("bin");
        FakeExecutables.script(bin, "node", "exit 0");
        assertThatThrownBy(() -> resolve(pathWith(bin), null))
                .isInstanceOf(CanisterBuildException.class)
                .hasMessageContaining("npm is not on the PATH");
    }

    @Test
    void failedNpmInstallReportsNpmOutputAndLeavesNoDebris() throws Exception {
        Path bin = temp.resolve("bin");
        FakeExecutables.script(bin, "node", "exit 0");
        FakeExecutables.script(bin, "npm", "echo 'npm ERR! network unreachable'; exit 1");
        assertThatThrownBy(() -> resolve(pathWith(bin), null))
                .isInstanceOf(CanisterBuildException.class)
                .hasMessageContaining("npm ERR! network unreachable");
        try (var entries = Files.list(temp.resolve("cache/motoko"))) {
            assertThat(entries).isEmpty();
        }
    }

    @Test
    void damagedCacheIsReportedNotSilentlyUsed() throws Exception {
        Path bin = temp.resolve("bin");
        FakeExecutables.script(bin, "node", "exit 0");
        fakeNpm(bin, "9.9.9");
        Files.createDirectories(temp.resolve("cache/motoko/9.9.9/node_modules"));
        assertThatThrownBy(() -> resolve(pathWith(bin), null))
                .isInstanceOf(CanisterBuildException.class)
                .hasMessageContaining("Delete that directory");
    }
}
