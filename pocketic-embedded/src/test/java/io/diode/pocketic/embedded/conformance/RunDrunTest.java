package io.diode.pocketic.embedded.conformance;

import io.diode.pocketic.embedded.api.SubnetKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One test of Motoko's {@code test/run-drun} suite as the suite's scripts see it: a {@code <name>.mo} actor whose
 * {@code //CALL} lines are the calls (test/drun-wrapper.sh), or a {@code <name>.drun} script over the canisters of
 * the folder {@code <name>/}; the expected output in {@code ok/<name>.drun-run.ok} or {@code ok/<name>.drun.ok}; and
 * the reason it cannot run here, if any (test/run.sh's skip markers, and compiler flags the npm compiler lacks).
 *
 * @param modules    the Motoko files to compile: the id each compiles to → its path relative to the run-drun folder
 * @param options    how to compile each module id (test/run.sh's flags, as far as moc.js has them)
 * @param script     the test runner's input, one command a line, with module ids in place of Wasm paths
 * @param skipReason why the test cannot run with moc.js, or empty
 */
record RunDrunTest(
        String name,
        Path expected,
        Map<String, String> modules,
        Map<String, CompilerOptions> options,
        List<String> script,
        Optional<String> skipReason) {

    /**
     * How test/run.sh compiles a module, in moc.js's terms: {@code flags} for {@code setExtraFlags} (run.sh's
     * {@code --legacy-actors} and the {@code -A} warnings of a {@code //MOC-FLAG}), {@code --actor-idl} and
     * {@code --actor-alias} for {@code setAliases}, a {@code //MOC-ENV} as the compiler process's environment.
     * What moc.js cannot do: {@code --legacy-persistence} (its output is always enhanced orthogonal persistence) and
     * {@code --force-gc}, which run.sh adds to every {@code .mo} test without {@code //MOC-NO-FORCE-GC}.
     */
    record CompilerOptions(
            List<String> flags,
            String actorIdl,
            Map<String, String> aliases,
            Map<String, String> env,
            boolean wantsForceGc) {

        /** A stable text of everything that changes the compiler's output, for the module cache's key. */
        String cacheText() {
            return String.join(" ", flags) + "|" + actorIdl + "|" + new java.util.TreeMap<>(aliases) + "|"
                    + new java.util.TreeMap<>(env);
        }
    }

    /**
     * run.sh runs an INCREMENTAL-GC-ONLY test only when EXTRA_MOC_ARGS has --incremental-gc, which only Motoko's
     * classical-persistence CI job passes (nix/tests.nix: the EOP job passes --enhanced-orthogonal-persistence alone),
     * so its expected output is a classical-persistence run.
     */
    private static final String RECORDED_CLASSICAL = "expected output recorded with classical persistence only "
            + "(INCREMENTAL-GC-ONLY; moc.js compiles enhanced orthogonal persistence)";

    /** test/run.sh's MOC_ARGS is "--legacy-persistence --legacy-actors"; moc.js has the second only. */
    static final String LEGACY_ACTORS = "--legacy-actors";

    /** drun-wrapper.sh creates the canister of a .mo test under this id (the runner's default, a system subnet). */
    static final String SYSTEM_SUBNET_ID = "rwlgt-iiaaa-aaaaa-aaaaa-cai";
    /** The id drun-wrapper.sh uses for a .drun script marked {@code # APPLICATION-SUBNET}. */
    static final String APPLICATION_SUBNET_ID = "22ajg-aqaaa-aaaap-adukq-cai";
    /** drun-wrapper.sh's {@code $PRINCIPAL}: the Candid of {@code record { canister_id = rwlgt-iiaaa-… }}. */
    private static final String PRINCIPAL_ARG = "0x4449444c016c01b3c4b1f204680100010a00000000000000000101";

    private static final Pattern CALL = Pattern.compile("^//CALL (ingress|query) (.*)$");
    private static final Pattern MO_PATH = Pattern.compile("[^\\s]+\\.mo");

    /** The tests of a run-drun folder that have expected drun output, in name order. */
    static List<RunDrunTest> discover(Path runDrun) throws IOException {
        List<RunDrunTest> tests = new ArrayList<>();
        try (var files = Files.list(runDrun)) {
            for (Path file : files.sorted().toList()) {
                String fileName = file.getFileName().toString();
                if (fileName.endsWith(".mo")) {
                    Path ok = runDrun.resolve("ok").resolve(stem(fileName) + ".drun-run.ok");
                    if (Files.exists(ok)) {
                        tests.add(ofActor(runDrun, file, ok));
                    }
                } else if (fileName.endsWith(".drun")) {
                    Path ok = runDrun.resolve("ok").resolve(stem(fileName) + ".drun.ok");
                    if (Files.exists(ok)) {
                        tests.add(ofScript(runDrun, file, ok));
                    }
                }
            }
        }
        return tests;
    }

    /** test-runner's subnet: a system subnet, unless the script is marked {@code # APPLICATION-SUBNET}. */
    SubnetKind subnetKind() {
        return script.stream().anyMatch(line -> line.contains(APPLICATION_SUBNET_ID))
                ? SubnetKind.APPLICATION
                : SubnetKind.SYSTEM;
    }

    boolean runnable() {
        return skipReason.isEmpty();
    }

    private static String stem(String fileName) {
        return fileName.substring(0, fileName.lastIndexOf('.'));
    }

    /** A .mo test: drun-wrapper.sh's create, install, then each //CALL line (after run.sh's //OR-CALL mangling). */
    private static RunDrunTest ofActor(Path runDrun, Path file, Path ok) throws IOException {
        String name = stem(file.getFileName().toString());
        String source = Files.readString(file, StandardCharsets.UTF_8);
        List<String> script = new ArrayList<>();
        script.add("install " + SYSTEM_SUBNET_ID + " " + name + " 0x");
        for (String line : source.replaceAll("(?m)^.*//OR-CALL", "//CALL").split("\n", -1)) {
            Matcher call = CALL.matcher(line);
            if (call.matches()) {
                script.add(call.group(1) + " " + SYSTEM_SUBNET_ID + " " + call.group(2));
            } else if (line.startsWith("//CALL upgrade")) {
                script.add("upgrade " + SYSTEM_SUBNET_ID + " " + name + " 0x");
            }
        }
        Optional<String> skip = actorSkipReason(source);
        if (skip.isEmpty()) {
            skip = unsupportedFlags(source);
        }
        Map<String, CompilerOptions> options = new LinkedHashMap<>();
        options.put(name, compilerOptions(source, !source.contains("//MOC-NO-FORCE-GC")));
        return new RunDrunTest(name, ok, Map.of(name, file.getFileName().toString()), options, script, skip);
    }

    /** A .drun script: its commands with $ID, $PRINCIPAL and the .mo paths replaced, as drun-wrapper.sh does. */
    private static RunDrunTest ofScript(Path runDrun, Path file, Path ok) throws IOException {
        String name = stem(file.getFileName().toString());
        String source = Files.readString(file, StandardCharsets.UTF_8);
        String id = source.contains("# APPLICATION-SUBNET") ? APPLICATION_SUBNET_ID : SYSTEM_SUBNET_ID;
        Map<String, String> modules = new LinkedHashMap<>();
        Map<String, CompilerOptions> options = new LinkedHashMap<>();
        Optional<String> skip = Optional.empty();
        if (source.matches("(?s).*#\\s*SKIP drun.*")) {
            skip = Optional.of("marked SKIP drun");
        } else if (source.contains("# CLASSICAL-PERSISTENCE-ONLY")) {
            skip = Optional.of("classical persistence only (moc.js compiles enhanced orthogonal persistence)");
        } else if (source.contains("# INCREMENTAL-GC-ONLY")) {
            skip = Optional.of(RECORDED_CLASSICAL);
        }
        List<String> script = new ArrayList<>();
        for (String line : source.split("\n")) {
            String command = line.replace("$ID", id).replace("$PRINCIPAL", PRINCIPAL_ARG);
            Matcher mo = MO_PATH.matcher(command);
            StringBuilder replaced = new StringBuilder();
            while (mo.find()) {
                String path = mo.group();
                String moduleId = name + "__" + stem(Path.of(path).getFileName().toString());
                if (!modules.containsKey(moduleId)) {
                    modules.put(moduleId, path);
                    String moduleSource = Files.readString(runDrun.resolve(path), StandardCharsets.UTF_8);
                    options.put(moduleId, compilerOptions(moduleSource, false)); // run.sh: no --force-gc here
                    if (skip.isEmpty()) {
                        skip = unsupportedFlags(moduleSource).map(reason -> path + ": " + reason);
                    }
                }
                mo.appendReplacement(replaced, Matcher.quoteReplacement(moduleId));
            }
            mo.appendTail(replaced);
            script.add(replaced.toString());
        }
        return new RunDrunTest(name, ok, modules, options, script, skip);
    }

    private static Optional<String> actorSkipReason(String source) {
        if (source.contains("//CLASSICAL-PERSISTENCE-ONLY")) {
            return Optional.of("classical persistence only (moc.js compiles enhanced orthogonal persistence)");
        }
        if (source.contains("//INCREMENTAL-GC-ONLY")) {
            return Optional.of(RECORDED_CLASSICAL);
        }
        if (source.lines().anyMatch(line -> line.equals("//SKIP drun-run") || line.equals("//SKIP comp"))) {
            return Optional.of("marked SKIP");
        }
        return Optional.empty();
    }

    /** The first //MOC-FLAG moc.js does not have (its setExtraFlags says "unknown option"), if any. */
    private static Optional<String> unsupportedFlags(String source) {
        List<String> tokens = flagTokens(source);
        for (int i = 0; i < tokens.size(); i++) {
            switch (tokens.get(i)) {
                case "-A", "--actor-idl" -> i++;
                case "--actor-alias" -> i += 2;
                case "--enhanced-orthogonal-persistence" -> {
                    // moc.js compiles nothing else
                }
                case "--default-persistent-actors" -> {
                    // moc.js has it
                }
                default -> {
                    return Optional.of("needs compiler flag " + tokens.get(i) + " (moc.js 4.10.0 lacks it)");
                }
            }
        }
        return Optional.empty();
    }

    private static CompilerOptions compilerOptions(String source, boolean wantsForceGc) {
        List<String> tokens = flagTokens(source);
        List<String> flags = new ArrayList<>(List.of(LEGACY_ACTORS));
        String actorIdl = "";
        Map<String, String> aliases = new LinkedHashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            switch (tokens.get(i)) {
                case "-A" -> {
                    if (i + 1 < tokens.size()) {
                        flags.add("-A");
                        flags.add(tokens.get(++i));
                    }
                }
                case "--actor-idl" -> {
                    if (i + 1 < tokens.size()) {
                        actorIdl = tokens.get(++i);
                    }
                }
                case "--default-persistent-actors" -> flags.add("--default-persistent-actors");
                case "--actor-alias" -> {
                    if (i + 2 < tokens.size()) {
                        aliases.put(tokens.get(i + 1), tokens.get(i + 2));
                        i += 2;
                    }
                }
                default -> {
                    // unsupported flags make the test not runnable (unsupportedFlags)
                }
            }
        }
        Map<String, String> env = new LinkedHashMap<>();
        String environment = directive(source, "//MOC-ENV");
        if (!environment.isBlank()) {
            for (String assignment : environment.split("\\s+")) {
                int equals = assignment.indexOf('=');
                if (equals > 0) {
                    env.put(assignment.substring(0, equals), assignment.substring(equals + 1));
                }
            }
        }
        return new CompilerOptions(List.copyOf(flags), actorIdl, Map.copyOf(aliases), Map.copyOf(env), wantsForceGc);
    }

    private static List<String> flagTokens(String source) {
        String flags = directive(source, "//MOC-FLAG");
        return flags.isBlank() ? List.of() : List.of(flags.trim().split("\\s+"));
    }

    private static String directive(String source, String marker) {
        StringBuilder all = new StringBuilder();
        source.lines()
                .filter(line -> line.startsWith(marker))
                .forEach(line ->
                        all.append(' ').append(line.substring(marker.length()).trim()));
        return all.toString().trim();
    }
}
