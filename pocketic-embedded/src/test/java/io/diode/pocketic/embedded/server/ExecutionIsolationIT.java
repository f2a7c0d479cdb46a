package io.diode.pocketic.embedded.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.diode.pocketic.embedded.engine.MotokoCanisters;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.ic4j.candid.parser.IDLArgs;
import org.ic4j.candid.parser.IDLValue;
import org.ic4j.candid.types.Type;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two CPU-bound messages on two instances (as many as this machine's cores, in the build) leave the server
 * answering: {@code /status}, and queries to a third, idle instance, within a few milliseconds. Canister code runs
 * on platform threads of its own, not on the server's virtual-thread carriers it would pin.
 */
class ExecutionIsolationIT {

    private static final byte[] NO_ARGUMENTS = IDLArgs.create(List.of()).toBytes();
    /** Rounds of the stress canister's loop timed to size the spinning messages (at most 100 times as many). */
    private static final long CALIBRATION_ITERATIONS = 100_000;

    private static final long MAX_ITERATIONS = 1_000 * CALIBRATION_ITERATIONS;

    private static PocketIcServer server;
    private static RestClient client;
    private static final int[] instances = new int[3];
    private static final Principal[] canisters = new Principal[3];

    @BeforeAll
    static void install() throws Exception {
        server = PocketIcServer.start(ServerOptions.of(EngineInstances.factory()));
        client = new RestClient(server.baseUrl());
        byte[] wasm = MotokoCanisters.wasm("stress");
        for (int i = 0; i < 3; i++) {
            instances[i] = client.createInstance();
            canisters[i] = client.installCanister(instances[i], wasm);
            client.update(instances[i], canisters[i], "spin", nat(1_000)); // warm up
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static byte[] nat(long value) {
        return IDLArgs.create(List.of(IDLValue.create(BigInteger.valueOf(value), Type.NAT)))
                .toBytes();
    }

    @Test
    void spinningMessagesOnTwoInstancesLeaveStatusAndAnIdleInstanceAnswering() throws Exception {
        ExecutorService spinners = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 20; i++) { // warm the client and the server's paths up
                client.send("GET", "/status", "");
                client.query(instances[2], canisters[2], "count", NO_ARGUMENTS);
            }
            long iterations = iterationsSpinningFor(4_000);
            List<Long> statusMillis = new ArrayList<>();
            List<Long> queryMillis = new ArrayList<>();
            int samples = 0;
            // The calibration can still misjudge the speed (the JIT may finish compiling spin only afterwards): when
            // the spins end before enough samples, spin again four times longer.
            for (int attempt = 0;
                    attempt < 4 && samples <= 3;
                    attempt++, iterations = Math.min(iterations * 4, MAX_ITERATIONS)) {
                statusMillis.clear();
                queryMillis.clear();
                samples = sampleWhileSpinning(spinners, iterations, statusMillis, queryMillis);
            }
            assertThat(samples).as("samples taken while both messages spun").isGreaterThan(3);
            assertThat(median(statusMillis)).isLessThan(50);
            assertThat(median(queryMillis)).isLessThan(50);
        } finally {
            spinners.shutdownNow();
        }
    }

    /** Two spins of {@code iterations} on instances 0 and 1; samples /status and a query to instance 2 meanwhile. */
    private static int sampleWhileSpinning(
            ExecutorService spinners, long iterations, List<Long> statusMillis, List<Long> queryMillis)
            throws Exception {
        List<Future<byte[]>> spins = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < 2; i++) {
            int index = i;
            spins.add(
                    spinners.submit(() -> client.update(instances[index], canisters[index], "spin", nat(iterations))));
        }
        Thread.sleep(300); // both messages are running by now
        int samples = 0;
        while (samples < 50) {
            long t0 = System.nanoTime();
            assertThat(client.send("GET", "/status", "").status()).isEqualTo(200);
            long t1 = System.nanoTime();
            client.query(instances[2], canisters[2], "count", NO_ARGUMENTS);
            long t2 = System.nanoTime();
            if (spins.stream().anyMatch(Future::isDone)) {
                break; // only samples taken while both spun count
            }
            statusMillis.add((t1 - t0) / 1_000_000);
            queryMillis.add((t2 - t1) / 1_000_000);
            samples++;
            Thread.sleep(20);
        }
        for (Future<byte[]> spin : spins) {
            spin.get(5, TimeUnit.MINUTES);
        }
        long spinMillis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf(
                "spinning %d ms; /status ms %s; idle-instance query ms %s%n", spinMillis, statusMillis, queryMillis);
        return samples;
    }

    /**
     * How many iterations of {@code spin} keep a message busy for about {@code millis} on this machine now: a fixed
     * count lasts 0.3 s with the JIT on a quiet machine and 9 s interpreted on a loaded one, and the samples need
     * both messages still running. The first run only warms up (it pays for the JIT compiling {@code spin}, which made
     * a single measurement far too slow and the real spin too short in a fresh JVM); later runs are measured until
     * one lasts a quarter of {@code millis}.
     */
    private static long iterationsSpinningFor(long millis) throws Exception {
        long iterations = CALIBRATION_ITERATIONS;
        long estimate = CALIBRATION_ITERATIONS;
        for (int round = 0; round < 8; round++) {
            long t0 = System.nanoTime();
            client.update(instances[0], canisters[0], "spin", nat(iterations));
            long took = Math.max(1, (System.nanoTime() - t0) / 1_000_000);
            estimate = Math.clamp(iterations * millis / took, CALIBRATION_ITERATIONS, 1_000 * CALIBRATION_ITERATIONS);
            if (round > 0 && took >= millis / 4) {
                return estimate;
            }
            iterations = Math.clamp(estimate / 4, CALIBRATION_ITERATIONS, 250 * CALIBRATION_ITERATIONS);
        }
        return estimate;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
