package io.diode.pocketic.embedded.conformance;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.diode.pocketic.embedded.conformance.RunDrunComparison.Verdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
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
    /** What each replay printed, to diff against {@code ok/<name>.drun-run.ok}. */
    private static final Path ACTUAL_OUTPUT = Path.of("target/run-drun/out");
    private static final Path KNOWN_DIFFERENCES = Path.of("src/test/resources/run-drun/known-differences.tsv");
    private static final Path COMPILER = Path.of("src/test/resources/run-drun/compile.js");
    /** A fixed start time, so runs are reproducible; the recorded outputs print no absolute times. */
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private RunDrunReplay() {
    }

    record Row(RunDrunTest test, Verdict verdict, String reason, long slowestMillis, String slowestCommand,
               int slowCalls) {
    }

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
                .filter(test -> only.isEmpty() || only.contains(test.name())).toList();
        compileMissing(runDrun, tests.stream().filter(RunDrunTest::runnable).toList());
        Map<String, String> known = knownDifferences();

        List<Row> rows = new ArrayList<>();
        for (RunDrunTest test : tests) {
            if (!test.runnable()) {
                continue;
            }
            Row row = replay(test, known);
            rows.add(row);
            System.out.printf("%-45s %-9s %6d ms  %s%n", test.name(), row.verdict(), row.slowestMillis(),
                    row.reason());
        }
        writeReport(report, tests, rows);
        Map<Verdict, Integer> counts = counts(rows);
        System.out.printf("%d tests with drun output, %d runnable: %d exact, %d text-only, %d failing; report: %s%n",
                tests.size(), rows.size(), counts.get(Verdict.EXACT), counts.get(Verdict.TEXT_ONLY),
                counts.get(Verdict.FAILING), report);
        System.exit(0); // GraalWasm's engine threads would keep the JVM alive
    }

    private static Row replay(RunDrunTest test, Map<String, String> known) {
        List<String> expected;
        try {
            expected = Files.readAllLines(test.expected(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String module : test.modules().keySet()) {
            Path error = WASM_CACHE.resolve(module + ".error");
            if (Files.exists(error)) {
                return new Row(test, Verdict.FAILING, "moc.js cannot compile " + test.modules().get(module) + ": "
                        + firstLine(read(error)), 0, "", 0);
            }
        }
        List<String> actual;
        long slowest;
        String slowestCommand;
        int slowCalls;
        try (RunDrunSession session = new RunDrunSession(RunDrunReplay::module, START, test.subnetKind())) {
            try {
                session.run(test.script());
            } catch (RuntimeException crash) {
                session.output().add("(replay crashed: " + crash + ")");
            }
            actual = session.output();
            slowest = TimeUnit.NANOSECONDS.toMillis(session.slowestNanos());
            slowestCommand = session.slowestCommand();
            slowCalls = session.slowCalls().size();
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
        return new Row(test, result.verdict(), reason, slowest, slowestCommand, slowCalls);
    }

    private static byte[] module(String id) {
        try {
            return Files.readAllBytes(WASM_CACHE.resolve(id + ".wasm"));
        } catch (IOException e) {
            throw new UncheckedIOException("no compiled module " + id, e);
        }
    }

    /** Compiles, in one node run, every module of the tests that has neither a cached module nor a cached error. */
    private static void compileMissing(Path runDrun, List<RunDrunTest> tests) throws IOException, InterruptedException {
        Files.createDirectories(WASM_CACHE);
        List<Map<String, Object>> jobs = new ArrayList<>();
        for (RunDrunTest test : tests) {
            test.modules().forEach((id, file) -> {
                if (!Files.exists(WASM_CACHE.resolve(id + ".wasm")) && !Files.exists(WASM_CACHE.resolve(id + ".error"))) {
                    Map<String, Object> job = new LinkedHashMap<>();
                    job.put("id", id);
                    job.put("file", file);
                    job.put("flags", test.flags().getOrDefault(id, List.of()));
                    jobs.add(job);
                }
            });
        }
        if (jobs.isEmpty()) {
            return;
        }
        System.out.println("compiling " + jobs.size() + " modules with moc.js (about 3 s each)…");
        Path jobsFile = WASM_CACHE.resolveSibling("jobs.json");
        new ObjectMapper().writeValue(jobsFile.toFile(), jobs);
        Path modules = Path.of(System.getProperty("user.home"), ".cache", "diode", "motoko", "4.10.0", "node_modules");
        if (!Files.exists(modules.resolve("motoko/package.json"))) {
            throw new IllegalStateException("the npm Motoko compiler is not installed in " + modules
                    + ": run any engine integration test once (MotokoCanisters installs it)");
        }
        ProcessBuilder builder = new ProcessBuilder("node", COMPILER.toString(), runDrun.toString(),
                jobsFile.toString(), WASM_CACHE.toString()).inheritIO();
        builder.environment().put("NODE_PATH", modules.toString());
        int exit = builder.start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("compiling the run-drun tests failed (node exit " + exit + ")");
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
        out.append(tests.size()).append(" tests with drun output; ").append(rows.size()).append(" runnable with moc.js: ")
                .append(counts.get(Verdict.EXACT)).append(" exact, ").append(counts.get(Verdict.TEXT_ONLY))
                .append(" text-only, ").append(counts.get(Verdict.FAILING)).append(" failing.\n\n");
        out.append("| test | result | slowest command | calls > 1 s | reason |\n|---|---|---|---|---|\n");
        for (Row row : rows) {
            out.append("| ").append(row.test().name()).append(" | ").append(row.verdict().name().toLowerCase())
                    .append(" | ").append(row.slowestMillis()).append(" ms ").append(row.slowestCommand())
                    .append(" | ").append(row.slowCalls()).append(" | ").append(row.reason()).append(" |\n");
        }
        out.append("\n## Not runnable with moc.js\n\n| test | reason |\n|---|---|\n");
        for (RunDrunTest test : tests) {
            test.skipReason().ifPresent(reason -> out.append("| ").append(test.name()).append(" | ")
                    .append(reason).append(" |\n"));
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
