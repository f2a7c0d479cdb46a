package io.diode.maven.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diode.ic.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CanisterBuilderTest {
    @TempDir
    Path project;

    private final RecordingLog log = new RecordingLog();
    private final FakeCompiler compiler = new FakeCompiler();
    private Path sources;
    private Path output;

    /** Writes the main file's text plus the flags as the "module", so outputs depend on all inputs. */
    static final class FakeCompiler implements MotokoCompiler {
        String identity = "fake|1";
        final List<List<String>> batches = new ArrayList<>();
        final Map<String, List<Diagnostic>> failures = new HashMap<>();
        final Map<String, List<Diagnostic>> warnings = new HashMap<>();

        @Override
        public String description() {
            return "fake compiler";
        }

        @Override
        public String label() {
            return "fake 1";
        }

        @Override
        public String identity() {
            return identity;
        }

        @Override
        public List<CompilationOutcome> compile(CompilationRequest request) throws IOException {
            batches.add(request.units().stream().map(CompilationUnit::name).toList());
            List<CompilationOutcome> outcomes = new ArrayList<>();
            for (CompilationUnit unit : request.units()) {
                if (failures.containsKey(unit.name())) {
                    outcomes.add(new CompilationOutcome(unit.name(), false, failures.get(unit.name()), 5, null));
                    continue;
                }
                Files.writeString(unit.wasmOutput(), "\0asm" + Files.readString(unit.main()) + unit.flags());
                Files.writeString(unit.candidOutput(), "service : {}");
                outcomes.add(new CompilationOutcome(
                        unit.name(), true, warnings.getOrDefault(unit.name(), List.of()), 7, null));
            }
            return outcomes;
        }
    }

    @BeforeEach
    void sources() throws IOException {
        sources = project.resolve("src/main/motoko");
        Files.createDirectories(sources.resolve("zone"));
        Files.createDirectories(sources.resolve("factory"));
        Files.writeString(sources.resolve("zone/Zone.mo"), "actor class Zone() {}");
        Files.writeString(sources.resolve("factory/Factory.mo"), "import Lib \"Lib\";\nactor Factory {}");
        Files.writeString(sources.resolve("factory/Lib.mo"), "module {}");
        output = project.resolve("target/canisters");
    }

    private CanisterDefinition zone(List<String> flags) {
        return new CanisterDefinition("zone", sources.resolve("zone/Zone.mo"), flags, "2");
    }

    private CanisterDefinition factory() {
        return new CanisterDefinition("factory", sources.resolve("factory/Factory.mo"), List.of(), "1");
    }

    private BuildConfiguration configuration(List<CanisterDefinition> canisters, boolean gzip, boolean force) {
        return new BuildConfiguration(
                sources,
                output,
                project.resolve("target/diode"),
                canisters,
                List.of("--release"),
                List.of(),
                gzip,
                force);
    }

    private BuildReport build(List<CanisterDefinition> canisters) throws Exception {
        return new CanisterBuilder(log).build(configuration(canisters, false, false), compiler);
    }

    @Test
    void writesModulesCandidAndManifestWithHashes() throws Exception {
        BuildReport report = build(List.of(factory(), zone(List.of("--x"))));

        assertThat(report.compiled()).containsExactly("factory", "zone");
        byte[] zoneWasm = Files.readAllBytes(output.resolve("zone.wasm"));
        assertThat(new String(zoneWasm, StandardCharsets.UTF_8)).endsWith("[--release, --x]");
        assertThat(output.resolve("zone.did")).hasContent("service : {}");

        CanisterManifest manifest = CanisterManifest.read(output.resolve("canisters.json"));
        assertThat(manifest.compiler()).isEqualTo("fake 1");
        ManifestEntry entry = manifest.canisters().get(1);
        assertThat(entry.name()).isEqualTo("zone");
        assertThat(entry.version()).isEqualTo("2");
        assertThat(entry.file()).isEqualTo("zone.wasm");
        assertThat(entry.size()).isEqualTo(zoneWasm.length);
        assertThat(entry.moduleHash()).isEqualTo(Sha256.hex(zoneWasm)).hasSize(64);
        assertThat(entry.wasm()).isEqualTo(new ModuleFile("zone.wasm", zoneWasm.length, Sha256.hex(zoneWasm)));
        assertThat(entry.candid()).isEqualTo("zone.did");
        assertThat(log.text()).contains("Canister zone: compiled in");
    }

    @Test
    void secondRunCompilesNothingAndLeavesFilesUntouched() throws Exception {
        build(List.of(factory(), zone(List.of())));
        var manifestTime = Files.getLastModifiedTime(output.resolve("canisters.json"));
        log.lines.clear();

        BuildReport again = build(List.of(factory(), zone(List.of())));

        assertThat(again.compiled()).isEmpty();
        assertThat(again.upToDate()).containsExactly("factory", "zone");
        assertThat(compiler.batches).hasSize(1);
        assertThat(Files.getLastModifiedTime(output.resolve("canisters.json"))).isEqualTo(manifestTime);
        assertThat(log.text()).contains("Canister zone: up to date").contains("Unchanged:");
    }

    @Test
    void editingAnImportedFileRecompilesOnlyTheCanistersThatImportIt() throws Exception {
        build(List.of(factory(), zone(List.of())));
        Files.writeString(sources.resolve("factory/Lib.mo"), "module { public let x = 1 }");

        BuildReport report = build(List.of(factory(), zone(List.of())));
        assertThat(report.compiled()).containsExactly("factory");
        assertThat(report.upToDate()).containsExactly("zone");
    }

    @Test
    void filesNoCanisterImportsRecompileNothing() throws Exception {
        build(List.of(factory(), zone(List.of())));
        Files.writeString(sources.resolve("Scratch.mo"), "module {}");
        Files.writeString(sources.resolve("zone/Notes.mo"), "module {}");

        assertThat(build(List.of(factory(), zone(List.of()))).compiled()).isEmpty();
    }

    @Test
    void anImportThatAppearsLaterRecompiles() throws Exception {
        Files.writeString(sources.resolve("zone/Zone.mo"), "import M \"../shared/Missing\";\nactor class Zone() {}");
        build(List.of(zone(List.of())));
        Files.createDirectories(sources.resolve("shared/Missing"));
        Files.writeString(sources.resolve("shared/Missing/lib.mo"), "module {}");

        assertThat(build(List.of(zone(List.of()))).compiled()).containsExactly("zone");
    }

    @Test
    void changedFlagsRecompileOnlyThatCanister() throws Exception {
        build(List.of(factory(), zone(List.of())));

        BuildReport report = build(List.of(factory(), zone(List.of("--release-flag"))));

        assertThat(report.compiled()).containsExactly("zone");
        assertThat(report.upToDate()).containsExactly("factory");
    }

    @Test
    void changedCompilerRecompilesEverything() throws Exception {
        build(List.of(factory(), zone(List.of())));
        compiler.identity = "fake|2";

        assertThat(build(List.of(factory(), zone(List.of()))).compiled()).containsExactly("factory", "zone");
    }

    @Test
    void deletedOutputIsRebuilt() throws Exception {
        build(List.of(factory()));
        Files.delete(output.resolve("factory.did"));

        assertThat(build(List.of(factory())).compiled()).containsExactly("factory");
        assertThat(output.resolve("factory.did")).exists();
    }

    @Test
    void forceRecompilesUnchangedCanisters() throws Exception {
        build(List.of(factory()));
        BuildReport forced = new CanisterBuilder(log).build(configuration(List.of(factory()), false, true), compiler);
        assertThat(forced.compiled()).containsExactly("factory");
    }

    @Test
    void gzipWritesCompressedModuleAndTheManifestNamesIt() throws Exception {
        new CanisterBuilder(log).build(configuration(List.of(zone(List.of())), true, false), compiler);

        byte[] wasm = Files.readAllBytes(output.resolve("zone.wasm"));
        byte[] gzipped = Files.readAllBytes(output.resolve("zone.wasm.gz"));
        try (InputStream in = new GZIPInputStream(Files.newInputStream(output.resolve("zone.wasm.gz")))) {
            assertThat(in.readAllBytes()).isEqualTo(wasm);
        }
        ManifestEntry entry = CanisterManifest.read(output.resolve("canisters.json"))
                .canisters()
                .getFirst();
        assertThat(entry.file()).isEqualTo("zone.wasm.gz");
        assertThat(entry.size()).isEqualTo(gzipped.length);
        assertThat(entry.moduleHash()).isEqualTo(Sha256.hex(gzipped));
        assertThat(entry.wasm().sha256()).isEqualTo(Sha256.hex(wasm));

        // Turning gzip off again rebuilds and removes the now stale .gz.
        new CanisterBuilder(log).build(configuration(List.of(zone(List.of())), false, false), compiler);
        assertThat(output.resolve("zone.wasm.gz")).doesNotExist();
        assertThat(CanisterManifest.read(output.resolve("canisters.json"))
                        .canisters()
                        .getFirst()
                        .file())
                .isEqualTo("zone.wasm");
    }

    @Test
    void gzipOutputIsReproducible() throws Exception {
        new CanisterBuilder(log).build(configuration(List.of(zone(List.of())), true, true), compiler);
        byte[] first = Files.readAllBytes(output.resolve("zone.wasm.gz"));
        Thread.sleep(1100);
        new CanisterBuilder(log).build(configuration(List.of(zone(List.of())), true, true), compiler);
        assertThat(Files.readAllBytes(output.resolve("zone.wasm.gz"))).isEqualTo(first);
    }

    @Test
    void compileErrorsFailWithFileLineColumnAndKeepPreviousOutputs() throws Exception {
        build(List.of(factory(), zone(List.of())));
        byte[] previous = Files.readAllBytes(output.resolve("zone.wasm"));
        Files.writeString(sources.resolve("zone/Zone.mo"), "actor class Zone() { broken }");
        String file = sources.resolve("zone/Zone.mo").toString();
        compiler.failures.put(
                "zone",
                List.of(
                        new Diagnostic(file, 1, 22, Severity.ERROR, "M0001", "unexpected token"),
                        new Diagnostic(file, 1, 1, Severity.WARNING, "M0194", "unused")));

        assertThatThrownBy(() -> build(List.of(factory(), zone(List.of()))))
                .isInstanceOf(CanisterBuildException.class)
                .hasMessageContaining("Motoko compilation failed for canister 'zone'")
                .hasMessageContaining(file + ":1:22: [M0001] unexpected token")
                .hasMessageNotContaining("unused");
        assertThat(log.text())
                .contains("ERROR " + file + ":1:22: [M0001] unexpected token")
                .contains("WARN " + file + ":1:1: [M0194] unused");
        assertThat(output.resolve("zone.wasm")).hasBinaryContent(previous);
        assertThat(CanisterManifest.read(output.resolve("canisters.json")).canisters())
                .filteredOn(entry -> entry.name().equals("zone"))
                .singleElement()
                .satisfies(entry -> assertThat(entry.moduleHash()).isEqualTo(Sha256.hex(previous)));

        // After the fix, the failed canister is rebuilt even though its old outputs exist.
        compiler.failures.clear();
        assertThat(build(List.of(factory(), zone(List.of()))).compiled()).containsExactly("zone");
    }

    @Test
    void aFailedCanisterLeavesEveryModuleMatchingItsManifestEntry() throws Exception {
        build(List.of(factory(), zone(List.of())));
        byte[] previousZone = Files.readAllBytes(output.resolve("zone.wasm"));
        Files.writeString(sources.resolve("factory/Lib.mo"), "module { public let changed = true }");
        Files.writeString(sources.resolve("zone/Zone.mo"), "actor class Zone() { broken }");
        compiler.failures.put("zone", List.of(new Diagnostic("Zone.mo", 1, 22, Severity.ERROR, "M0001", "bad")));

        assertThatThrownBy(() -> build(List.of(factory(), zone(List.of()))))
                .hasMessageContaining("Motoko compilation failed for canister 'zone'");

        CanisterManifest manifest = CanisterManifest.read(output.resolve("canisters.json"));
        for (ManifestEntry entry : manifest.canisters()) {
            assertThat(entry.moduleHash())
                    .as(entry.name())
                    .isEqualTo(Sha256.hex(Files.readAllBytes(output.resolve(entry.file()))));
        }
        assertThat(output.resolve("zone.wasm")).hasBinaryContent(previousZone);
        assertThat(compiler.batches.getLast()).containsExactly("factory", "zone");
        // Only the failed canister compiles next time.
        compiler.failures.clear();
        assertThat(build(List.of(factory(), zone(List.of()))).compiled()).containsExactly("zone");
    }

    @Test
    void aCanisterThatNeverCompiledIsLeftOutOfTheManifest() throws Exception {
        compiler.failures.put("zone", List.of(new Diagnostic("Zone.mo", 1, 1, Severity.ERROR, "M0001", "bad")));

        assertThatThrownBy(() -> build(List.of(factory(), zone(List.of()))));

        assertThat(CanisterManifest.read(output.resolve("canisters.json")).canisters())
                .extracting(ManifestEntry::name)
                .containsExactly("factory");
    }

    @Test
    void twoExecutionsSharingAnOutputDirectoryKeepEachOthersManifestEntries() throws Exception {
        BuildConfiguration canisters = new BuildConfiguration(
                sources,
                output,
                project.resolve("target/diode/canisters"),
                List.of(zone(List.of())),
                List.of(),
                List.of(),
                false,
                false);
        BuildConfiguration tools = new BuildConfiguration(
                sources,
                output,
                project.resolve("target/diode/tools"),
                List.of(factory()),
                List.of(),
                List.of(),
                false,
                false);
        new CanisterBuilder(log).build(canisters, compiler);
        new CanisterBuilder(log).build(tools, compiler);
        var written = Files.getLastModifiedTime(output.resolve("canisters.json"));

        // Each execution again: nothing compiles, and the manifest (both canisters) stays as it is.
        assertThat(new CanisterBuilder(log).build(canisters, compiler).compiled())
                .isEmpty();
        assertThat(new CanisterBuilder(log).build(tools, compiler).compiled()).isEmpty();
        CanisterManifest manifest = CanisterManifest.read(output.resolve("canisters.json"));
        assertThat(manifest.canisters()).extracting(ManifestEntry::name).containsExactly("factory", "zone");
        assertThat(Files.getLastModifiedTime(output.resolve("canisters.json"))).isEqualTo(written);
        for (ManifestEntry entry : manifest.canisters()) {
            assertThat(entry.moduleHash()).isEqualTo(Sha256.hex(Files.readAllBytes(output.resolve(entry.file()))));
        }

        // A canister no execution builds any more leaves the manifest.
        Files.delete(project.resolve("target/diode/tools/fingerprints.json"));
        new CanisterBuilder(log).build(canisters, compiler);
        assertThat(CanisterManifest.read(output.resolve("canisters.json")).canisters())
                .extracting(ManifestEntry::name)
                .containsExactly("zone");
    }

    @Test
    void warningsAreLoggedOnSuccess() throws Exception {
        compiler.warnings.put("factory", List.of(new Diagnostic("F.mo", 2, 3, Severity.WARNING, "M0194", "unused x")));
        build(List.of(factory()));
        assertThat(log.text()).contains("WARN F.mo:2:3: [M0194] unused x");
    }

    @Test
    void rejectsBadConfigurationBeforeCompiling() {
        assertThatThrownBy(() -> build(List.of())).hasMessageContaining("No canisters configured");
        assertThatThrownBy(() -> build(List.of(
                        factory(), new CanisterDefinition("factory", sources.resolve("zone/Zone.mo"), List.of(), "1"))))
                .hasMessageContaining("Two canisters are named");
        assertThatThrownBy(
                        () -> build(List.of(new CanisterDefinition("x", sources.resolve("nope.mo"), List.of(), "1"))))
                .hasMessageContaining("main file")
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> build(
                        List.of(new CanisterDefinition("bad/name", sources.resolve("zone/Zone.mo"), List.of(), "1"))))
                .hasMessageContaining("not usable as a file name");
        assertThatThrownBy(
                        () -> build(List.of(new CanisterDefinition("out", project.resolve("Out.mo"), List.of(), "1"))))
                .isInstanceOf(CanisterBuildException.class);
        assertThat(compiler.batches).isEmpty();
    }

    @Test
    void aVersionMustBeANaturalNumber() throws Exception {
        for (String bad : List.of("1.0.0-SNAPSHOT", "1.4", "-1", "v2", " ")) {
            assertThatThrownBy(() -> build(
                            List.of(new CanisterDefinition("zone", sources.resolve("zone/Zone.mo"), List.of(), bad))))
                    .as(bad)
                    .isInstanceOf(CanisterBuildException.class)
                    .hasMessageContaining("Canister 'zone': version '" + bad + "' is not a natural number")
                    .hasMessageContaining("get_version() : Nat")
                    .hasMessageContaining("-Ddiode.version=N");
        }
        assertThat(compiler.batches).isEmpty();

        build(List.of(
                new CanisterDefinition("zone", sources.resolve("zone/Zone.mo"), List.of(), "007"),
                new CanisterDefinition("factory", sources.resolve("factory/Factory.mo"), List.of(), null)));
        assertThat(CanisterManifest.read(output.resolve("canisters.json")).canisters())
                .extracting(ManifestEntry::version)
                .containsExactly("7", null);
    }

    @Test
    void mainOutsideTheSourceTreeIsRejected() throws Exception {
        Files.writeString(project.resolve("Out.mo"), "actor {}");
        assertThatThrownBy(
                        () -> build(List.of(new CanisterDefinition("out", project.resolve("Out.mo"), List.of(), "1"))))
                .hasMessageContaining("outside the source directory");
    }

    @Test
    void missingPackageDirectoryIsRejected() {
        BuildConfiguration configuration = new BuildConfiguration(
                sources,
                output,
                project.resolve("target/diode"),
                List.of(factory()),
                List.of(),
                List.of(new PackageAlias("lib", project.resolve("vendor"))),
                false,
                false);
        assertThatThrownBy(() -> new CanisterBuilder(log).build(configuration, compiler))
                .hasMessageContaining("Package 'lib'")
                .hasMessageContaining("does not exist");
    }

    @Test
    void packageContentsArePartOfTheFingerprint() throws Exception {
        Path vendor = project.resolve("vendor");
        Files.createDirectories(vendor);
        Files.writeString(vendor.resolve("Lib.mo"), "module {}");
        Files.writeString(vendor.resolve("Unused.mo"), "module {}");
        Files.writeString(sources.resolve("factory/Lib.mo"), "import V \"mo:lib/Lib\";\nmodule {}");
        BuildConfiguration configuration = new BuildConfiguration(
                sources,
                output,
                project.resolve("target/diode"),
                List.of(factory()),
                List.of(),
                List.of(new PackageAlias("lib", vendor)),
                false,
                false);
        new CanisterBuilder(log).build(configuration, compiler);
        assertThat(new CanisterBuilder(log).build(configuration, compiler).compiled())
                .isEmpty();
        Files.writeString(vendor.resolve("Unused.mo"), "module { public let z = 3 }");
        assertThat(new CanisterBuilder(log).build(configuration, compiler).compiled())
                .isEmpty();

        Files.writeString(vendor.resolve("Lib.mo"), "module { public let y = 2 }");
        assertThat(new CanisterBuilder(log).build(configuration, compiler).compiled())
                .containsExactly("factory");
    }
}
