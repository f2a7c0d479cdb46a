package io.diode.pocketic.embedded.conformance;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.diode.pocketic.embedded.conformance.RunDrunComparison.Verdict;
import io.diode.pocketic.embedded.wasm.WasmModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Replays Motoko's own drun test suite ({@code test/run-drun} of the dfinity/motoko repository) against the embedded
 * engine and writes a table: each test exact, text-only (same outcomes and error codes, other message texts) or
 * failing, with the reason. Not part of the build: it needs a checkout of the Motoko tests, given by path. See the
 * engine README ("Conformance replay") for how to run it.
 *
 * <p>Arguments: {@code <run-drun folder> [report.md] [test name ...]}. Compiled modules are cached under
 * {@code target/run-drun/wasm} (delete the folder after changing the checkout), what each test printed is written
 * to {@code target/run-drun/out/<name>.out}; known causes of the remaining
 * differences are read from {@code src/test/resources/run-drun/known-differences.tsv}.
 */
public final class RunDrunReplay {

    private static final Path WASM_CACHE = Path.of("target/run-drun/wasm");
    /** Module id of a test → its cache key ({@link ModuleCacheKey}): the name of its file in {@link #WASM_CACHE}. */
    private static final Map<String, String> MODULE_KEYS = new HashMap<>();
    /** What each replay printed, to diff against {@code ok/<name>.drun-run.ok}. */
    private static final Path ACTUAL_OUTPUT = Path.of("target/run-drun/out");

    private static final Path KNOWN_DIFFERENCES = Path.of("src/test/resources/run-drun/known-differences.tsv");
    private static final Path COMPILER = Path.of("src/test/resources/run-drun/compile.js");
    /** A fixed start time, so runs are reproducible; the recorded outputs print no absolute times. */
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private RunDrunReplay() {}

