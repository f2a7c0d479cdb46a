package io.diode.pocketic.embedded.engine;

import static io.diode.pocketic.embedded.engine.TestIc.USER;
import static io.diode.pocketic.embedded.engine.TestIc.candid;
import static io.diode.pocketic.embedded.engine.TestIc.noArgs;

import io.diode.pocketic.embedded.api.CallResult;
import io.diode.pocketic.embedded.api.IcInstance;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ic4j.types.Principal;

/**
 * Prints the engine's speed on the real Motoko counter: install (create + instantiate + canister_init),
 * update and query latency, update throughput, and memory per canister. Figures, not assertions: see the
 * module README for the command and the last results.
 */
public final class EngineBenchmark {

    private EngineBenchmark() {
    }

    public static void main(String[] args) {
        int updates = args.length > 0 ? Integer.parseInt(args[0]) : 3_000;
        byte[] wasm = MotokoCanisters.wasm("counter");
        byte[] init = candid(BigInteger.ZERO);
        try (IcInstance ic = EmbeddedIc.create()) {
            long[] installs = new long[25];
            for (int i = 0; i < installs.length; i++) {
                long start = System.nanoTime();
                Principal canister = TestIc.createCanister(ic, USER, BigInteger.TEN.pow(14));
                CallResult installed = TestIc.installCode(ic, USER, canister, "install", wasm, init);
                installs[i] = System.nanoTime() - start;
                if (!(installed instanceof CallResult.Reply)) {
                    throw new IllegalStateException("install failed: " + installed);
                }
            }
            print("create + install (canister_init), after 5 warm-up", Arrays.copyOfRange(installs, 5, installs.length));

            Principal counter = ic.canisters().get(0);
            byte[] noArgs = noArgs();
            for (int i = 0; i < 500; i++) {
                ic.updateCall(USER, counter, "inc", noArgs);
            }
            long[] updateTimes = new long[updates];
            long started = System.nanoTime();
            for (int i = 0; i < updates; i++) {
                long start = System.nanoTime();
                ic.updateCall(USER, counter, "inc", noArgs);
                updateTimes[i] = System.nanoTime() - start;
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            print("update call inc (submit + await)", updateTimes);
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
            Canister sample = ((EmbeddedIc) ic).subnetForBenchmark().canister(counter);
            System.out.printf("memory per canister: Wasm memory %d KiB; Java heap %+d KiB (20 canisters, off-heap"
                    + " Wasm memory not included)%n", sample.sandbox.memorySize() / 1024,
                    (heapAfter - heapBefore) / 20 / 1024);
        }
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static void print(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("%s: median %.1f µs, p90 %.1f µs, min %.1f µs (n=%d)%n", what,
                sorted[sorted.length / 2] / 1e3, sorted[sorted.length * 9 / 10] / 1e3, sorted[0] / 1e3, sorted.length);
    }
}
