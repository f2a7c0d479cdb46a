package io.diode.pocketic.embedded;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.diode.pocketic.embedded.engine.EmbeddedIc;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The engine's package graph, as the README's design section draws it: each package depends only on the packages
 * below it, and the graph has no cycles. A new dependency that breaks it fails here, naming the class and the
 * member that made it; move the code to the package it belongs to rather than widening the rule.
 */
class PackageDependenciesTest {

    private static final String ROOT = "io.diode.pocketic.embedded";

    /** The engine's main classes, read from where they were compiled (scanning the class path for them is slow). */
    private static final JavaClasses MAIN = new ClassFileImporter().importPath(mainClassesLocation());

    private static Path mainClassesLocation() {
        try {
            return Path.of(EmbeddedIc.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the engine's classes have no file location", e);
        }
    }

    @Test
    void theRuleSeesTheEngine() {
        assertThat(MAIN.contain(EmbeddedIc.class)).isTrue();
        assertThat(MAIN.contain(PackageDependenciesTest.class))
                .as("tests are not checked")
                .isFalse();
    }

    @Test
    void eachPackageDependsOnlyOnThePackagesBelowIt() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("api")
                .definedBy(ROOT + ".api..")
                .layer("wasm")
                .definedBy(ROOT + ".wasm..")
                .layer("management")
                .definedBy(ROOT + ".management..")
                .layer("cycles")
                .definedBy(ROOT + ".cycles..")
                .layer("certification")
                .definedBy(ROOT + ".certification..")
                .layer("engine")
                .definedBy(ROOT + ".engine..")
                .layer("ichttp")
                .definedBy(ROOT + ".ichttp..")
                .layer("server")
                .definedBy(ROOT + ".server..")
                .whereLayer("api")
                .mayNotAccessAnyLayer()
                .whereLayer("wasm")
                .mayNotAccessAnyLayer()
                .whereLayer("management")
                .mayOnlyAccessLayers("api")
                .whereLayer("cycles")
                .mayOnlyAccessLayers("api", "management")
                .whereLayer("certification")
                .mayOnlyAccessLayers("api")
                .whereLayer("engine")
                .mayOnlyAccessLayers("api", "wasm", "management", "cycles", "certification")
                .whereLayer("ichttp")
                .mayOnlyAccessLayers("api", "certification")
                .whereLayer("server")
                .mayNotBeAccessedByAnyLayer()
                .check(MAIN);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void everyClassIsInAPackageTheRuleKnows() {
        classes()
                .should()
                .resideInAnyPackage(
                        ROOT + ".api..",
                        ROOT + ".wasm..",
                        ROOT + ".management..",
                        ROOT + ".cycles..",
                        ROOT + ".certification..",
                        ROOT + ".engine..",
                        ROOT + ".ichttp..",
                        ROOT + ".server..")
                .because("a new package needs its place in the graph (README, Design) and in this test")
                .check(MAIN);
    }
}