    record Row(RunDrunTest test, Verdict verdict, String reason, RunDrunSession.Timing slowest, int slowCalls) {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: RunDrunReplay <motoko checkout>/test/run-drun [report.md] [test name ...]\n"
                    + "  export the folder from a bare mirror with: git -C <mirror> archive HEAD test/run-drun "
                    + "| tar -x -C /tmp/motoko");
            System.exit(2);
        }
        Path runDrun = Path.of(args[0]);
        if (!Files.isDirectory(runDrun.resolve("ok"))) {
            System.err.println(runDrun + " is not Motoko's test/run-drun folder (it has no ok/ folder)");
            System.exit(2);
        }
        Path report = args.length > 1 ? Path.of(args[1]) : Path.of("target/run-drun/report.md");
        List<String> only = args.length > 2 ? List.of(args).subList(2, args.length) : List.of();

        List<RunDrunTest> tests = RunDrunTest.discover(runDrun).stream()
                .filter(test -> only.isEmpty() || only.contains(test.name()))
                .toList();
        Map<String, String> known = knownDifferences();
        // the .drun scripts first, then the .mo tests, and last those known to be heavy (hundreds of millions to
        // billions of instructions: minutes each on a loaded machine): a run cut short by the compiler's pace (about 3
        // s a module on a quiet
        // machine, ten times that on a loaded one) still reports most tests
        tests = tests.stream()
                .sorted(java.util.Comparator.comparing((RunDrunTest test) ->
                                known.getOrDefault(test.name(), "").contains("replayed last"))
                        .thenComparing(test -> !test.expected().toString().endsWith(".drun.ok"))
                        .thenComparing(RunDrunTest::name))
                .toList();
        // tests replay as soon as their modules are compiled, while the compiler works on the next ones
        List<Process> compilers = compileMissing(
                runDrun, tests.stream().filter(RunDrunTest::runnable).toList());

        // every replayed command's wall-clock time, one line each: test, index, command, milliseconds
        Path timings = report.resolveSibling(report.getFileName().toString().replaceAll("\\.md$", "") + "-timings.tsv");
        Files.deleteIfExists(timings);
        List<Row> rows = new ArrayList<>();
        for (RunDrunTest test : tests) {
            if (!test.runnable()) {
                continue;
            }
            Row row = replay(test, known, compilers, timings);
            rows.add(row);
            System.out.printf(
                    "%-45s %-9s %6d ms  %s%n",
                    test.name(),
                    row.verdict(),
                    TimeUnit.NANOSECONDS.toMillis(row.slowest().nanos()),
                    row.reason());
            writeReport(report, tests, rows); // after each test, so an interrupted run still reports
        }
        writeReport(report, tests, rows);
        Map<Verdict, Integer> counts = counts(rows);
        System.out.printf(
                "%d tests with drun output, %d runnable: %d exact, %d text-only, %d failing; report: %s%n",
                tests.size(),
                rows.size(),
                counts.get(Verdict.EXACT),
                counts.get(Verdict.TEXT_ONLY),
                counts.get(Verdict.FAILING),
                report);
        System.exit(0); // GraalWasm's engine threads would keep the JVM alive
    }

    private static Row replay(RunDrunTest test, Map<String, String> known, List<Process> compilers, Path timings) {
        List<String> expected;
        try {
            expected = Files.readAllLines(test.expected(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String module : test.modules().keySet()) {
            awaitCompiled(module, compilers);
            Path error = cachedError(module);
            if (Files.exists(error)) {
                return new Row(
                        test,
                        Verdict.FAILING,
                        "moc.js cannot compile " + test.modules().get(module) + ": " + firstLine(read(error)),
                        new RunDrunSession.Timing("", 0, 0),
                        0);
            }
        }
        List<String> actual;
        RunDrunSession.Timing slowest;
        int slowCalls;
        try (RunDrunSession session = new RunDrunSession(RunDrunReplay::module, START, test.subnetKind())) {
            try {
                session.run(test.script());
            } catch (RuntimeException crash) {
                session.output().add("(replay crashed: " + crash + ")");
            }
            actual = session.output();
            slowest = session.slowest();
            slowCalls = (int) session.timings().stream()
                    .filter(t -> t.nanos() > 1_000_000_000L)
                    .count();
            recordTimings(timings, test.name(), session.timings());
        }
        try {
            Files.createDirectories(ACTUAL_OUTPUT);
            Files.write(ACTUAL_OUTPUT.resolve(test.name() + ".out"), actual, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RunDrunComparison.Result result = RunDrunComparison.compare(expected, actual);
        String reason = result.firstDifference();
        if (result.verdict() != Verdict.EXACT && known.containsKey(test.name())) {
            reason = known.get(test.name()) + " — " + reason;
        }
        return new Row(test, result.verdict(), reason, slowest, slowCalls);
    }

    private static byte[] module(String id) {
        Path file = WASM_CACHE.resolve(MODULE_KEYS.get(id) + ".wasm");
        try {
            // the compiler may still be writing a module it has just finished: read until it parses
            for (int attempt = 0; ; attempt++) {
                byte[] wasm = Files.readAllBytes(file);
                try {
                    WasmModule.parse(wasm);
                    return wasm;
                } catch (RuntimeException partial) {
                    if (attempt == 50) {
                        throw partial;
                    }
                    Thread.sleep(200);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("no compiled module " + id, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the compiler has written the module or its error; fails if no compiler is left to write it. */
    private static void awaitCompiled(String id, List<Process> compilers) {
        Path wasm = WASM_CACHE.resolve(MODULE_KEYS.get(id) + ".wasm");
        while (!Files.exists(wasm) && !Files.exists(cachedError(id))) {
            if (compilers.stream().noneMatch(Process::isAlive)) {
                if (Files.exists(wasm) || Files.exists(cachedError(id))) {
                    return;
                }
                throw new IllegalStateException("the compiler processes ended without compiling " + id + " (exit codes "
                        + compilers.stream().map(Process::exitValue).toList() + ")");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static Path cachedError(String id) {
        return WASM_CACHE.resolve(MODULE_KEYS.get(id) + ".error");
    }

    /**
     * Compiles every module of the tests that has neither a cached module nor a cached error, in up to
     * {@code -Drundrun.compilers} node processes (default 2, the build machine's cores).
     */
    private static List<Process> compileMissing(Path runDrun, List<RunDrunTest> tests) throws IOException {
        Files.createDirectories(WASM_CACHE);
        // jobs by the environment their node process needs (a //MOC-ENV is read when the compiler starts)
        Map<Map<String, String>, List<Map<String, Object>>> jobsByEnv = new LinkedHashMap<>();
        int count = 0;
        for (RunDrunTest test : tests) {
            for (Map.Entry<String, String> module : test.modules().entrySet()) {
                RunDrunTest.CompilerOptions options = test.options().get(module.getKey());
                String key = ModuleCacheKey.of(runDrun, module.getValue(), options);
                boolean queued = MODULE_KEYS.containsValue(key);
                MODULE_KEYS.put(module.getKey(), key);
                if (!queued
                        && !Files.exists(WASM_CACHE.resolve(key + ".wasm"))
                        && !Files.exists(WASM_CACHE.resolve(key + ".error"))) {
                    Map<String, Object> job = new LinkedHashMap<>();
                    job.put("id", key);
                    job.put("name", module.getKey());
                    job.put("file", module.getValue());
                    job.put("flags", options.flags());
                    job.put("actorIdl", options.actorIdl());
                    job.put("aliases", options.aliases());
                    jobsByEnv
                            .computeIfAbsent(options.env(), env -> new ArrayList<>())
                            .add(job);
                    count++;
                }
            }
        }
        if (count == 0) {
            return List.of();
        }
        int processes = Math.max(1, Integer.getInteger("rundrun.compilers", 2));
        System.out.println("compiling " + count + " modules with moc.js in up to " + processes
                + " node processes (about 3 s each on a quiet machine)…");
        Path modules = Path.of(System.getProperty("user.home"), ".cache", "diode", "motoko", "4.10.0", "node_modules");
        if (!Files.exists(modules.resolve("motoko/package.json"))) {
            throw new IllegalStateException("the npm Motoko compiler is not installed in " + modules
                    + ": run any engine integration test once (MotokoCanisters installs it)");
        }
        List<Process> running = new ArrayList<>();
        int jobFile = 0;
        for (Map.Entry<Map<String, String>, List<Map<String, Object>>> group : jobsByEnv.entrySet()) {
            List<Map<String, Object>> jobs = group.getValue();
            int share = Math.min(processes, jobs.size());
            for (int p = 0; p < share; p++) {
                List<Map<String, Object>> mine = new ArrayList<>();
                for (int j = p; j < jobs.size(); j += share) {
                    mine.add(jobs.get(j));
                }
                Path jobsFile = WASM_CACHE.resolveSibling("jobs-" + jobFile++ + ".json");
                new ObjectMapper().writeValue(jobsFile.toFile(), mine);
                ProcessBuilder builder = new ProcessBuilder(
                                "node",
                                COMPILER.toString(),
                                runDrun.toString(),
                                jobsFile.toString(),
                                WASM_CACHE.toString())
                        .inheritIO();
                builder.environment().put("NODE_PATH", modules.toString());
                builder.environment().putAll(group.getKey());
                running.add(builder.start());
            }
        }
        return running;
    }

    /** Appends every command's time to {@code file} (test, index, command, ms, instructions counted), for the slow-call profile. */
    private static void recordTimings(Path file, String test, List<RunDrunSession.Timing> timings) {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < timings.size(); i++) {
            RunDrunSession.Timing timing = timings.get(i);
            lines.append(test)
                    .append('\t')
                    .append(i + 1)
                    .append('\t')
                    .append(timing.command())
                    .append('\t')
                    .append(TimeUnit.NANOSECONDS.toMillis(timing.nanos()))
                    .append('\t')
                    .append(timing.instructions())
                    .append('\n');
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(
                    file,
                    lines,
                    StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> knownDifferences() throws IOException {
        Map<String, String> known = new LinkedHashMap<>();
        if (Files.exists(KNOWN_DIFFERENCES)) {
            for (String line : Files.readAllLines(KNOWN_DIFFERENCES, StandardCharsets.UTF_8)) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] parts = line.split("\t", 2);
                    known.put(parts[0], parts.length > 1 ? parts[1] : "");
                }
            }
        }
        return known;
    }

    private static Map<Verdict, Integer> counts(List<Row> rows) {
        Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
        for (Verdict verdict : Verdict.values()) {
            counts.put(verdict, 0);
        }
        rows.forEach(row -> counts.merge(row.verdict(), 1, Integer::sum));
        return counts;
    }

    private static void writeReport(Path report, List<RunDrunTest> tests, List<Row> rows) throws IOException {
        Map<Verdict, Integer> counts = counts(rows);
        StringBuilder out = new StringBuilder();
        out.append("# run-drun replay, ").append(LocalDate.now()).append("\n\n");
        out.append(tests.size())
                .append(" tests with drun output; ")
                .append(rows.size())
                .append(" runnable with moc.js: ")
                .append(counts.get(Verdict.EXACT))
                .append(" exact, ")
                .append(counts.get(Verdict.TEXT_ONLY))
                .append(" text-only, ")
                .append(counts.get(Verdict.FAILING))
                .append(" failing.\n\n");
        out.append("| test | result | slowest command | calls > 1 s | reason |\n|---|---|---|---|---|\n");
        for (Row row : rows) {
            out.append("| ")
                    .append(row.test().name())
                    .append(" | ")
                    .append(row.verdict().name().toLowerCase())
                    .append(" | ")
                    .append(TimeUnit.NANOSECONDS.toMillis(row.slowest().nanos()))
                    .append(" ms ")
                    .append(row.slowest().command())
                    .append(" (")
                    .append(String.format(
                            java.util.Locale.ROOT, "%,d", row.slowest().instructions()))
                    .append(" instructions)")
                    .append(" | ")
                    .append(row.slowCalls())
                    .append(" | ")
                    .append(row.reason())
                    .append(" |\n");
        }
        out.append("\n## Not runnable with moc.js\n\n| test | reason |\n|---|---|\n");
        for (RunDrunTest test : tests) {
            test.skipReason()
                    .ifPresent(reason -> out.append("| ")
                            .append(test.name())
                            .append(" | ")
                            .append(reason)
                            .append(" |\n"));
        }
        Files.createDirectories(report.toAbsolutePath().getParent());
        Files.writeString(report, out.toString(), StandardCharsets.UTF_8);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String firstLine(String text) {
        String line = text.lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
