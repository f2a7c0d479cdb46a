package io.diode.pocketic.embedded.engine;

import io.diode.pocketic.embedded.api.CallResult;
import io.diode.pocketic.embedded.api.IcInstance;
import io.diode.pocketic.embedded.management.TestCandid;
import io.diode.pocketic.embedded.management.TestManagement;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Optional;
import org.ic4j.types.Principal;

/**
 * What canister snapshots cost in the engine: take_canister_snapshot (replacing the previous one) and
 * load_canister_snapshot of the journal canister, each after one update, and a load that brings back the module
 * replaced by an upgrade. Arguments: {@code [rounds]}, default 200. Prints medians and p90 in microseconds.
 */
public final class CanisterSnapshotBenchmark {

    private CanisterSnapshotBenchmark() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        try (IcInstance ic = EmbeddedIc.create()) {
            Principal journal = TestIc.deploy(ic, "journal", TestIc.noArgs());
            byte[] snapshot = take(ic, journal, null);
            long[] takes = new long[rounds];
            long[] loads = new long[rounds];
            long[] upgradeLoads = new long[Math.max(1, rounds / 10)];
            for (int i = 0; i < rounds; i++) {
                ic.updateCall(TestIc.USER, journal, "inc", TestIc.noArgs());
                long start = System.nanoTime();
                snapshot = take(ic, journal, snapshot);
                takes[i] = System.nanoTime() - start;
                ic.updateCall(TestIc.USER, journal, "inc", TestIc.noArgs());
                start = System.nanoTime();
                load(ic, journal, snapshot);
                loads[i] = System.nanoTime() - start;
            }
            byte[] v1 = MotokoCanisters.wasm("journal");
            byte[] v2 = MotokoCanisters.wasm("journal-v2");
            for (int i = 0; i < upgradeLoads.length; i++) {
                TestIc.installCode(ic, TestIc.USER, journal, "upgrade", i % 2 == 0 ? v2 : v1, TestIc.noArgs());
                long start = System.nanoTime();
                load(ic, journal, snapshot);
                upgradeLoads[i] = System.nanoTime() - start;
            }
            TestCandid.Value status = TestCandid.firstArgument(
                    TestIc.reply(TestIc.management(ic, TestIc.USER, "canister_status", journal)));
            System.out.printf(
                    "journal canister: wasm memory %s bytes, stable memory %s bytes, snapshot %s bytes%n",
                    status.field("memory_metrics").field("wasm_memory_size").nat(),
                    status.field("memory_metrics").field("stable_memory_size").nat(),
                    status.field("memory_metrics").field("snapshots_size").nat());
            report("take_canister_snapshot (replace), after one update", takes);
            report("load_canister_snapshot, same module, after one update", loads);
            report("load_canister_snapshot after an upgrade (new instance)", upgradeLoads);
            System.out.printf(
                    "load average %.2f, %d processors%n",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    Runtime.getRuntime().availableProcessors());
        }
    }

    private static byte[] take(IcInstance ic, Principal canister, byte[] replace) {
        CallResult result = TestManagement.takeSnapshot(ic, TestIc.USER, canister, Optional.ofNullable(replace), false);
        return TestCandid.firstArgument(TestIc.reply(result)).field("id").blob();
    }

    private static void load(IcInstance ic, Principal canister, byte[] snapshot) {
        CallResult result = TestManagement.loadSnapshot(ic, TestIc.USER, canister, snapshot);
        if (!(result instanceof CallResult.Reply)) {
            throw new IllegalStateException("load failed: " + result);
        }
    }

    private static void report(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf(
                "%-58s median %8.1f µs, p90 %8.1f µs (%d runs)%n",
                what, sorted[sorted.length / 2] / 1e3, sorted[(int) (sorted.length * 0.9)] / 1e3, sorted.length);
    }
}
