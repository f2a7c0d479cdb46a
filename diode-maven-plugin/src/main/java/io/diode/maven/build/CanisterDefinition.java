package io.diode.maven.build;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One canister to build: its name (the output file stem), its main actor file, the extra compiler
 * flags for it alone, and the version recorded in the manifest.
 */
public record CanisterDefinition(String name, Path main, List<String> flags, String version) {
    private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    public CanisterDefinition {
        flags = List.copyOf(flags);
    }

    /** Checks what the compiler cannot: a usable name and an existing main file. */
    public void validate() throws CanisterBuildException {
        if (name == null || !VALID_NAME.matcher(name).matches()) {
            throw new CanisterBuildException("Canister name '" + name + "' is not usable as a file name: use letters,"
                    + " digits, '.', '_' or '-' (for example <name>zone</name>).");
        }
        if (main == null) {
            throw new CanisterBuildException("Canister '" + name + "' has no <main> file: set it to the .mo file"
                    + " that declares the actor, for example <main>src/main/motoko/" + name + "/Main.mo</main>.");
        }
        if (!java.nio.file.Files.isRegularFile(main)) {
            throw new CanisterBuildException("Canister '" + name + "': main file " + main + " does not exist."
                    + " Fix <main> (paths are relative to the project directory).");
        }
        if (version == null || version.isBlank()) {
            throw new CanisterBuildException("Canister '" + name + "' has an empty <version>: set one, or leave it"
                    + " out to use the project version.");
        }
    }
}
