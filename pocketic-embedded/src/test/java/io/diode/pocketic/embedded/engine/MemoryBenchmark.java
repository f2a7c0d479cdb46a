package io.diode.pocketic.embedded.engine;

import static io.diode.pocketic.embedded.engine.TestIc.USER;
import static io.diode.pocketic.embedded.engine.TestIc.candid;
import static io.diode.pocketic.embedded.engine.TestIc.noArgs;

import io.diode.pocketic.embedded.api.CallResult;
import io.diode.pocketic.embedded.api.IcInstance;
import io.diode.pocketic.embedded.management.TestCandid;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ic4j.types.Principal;

/**
 * Prints what memory costs the process: resident set size (RSS, from {@code /proc/self/status}) per instance with
 * one installed Motoko canister, per MiB of live Motoko heap, and the time to roll back a message that grew the
 * heap and trapped. Figures, not assertions; see {@code docs/benchmarks.md}.
 *
 * <p>Arguments {@code [instances] [heap MiB] [trap MiB]}, defaults 10, 64, 32.
 */
public final class MemoryBenchmark {

    private MemoryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int instances = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int heapMib = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int trapMib = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        System.out.printf("load average %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
        byte[] wasm = MotokoCanisters.wasm("stress");
        try (IcInstance warm = EmbeddedIc.create()) {
            TestIc.deploy(warm, "stress", noArgs()); // compiles the module once, as every later install reuses it
        }
        settle();
        long base = rssKib();
        System.out.printf("RSS after one install (module compiled): %,d KiB%n", base);

        List<IcInstance> open = new ArrayList<>();
        List<Principal> canisters = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            IcInstance ic = EmbeddedIc.create();
            open.add(ic);
            canisters.add(TestIc.deploy(ic, "stress", noArgs()));
        }
        settle();
        long withInstances = rssKib();
        System.out.printf("RSS with %d more instances, one stress canister each: %,d KiB, %,d KiB per instance%n",
                instances, withInstances, (withInstances - base) / instances);

        IcInstance ic = open.get(0);
        Principal canister = canisters.get(0);
        int kept = 0;
        while (kept < heapMib) {
            int step = Math.min(8, heapMib - kept);
            CallResult result = ic.updateCall(USER, canister, "allocate", candid(BigInteger.valueOf(step)));
            if (!(result instanceof CallResult.Reply)) {
                throw new IllegalStateException("allocate failed: " + result);
            }
            kept += step;
        }
        settle();
        long withHeap = rssKib();
        System.out.printf("RSS after %d MiB of live Motoko heap in one canister: %,d KiB, %.2f KiB of RSS per KiB of"
                + " heap (Wasm memory now %,d bytes)%n", heapMib, withHeap,
                (withHeap - withInstances) / (heapMib * 1024.0), wasmMemory(ic, canister));

        long start = System.nanoTime();
        CallResult trapped = ic.updateCall(USER, canister, "allocateThenTrap", candid(BigInteger.valueOf(trapMib)));
        long trapNanos = System.nanoTime() - start;
        start = System.nanoTime();
        ic.updateCall(USER, canister, "allocate", candid(BigInteger.ZERO));
        long after = System.nanoTime() - start;
        System.out.printf("allocate %d MiB then trap (growth + rollback): %.1f ms (%s); next update %.1f ms%n",
                trapMib, trapNanos / 1e6, trapped.getClass().getSimpleName(), after / 1e6);
        start = System.nanoTime();
        ic.updateCall(USER, canister, "allocate", candid(BigInteger.valueOf(trapMib)));
        System.out.printf("allocate %d MiB, no trap: %.1f ms%n", trapMib, (System.nanoTime() - start) / 1e6);
        for (IcInstance each : open) {
            each.close();
        }
        System.out.printf("load average %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
    }

    private static BigInteger wasmMemory(IcInstance ic, Principal canister) {
        byte[] status = TestIc.reply(TestIc.management(ic, USER, "canister_status", canister));
        return TestCandid.firstArgument(status).field("memory_metrics")
                .field("wasm_memory_size").nat();
    }

    private static void settle() throws InterruptedException {
        System.gc();
        Thread.sleep(500);
        System.gc();
    }

    private static long rssKib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
