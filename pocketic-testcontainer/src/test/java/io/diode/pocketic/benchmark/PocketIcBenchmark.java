package io.diode.pocketic.benchmark;

import com.sun.net.httpserver.HttpServer;
import io.diode.pocketic.client.CandidArguments;
import io.diode.pocketic.client.PocketIc;
import io.diode.pocketic.client.PocketIcException;
import io.diode.pocketic.junit.PocketIcBackend;
import io.diode.pocketic.launcher.RunningPocketIcServer;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Executors;
import org.ic4j.types.Principal;

/**
 * Prints what the harness costs: the client's own overhead per REST call (against a local server that answers
 * at once), how long each backend takes to start and to create its first instance, and, when the server has an
 * engine, canister call round trips from this client and from PicJS (Node, when {@code ~/.cache/diode/picjs} holds
 * it: pocketic-embedded's {@code PicJsIT} installs it). Round trips are timed after a warm-up long enough for the
 * JVM's compilers to have finished with the HTTP, JSON and engine paths (a few hundred calls are not). Without
 * {@code -Dpocketic.server.jar} the binary and container backends use the published server artifact from the local
 * Maven repository.
 * <pre>
 * scripts/with-jdk ./mvnw -B -q -ntp -pl pocketic-testcontainer -am package -DskipTests \
 *   dependency:build-classpath -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
 * scripts/with-jdk sh -c '"$JAVA_HOME/bin/java" -Dpocketic.server.jar=pocketic-embedded/target/pocketic-embedded.jar \
 *   -cp pocketic-testcontainer/target/test-classes:pocketic-testcontainer/target/classes:$(cat pocketic-testcontainer/target/test.classpath) \
 *   io.diode.pocketic.benchmark.PocketIcBenchmark'
 * </pre>
 * ({@code exec:java} with {@code -pl pocketic-testcontainer} alone would run the in-process backend on the
 * {@code pocketic-embedded} snapshot in {@code ~/.m2}, not this checkout's.)
 */
public final class PocketIcBenchmark {

    private static final int CLIENT_CALLS = 3_000;
    private static final int WARM_UP_CALLS = 2_000;
    private static final int CANISTER_CALLS = 1_000;
    /**
     * Node compiles PicJS's and its fetch's code for a while: after 300 calls an update still cost Node twice the CPU
     * it costs after 2,000 (2.3-2.5 ms against 1.1-1.2 ms), so a shorter warm-up timed Node's JIT, not the server.
     */
    private static final int PICJS_WARM_UP_CALLS = 2_000;

    private static final int PICJS_CALLS = 1_000;
    private static final Path PICJS_MODULES =
            Path.of(System.getProperty("user.home"), ".cache/diode/picjs/0.23.0/node_modules");

    private PocketIcBenchmark() {}

    public static void main(String[] args) throws Exception {
        clientOverhead();
        for (PocketIcBackend backend : PocketIcBackend.values()) {
            var reason = backend.unavailableReason();
            if (reason.isPresent()) {
                System.out.printf(Locale.ROOT, "%-9s unavailable: %s%n", name(backend), reason.get());
                continue;
            }
            long start = System.nanoTime();
            try (RunningPocketIcServer server = backend.start()) {
                System.out.printf(
                        Locale.ROOT,
                        "%-9s start to healthy: %,d ms%n",
                        name(backend),
                        (System.nanoTime() - start) / 1_000_000);
                canisterCalls(backend, server.url());
                picJsCalls(backend, server.url());
            }
        }
        System.exit(0);
    }

    /** tick() against a server that answers "null" at once: HTTP, JSON and client code only. */
    private static void clientOverhead() throws Exception {
        HttpServer stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        stub.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        stub.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = (exchange.getRequestURI().getPath().equals("/instances")
                            ? "{\"Created\":{\"instance_id\":0}}"
                            : "null")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        stub.start();
        URI url = URI.create("http://127.0.0.1:" + stub.getAddress().getPort());
        try (HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/instances/0/update/tick"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build();
            for (int i = 0; i < 500; i++) {
                http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            }
            long start = System.nanoTime();
            for (int i = 0; i < CLIENT_CALLS; i++) {
                http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            }
            System.out.printf(
                    Locale.ROOT,
                    "baseline  bare JDK HttpClient POST round trip (%d calls): %.1f µs%n",
                    CLIENT_CALLS,
                    (System.nanoTime() - start) / 1_000.0 / CLIENT_CALLS);
        }
        try (PocketIc pic = PocketIc.create(url)) {
            for (int i = 0; i < 500; i++) {
                pic.tick();
            }
            long start = System.nanoTime();
            for (int i = 0; i < CLIENT_CALLS; i++) {
                pic.tick();
            }
            System.out.printf(
                    Locale.ROOT,
                    "client    PocketIc.tick() round trip, same server (%d calls): %.1f µs%n",
                    CLIENT_CALLS,
                    (System.nanoTime() - start) / 1_000.0 / CLIENT_CALLS);
        } finally {
            stub.stop(0);
        }
    }

