package io.diode.pocketic.embedded.engine;

import static io.diode.pocketic.embedded.engine.TestIc.USER;
import static io.diode.pocketic.embedded.engine.TestIc.candid;
import static io.diode.pocketic.embedded.engine.TestIc.noArgs;

import io.diode.pocketic.embedded.api.CallResult;
import io.diode.pocketic.embedded.api.IcInstance;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.function.Supplier;
import org.ic4j.types.Principal;

/**
 * Prints what a composite query costs next to a plain query, on two instances of the Motoko canister
 * {@code motoko/composite}: a plain query, a composite query making no call, one call, and ten calls in a row; then
 * a plain query and a one-call composite query again once both canisters hold 32 MiB of live heap.
 * Figures, not assertions: see the module README for the command and the last results.
 */
public final class CompositeQueryBenchmark {

    private CompositeQueryBenchmark() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        try (IcInstance ic = EmbeddedIc.create()) {
            Principal reader = TestIc.deploy(ic, "composite", noArgs());
            Principal target = TestIc.deploy(ic, "composite", noArgs());
            ic.updateCall(USER, target, "set", candid(BigInteger.valueOf(42)));
            byte[] none = noArgs();
            byte[] zeroHops = candid(BigInteger.ZERO);
            byte[] readTarget = candid(target);
            byte[] tenReads = candid(target, BigInteger.TEN);
            measure("plain query value", rounds, () -> ic.query(USER, reader, "value", none));
            measure("composite query, no call (chain 0)", rounds, () -> ic.query(USER, reader, "chain", zeroHops));
            measure("composite query, 1 call (readVia)", rounds, () -> ic.query(USER, reader, "readVia", readTarget));
            measure(
                    "composite query, 10 calls (fanOut 10)",
                    rounds / 10,
                    () -> ic.query(USER, reader, "fanOut", tenReads));
            // a canister-sized heap: what snapshots of the canisters involved cost shows up here
            ic.updateCall(USER, reader, "grow", candid(BigInteger.valueOf(32)));
            ic.updateCall(USER, target, "grow", candid(BigInteger.valueOf(32)));
            measure("32 MiB heaps: plain query value", rounds, () -> ic.query(USER, reader, "value", none));
            measure(
                    "32 MiB heaps: composite, 1 call",
                    rounds / 10,
                    () -> ic.query(USER, reader, "readVia", readTarget));
        }
    }

    private static void measure(String label, int rounds, Supplier<CallResult> query) {
        for (int i = 0; i < Math.max(rounds / 5, 20); i++) {
            check(query.get());
        }
        long[] times = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            CallResult result = query.get();
            times[i] = System.nanoTime() - start;
            check(result);
        }
        Arrays.sort(times);
        System.out.printf(
                "%-40s median %7.1f µs  p90 %7.1f µs  (%d runs)%n",
                label, times[rounds / 2] / 1e3, times[rounds * 9 / 10] / 1e3, rounds);
    }

    private static void check(CallResult result) {
        if (!(result instanceof CallResult.Reply)) {
            throw new IllegalStateException("the query failed: " + result);
        }
    }
}
