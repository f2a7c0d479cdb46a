package io.diode.pocketic.embedded.wasm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Measures the WASM layer on a real moc canister and prints the figures recorded in the module README.
 *
 * <pre>
 * scripts/with-jdk ./mvnw -B -q -ntp -pl pocketic-embedded test-compile exec:java \
 *     -Dexec.mainClass=io.diode.pocketic.embedded.wasm.WasmRuntimeBenchmark -Dexec.classpathScope=test
 * </pre>
 */
public final class WasmRuntimeBenchmark {

    private WasmRuntimeBenchmark() {}

    /**
     * Where an install's time goes: a new instance, the start function, canister_init, the first snapshot. With
     * {@code -DkeepInstances=true} every instance stays alive until the end, as installed canisters do in the engine
     * (the costs grow with the number of live instances; see the module README).
     */
    private static void installPhases(
            WasmRuntime runtime, CompiledModule compiled, TestSystemApi api, HostImports imports, int rounds) {
        long[][] phases = new long[4][rounds];
        List<WasmInstance> kept = new ArrayList<>();
        boolean keep = Boolean.getBoolean("keepInstances");
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            WasmInstance instance = runtime.instantiateDeferringStart(compiled, imports);
            long t1 = System.nanoTime();
            long pagesBefore = instance.memory().pages();
            instance.runStart();
            long t2 = System.nanoTime();
            if (i == 0) {
                System.out.printf(
                        "%-45s %10d -> %d pages%n",
                        "memory grown by the start function",
                        pagesBefore,
                        instance.memory().pages());
            }
            api.newMessage(TestSystemApi.candidEmpty());
            instance.invoke("canister_init");
            long t3 = System.nanoTime();
            instance.snapshot();
            long t4 = System.nanoTime();
            phases[0][i] = t1 - t0;
            phases[1][i] = t2 - t1;
            phases[2][i] = t3 - t2;
            phases[3][i] = t4 - t3;
            if (keep) {
                kept.add(instance);
            } else {
                instance.close();
            }
        }
        kept.forEach(WasmInstance::close);
        String[] names = {
            "install phase: new instance (no start)",
            "install phase: start function",
            "install phase: canister_init",
            "install phase: first snapshot"
        };
        for (int phase = 0; phase < phases.length; phase++) {
            // the second half: after warm-up
            long[] warm = Arrays.copyOfRange(phases[phase], rounds / 2, rounds);
            Arrays.sort(warm);
            System.out.printf(
                    "%-45s %10.1f µs median of the last %d (min %.1f)%n",
                    names[phase], warm[warm.length / 2] / 1e3, warm.length, warm[0] / 1e3);
        }
    }

    public static void main(String[] args) {
        byte[] wasm = MotokoCanisterIT.resource("/wasm/counter.wasm");
        System.out.printf("module: counter.wasm, %d bytes (moc 4.10.0, memory64 + table64)%n", wasm.length);

        report(
                "parse (WasmModule.parse)",
                200,
                () -> timed(() -> WasmModule.parse(wasm).size()));
        WasmModule module = WasmModule.parse(wasm);
        report("table64 lowering", 200, () -> timed(() -> Table64Lowering.lower(module).length));
        report(
                "state-access exports",
                200,
                () -> timed(() ->
                        StateAccessExports.add(Table64Lowering.lower(module)).bytes().length));

        long start = System.nanoTime();
        try (WasmRuntime runtime = new WasmRuntime()) {
            System.out.printf("%-45s %10.1f ms%n", "runtime (engine) creation", (System.nanoTime() - start) / 1e6);
            start = System.nanoTime();
            CompiledModule compiled = runtime.compile(module);
            System.out.printf(
                    "%-45s %10.1f ms%n", "first compile (lower + GraalWasm parse)", (System.nanoTime() - start) / 1e6);

            TestSystemApi api = new TestSystemApi();
            HostImports imports = api.imports(module);
            report("instantiate (+ start function)", 30, () -> {
                long t = System.nanoTime();
                runtime.instantiate(compiled, imports).close();
                return System.nanoTime() - t;
            });
            installPhases(runtime, compiled, api, imports, args.length > 0 ? Integer.parseInt(args[0]) : 30);
            report("instantiate + canister_init", 30, () -> {
                long t = System.nanoTime();
                try (WasmInstance instance = runtime.instantiate(compiled, imports)) {
                    api.newMessage(TestSystemApi.candidEmpty());
                    instance.invoke("canister_init");
                }
                return System.nanoTime() - t;
            });

            try (WasmInstance instance = runtime.instantiate(compiled, imports)) {
                api.newMessage(TestSystemApi.candidEmpty());
                instance.invoke("canister_init");
                System.out.printf(
                        "%-45s %10d bytes (%d pages)%n",
                        "memory size after init",
                        instance.memory().size(),
                        instance.memory().pages());
                byte[] noArgs = TestSystemApi.candidEmpty();
                report("update 'inc' (no snapshot)", 20_000, () -> {
                    api.newMessage(noArgs);
                    return timed(() -> instance.invoke("canister_update inc"));
                });
                // a query's changes must always be rolled back (moc's runtime refuses the next message otherwise)
                report("snapshot + query 'get' + restore", 500, () -> {
                    api.newMessage(noArgs);
                    return timed(() -> {
                        WasmInstance.Snapshot beforeQuery = instance.snapshot();
                        instance.invoke("canister_query get");
                        instance.restore(beforeQuery);
                        return 0;
                    });
                });
                api.hostCalls = 0;
                api.newMessage(noArgs);
                instance.invoke("canister_update inc");
                System.out.printf("%-45s %10d%n", "host calls per 'inc'", api.hostCalls);
                report("snapshot", 200, () -> timed(() -> instance.snapshot().memorySize()));
                WasmInstance.Snapshot reused = instance.snapshot();
                api.newMessage(noArgs);
                instance.invoke("canister_update inc");
                System.out.printf(
                        "%-45s %10d bytes%n", "memory written by one 'inc' (dirty pages)", instance.dirtyBytes());
                byte[] before = reused.memoryBytes().clone();
                byte[] after = instance.memory().read(0, before.length);
                int differingWords = 0;
                for (int i = 0; i + 8 <= before.length; i += 8) {
                    if (!java.util.Arrays.equals(before, i, i + 8, after, i, i + 8)) {
                        differingWords++;
                    }
                }
                System.out.printf("%-45s %10d%n", "8-byte words changed by one 'inc'", differingWords);
                report(
                        "snapshot reusing a buffer",
                        200,
                        () -> timed(() -> instance.snapshot(reused).memorySize()));
                report("snapshot (reused) + update 'inc'", 2_000, () -> {
                    api.newMessage(noArgs);
                    return timed(() -> {
                        instance.snapshot(reused);
                        return instance.invoke("canister_update inc");
                    });
                });
                WasmInstance.Snapshot snapshot = instance.snapshot();
                report("restore after one 'inc'", 200, () -> {
                    api.newMessage(noArgs);
                    instance.invoke("canister_update inc");
                    return timed(() -> {
                        instance.restore(snapshot);
                        return 0;
                    });
                });
                report(
                        "restore, nothing changed",
                        200,
                        () -> timed(() -> {
                            instance.restore(snapshot);
                            return 0;
                        }));

                LinearMemory memory = instance.memory();
                int mib = 1 << 20;
                byte[] buffer = new byte[mib];
                long address = memory.size() - mib;
                report(
                        "memory read 1 MiB",
                        200,
                        () -> timed(() -> {
                            memory.read(address, buffer, 0, mib);
                            return 0;
                        }));
                byte[] flipped = buffer.clone();
                for (int i = 0; i < flipped.length; i++) {
                    flipped[i] = (byte) ~flipped[i];
                }
                boolean[] flip = {false};
                report(
                        "memory write 1 MiB, every byte changes",
                        50,
                        () -> timed(() -> {
                            flip[0] = !flip[0];
                            memory.write(address, flip[0] ? flipped : buffer, 0, mib);
                            return 0;
                        }));
                memory.write(address, buffer, 0, mib);
                // what an upgrade's kept memory mostly is: bytes equal to what the fresh instance holds
                report(
                        "memory write 1 MiB, equal to memory",
                        50,
                        () -> timed(() -> {
                            memory.write(address, buffer, 0, mib);
                            return 0;
                        }));
                report(
                        "memory write 64 bytes",
                        20_000,
                        () -> timed(() -> {
                            memory.write(address, buffer, 0, 64);
                            return 0;
                        }));
                report(
                        "memory read 64 bytes",
                        20_000,
                        () -> timed(() -> {
                            memory.read(address, buffer, 0, 64);
                            return 0;
                        }));
            }
        }
    }

    private static long timed(LongSupplier action) {
        long t = System.nanoTime();
        action.getAsLong();
        return System.nanoTime() - t;
    }

    /** Runs the measurement {@code runs} times after as many warm-up runs; prints median and p90. */
    private static void report(String what, int runs, LongSupplier measurement) {
        for (int i = 0; i < runs; i++) {
            measurement.getAsLong();
        }
        long[] nanos = new long[runs];
        for (int i = 0; i < runs; i++) {
            nanos[i] = measurement.getAsLong();
        }
        Arrays.sort(nanos);
        System.out.printf(
                "%-45s %10.1f µs median %10.1f µs p90 (%d runs)%n",
                what, nanos[runs / 2] / 1e3, nanos[runs * 9 / 10] / 1e3, runs);
    }
}
