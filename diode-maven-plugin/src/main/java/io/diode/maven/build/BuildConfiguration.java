package io.diode.maven.build;

import java.nio.file.Path;
import java.util.List;

/**
 * What to build and where: the source tree, the output directory ({@code target/canisters}), a
 * work directory for fingerprints and staging, the canisters, flags for all of them, package
 * aliases, whether to also write gzipped modules, and whether to ignore the up-to-date check.
 */
public record BuildConfiguration(
        Path sourceDirectory,
        Path outputDirectory,
        Path workDirectory,
        List<CanisterDefinition> canisters,
        List<String> commonFlags,
        List<PackageAlias> packages,
        boolean gzip,
        boolean force) {
    public BuildConfiguration {
        canisters = List.copyOf(canisters);
        commonFlags = List.copyOf(commonFlags);
        packages = List.copyOf(packages);
    }
}
