package io.diode.maven.build;

import java.nio.file.Files;
import java.nio.file.Path;

/** A Motoko package: {@code import X "mo:<name>/X"} resolves to files under {@code directory}. */
public record PackageAlias(String name, Path directory) {
    public void validate() throws CanisterBuildException {
        if (name == null || name.isBlank() || name.contains("/") || name.contains(" ")) {
            throw new CanisterBuildException("Package name '" + name + "' is not valid: use the name that follows"
                    + " 'mo:' in imports, for example <name>core</name>.");
        }
        if (directory == null || !Files.isDirectory(directory)) {
            throw new CanisterBuildException("Package '" + name + "': directory " + directory + " does not exist."
                    + " Point <path> at the package's source folder (the one holding its .mo files).");
        }
    }
}
