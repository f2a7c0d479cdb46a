package io.diode.maven.build;

import java.nio.file.Path;
import java.util.List;

/** Everything a compiler needs for a batch: the source tree, the package aliases and the units. */
public record CompilationRequest(Path sourceRoot, List<PackageAlias> packages, List<CompilationUnit> units) {
    public CompilationRequest {
        packages = List.copyOf(packages);
        units = List.copyOf(units);
    }
}