    private static void canisterCalls(PocketIcBackend backend, URI url) throws Exception {
        PocketIc pic;
        try {
            long created = System.nanoTime();
            pic = PocketIc.create(url);
            System.out.printf(
                    Locale.ROOT,
                    "%-9s first instance after start (POST /instances): %,d ms%n",
                    name(backend),
                    (System.nanoTime() - created) / 1_000_000);
        } catch (PocketIcException e) {
            System.out.printf(Locale.ROOT, "%-9s canister calls not measured: %s%n", name(backend), e.getMessage());
            return;
        }
        try (pic;
                InputStream wasm = PocketIcBenchmark.class.getResourceAsStream("/canister/scenario.wasm")) {
            byte[] module = wasm.readAllBytes();
            long start = System.nanoTime();
            Principal canister = pic.createCanister();
            pic.installCode(canister, module, CandidArguments.encode());
            System.out.printf(
                    Locale.ROOT,
                    "%-9s create + install (%,d bytes): %,d ms%n",
                    name(backend),
                    module.length,
                    (System.nanoTime() - start) / 1_000_000);
            Runnable update = () -> pic.updateCall(canister, "increment", BigInteger.class);
            Runnable query = () -> pic.queryCall(canister, "get", BigInteger.class);
            long[] unused = new long[WARM_UP_CALLS];
            time(update, unused);
            time(query, unused);
            long[] updates = new long[CANISTER_CALLS];
            long[] queries = new long[CANISTER_CALLS];
            time(update, updates);
            time(query, queries);
            System.out.printf(
                    Locale.ROOT,
                    "%-9s update call round trip (%,d calls after %,d): %s%n",
                    name(backend),
                    CANISTER_CALLS,
                    WARM_UP_CALLS,
                    summary(updates));
            System.out.printf(Locale.ROOT, "%-9s query call round trip: %s%n", name(backend), summary(queries));
        }
    }

    private static void time(Runnable call, long[] nanos) {
        for (int i = 0; i < nanos.length; i++) {
            long start = System.nanoTime();
            call.run();
            nanos[i] = System.nanoTime() - start;
        }
    }

    private static String summary(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format(
                Locale.ROOT,
                "mean %.3f ms, median %.3f ms",
                Arrays.stream(nanos).average().orElse(0) / 1e6,
                sorted[sorted.length / 2] / 1e6);
    }

    /** The same round trips through PicJS: {@code src/test/js/picjs-round-trips.cjs} under Node. */
    private static void picJsCalls(PocketIcBackend backend, URI url) throws Exception {
        if (!Files.isDirectory(PICJS_MODULES.resolve("@dfinity/pic"))) {
            System.out.printf(
                    Locale.ROOT,
                    "%-9s PicJS not measured: no PicJS in %s (pocketic-embedded's PicJsIT " + "installs it)%n",
                    name(backend),
                    PICJS_MODULES);
            return;
        }
        Path module = Path.of(PocketIcBenchmark.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        Path script = module.resolve("../../src/test/js/picjs-round-trips.cjs").normalize();
        Path wasm = Files.createTempFile("scenario-", ".wasm");
        try (InputStream in = PocketIcBenchmark.class.getResourceAsStream("/canister/scenario.wasm")) {
            Files.write(wasm, in.readAllBytes());
            ProcessBuilder node = new ProcessBuilder(
                            "node",
                            script.toString(),
                            url.toString(),
                            wasm.toString(),
                            String.valueOf(PICJS_WARM_UP_CALLS),
                            String.valueOf(PICJS_CALLS))
                    .redirectErrorStream(true);
            node.environment().put("NODE_PATH", PICJS_MODULES.toString());
            Process process = node.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                System.out.printf(Locale.ROOT, "%-9s PicJS failed: %s%n", name(backend), output.strip());
                return;
            }
            output.lines()
                    .filter(line -> line.startsWith("picjs "))
                    .forEach(line -> System.out.printf(
                            Locale.ROOT,
                            "%-9s %s, mean of %,d calls after %,d%n",
                            name(backend),
                            line,
                            PICJS_CALLS,
                            PICJS_WARM_UP_CALLS));
        } finally {
            Files.deleteIfExists(wasm);
        }
    }

    private static String name(PocketIcBackend backend) {
        return backend.name().toLowerCase(Locale.ROOT);
    }
}
