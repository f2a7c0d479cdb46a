package io.diode.maven.candid;

import io.diode.candid.CandidException;
import io.diode.maven.build.CanisterBuildException;
import io.diode.maven.build.CanisterManifest;
import io.diode.maven.build.ManifestEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one typed actor interface per Candid service into a source root, as {@code <package>/<Name>Actor.java},
 * leaving a file untouched when its content is unchanged (so that an incremental compile has nothing to redo).
 */
public final class ActorSourceWriter {

    /** A .did file to generate an actor for; {@code name} is the canister's name ({@code zone} → {@code ZoneActor}). */
    public record Source(String name, Path didFile) {}

    /** What {@link #generateForBuild} wrote, and into which source root (main or test). */
    public record Generated(Path sourceRoot, boolean mainSources, List<Path> files) {}

    /**
     * Actors for every canister of a build's manifest and for {@code extraDidFiles} (named after the file), under
     * {@code <buildDirectory>/generated-test-sources/diode} ({@code sources} = {@code test}) or
     * {@code generated-sources/diode} ({@code main}).
     */
    public static Generated generateForBuild(
            CanisterManifest manifest,
            Path manifestDirectory,
            List<Path> extraDidFiles,
            Path buildDirectory,
            String sources,
            String packageName)
            throws CanisterBuildException, IOException {
        boolean main = "main".equals(sources);
        if (!main && !"test".equals(sources)) {
            throw new CanisterBuildException(
                    "diode.actorSources must be \"test\" or \"main\", not \"" + sources + "\"");
        }
        List<Source> all = new ArrayList<>();
        for (ManifestEntry entry : manifest.canisters()) {
            if (entry.candid() != null) {
                all.add(new Source(entry.name(), manifestDirectory.resolve(entry.candid())));
            }
        }
        for (Path file : extraDidFiles) {
            String name = file.getFileName().toString();
            all.add(new Source(name.endsWith(".did") ? name.substring(0, name.length() - 4) : name, file));
        }
        Path root = buildDirectory.resolve(main ? "generated-sources/diode" : "generated-test-sources/diode");
        return new Generated(root, main, new ActorSourceWriter(root, packageName).write(all));
    }

    /** The default package of generated actors: the groupId (made a valid package name) + {@code .canisters}. */
    public static String defaultPackage(String groupId) {
        return groupId.replaceAll("[^A-Za-z0-9_.]", "_") + ".canisters";
    }

    private final Path sourceRoot;
    private final String packageName;

    public ActorSourceWriter(Path sourceRoot, String packageName) throws CanisterBuildException {
        if (!packageName.isEmpty() && !packageName.matches("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*")) {
            throw new CanisterBuildException("diode.candidPackage \"" + packageName + "\" is not a Java package name");
        }
        this.sourceRoot = sourceRoot;
        this.packageName = packageName;
    }

    /** The interface name for a canister: {@code zone_manager} → {@code ZoneManagerActor}. */
    public static String interfaceName(String canisterName) {
        return JavaActorGenerator.typeName(canisterName) + "Actor";
    }

    /** Generates every source; returns the files written or found up to date. */
    public List<Path> write(List<Source> sources) throws CanisterBuildException, IOException {
        List<Path> written = new ArrayList<>();
        Path directory = packageName.isEmpty() ? sourceRoot : sourceRoot.resolve(packageName.replace('.', '/'));
        for (Source source : sources) {
            if (!Files.isRegularFile(source.didFile())) {
                throw new CanisterBuildException("Candid file " + source.didFile() + " for " + source.name()
                        + " does not exist; check diode.candidFiles");
            }
            String interfaceName = interfaceName(source.name());
            String java;
            try {
                java = JavaActorGenerator.generate(
                        Files.readString(source.didFile(), StandardCharsets.UTF_8), packageName, interfaceName);
            } catch (CandidException invalid) {
                throw new CanisterBuildException(
                        "Cannot generate " + interfaceName + " from " + source.didFile() + ": " + invalid.getMessage());
            }
            Files.createDirectories(directory);
            Path target = directory.resolve(interfaceName + ".java");
            if (!Files.isRegularFile(target)
                    || !Files.readString(target, StandardCharsets.UTF_8).equals(java)) {
                Files.writeString(target, java, StandardCharsets.UTF_8);
            }
            written.add(target);
        }
        return written;
    }
}
