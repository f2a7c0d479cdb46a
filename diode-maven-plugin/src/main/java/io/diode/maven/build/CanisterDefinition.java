package io.diode.maven.build;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One canister to build: its name (the output file stem), its main actor file, the extra compiler
 * flags for it alone, and the version recorded in the manifest.
 *
 * @param version a natural number (what the canister's {@code get_version() : Nat} reports), or
 *                {@code null}: then {@code version-check} compares module hashes only
 */
public record CanisterDefinition(String name, Path main, List<String> flags, String version) {
    private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final Pattern NATURAL_NUMBER = Pattern.compile("[0-9]+");

    public CanisterDefinition {
        flags = List.copyOf(flags);
        if (version != null && NATURAL_NUMBER.matcher(version.strip()).matches()) {
            version = new BigInteger(version.strip()).toString(); // "007" and "7" are the same Nat
        }
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
        if (version != null && !NATURAL_NUMBER.matcher(version).matches()) {
            throw new CanisterBuildException("Canister '" + name + "': version '" + version + "' is not a natural"
                    + " number. diode:version-check compares it with the canister's get_version() : Nat, so it must"
                    + " be a whole number such as 1 or 42 (not the project version). Set <version> on the canister"
                    + " (or -Ddiode.version=N for all canisters), or leave it out to check module hashes only.");
        }
    }
}
