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
 * one installed Motoko canister, per MiB of live Motoko heap, and the time to roll back a message that allocated
 * and trapped, once growing the Wasm memory and once within it, and the time of upgrades that keep that heap (wall clock and the process's CPU time, which a
 * loaded machine distorts less). Figures, not assertions; see {@code docs/benchmarks.md}.
 *
 * <p>Arguments {@code [instances] [heap MiB] [trap MiB]}, defaults 10, 64, 32 (at least 2 instances).
 */
public final class MemoryBenchmark {

    private MemoryBenchmark() {}

    public static void main(String[] args) throws Exception {
        int instances = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int heapMib = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int trapMib = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        System.out.printf(
                "load average %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
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
        System.out.printf(
                "RSS with %d more instances, one stress canister each: %,d KiB, %,d KiB per instance%n",
                instances, withInstances, (withInstances - base) / instances);

        long usedBefore = heapUsedKib();
        long committedBefore = heapCommittedKib();
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
        System.out.printf(
                "RSS after %d MiB of live Motoko heap in one canister: %,d KiB, %.2f KiB of RSS per KiB of"
                        + " heap (Wasm memory now %,d bytes)%n",
                heapMib, withHeap, (withHeap - withInstances) / (heapMib * 1024.0), wasmMemory(ic, canister));
        System.out.printf(
                "  of which Java heap: %,d KiB used, %,d KiB committed (%,d KiB used, %,d KiB committed"
                        + " before the heap grew); the rest is native (GraalWasm's memories, code, threads)%n",
                heapUsedKib(), heapCommittedKib(), usedBefore, committedBefore);

        // upgrades that keep that heap: the new instance takes the old one's memory over (no copy)
        for (int i = 1; i <= 5; i++) {
            Phase upgrade = Phase.start();
            CallResult upgraded = TestIc.installCode(ic, USER, canister, "upgrade", wasm, noArgs());
            if (!(upgraded instanceof CallResult.Reply)) {
                throw new IllegalStateException("upgrade failed: " + upgraded);
            }
            System.out.printf("upgrade %d keeping the %d MiB heap: %s%n", i, heapMib, upgrade.end());
        }

        // a trap in a message that grew the Wasm memory: a canister fresh from install has no room for the allocation
        IcInstance fresh = open.get(1);
        Principal small = canisters.get(1);
        timedTrap("grew the Wasm memory", fresh, small, trapMib);
        Phase again = Phase.start();
        fresh.updateCall(USER, small, "allocate", candid(BigInteger.valueOf(trapMib)));
        System.out.printf(
                "  the same allocation without a trap: %s; Wasm memory then %,d bytes%n",
                again.end(), wasmMemory(fresh, small));
        // and in a message that found room in the memory it had (the canister holding the heap above)
        timedTrap("within the Wasm memory", ic, canister, trapMib);
        Phase plain = Phase.start();
        ic.updateCall(USER, canister, "allocate", candid(BigInteger.valueOf(trapMib)));
        System.out.printf("  the same allocation without a trap: %s%n", plain.end());
        for (IcInstance each : open) {
            each.close();
        }
        System.out.printf(
                "load average %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
    }

    /** Calls {@code allocateThenTrap(mib)} and the next update, printing wall-clock and process CPU time of each. */
    private static void timedTrap(String what, IcInstance ic, Principal canister, int mib) {
        BigInteger before = wasmMemory(ic, canister);
        Phase trap = Phase.start();
        CallResult trapped = ic.updateCall(USER, canister, "allocateThenTrap", candid(BigInteger.valueOf(mib)));
        String trapTime = trap.end();
        BigInteger after = wasmMemory(ic, canister);
        Phase next = Phase.start();
        ic.updateCall(USER, canister, "allocate", candid(BigInteger.ZERO));
        System.out.printf(
                "allocate %d MiB then trap, %s (Wasm memory %,d bytes before, %,d after; %s): %s;"
                        + " next update %s%n",
                mib, what, before, after, trapped.getClass().getSimpleName(), trapTime, next.end());
    }

    /** Wall-clock and process CPU time (all threads: canister code, JIT compiler, GC) of a phase. */
    private record Phase(long wallStart, long cpuStart) {
        static Phase start() {
            return new Phase(System.nanoTime(), processCpuNanos());
        }

        String end() {
            return String.format(
                    "%.0f ms wall, %.0f ms CPU",
                    (System.nanoTime() - wallStart) / 1e6, (processCpuNanos() - cpuStart) / 1e6);
        }

        private static long processCpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean)
                            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }
    }

    private static BigInteger wasmMemory(IcInstance ic, Principal canister) {
        byte[] status = TestIc.reply(TestIc.management(ic, USER, "canister_status", canister));
        return TestCandid.firstArgument(status)
                .field("memory_metrics")
                .field("wasm_memory_size")
                .nat();
    }

    private static void settle() throws InterruptedException {
        System.gc();
        Thread.sleep(500);
        System.gc();
    }

    private static long heapUsedKib() {
        return java.lang.management.ManagementFactory.getMemoryMXBean()
                        .getHeapMemoryUsage()
                        .getUsed()
                / 1024;
    }

    private static long heapCommittedKib() {
        return java.lang.management.ManagementFactory.getMemoryMXBean()
                        .getHeapMemoryUsage()
                        .getCommitted()
                / 1024;
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
