package io.diode.pocketic.benchmark;

import io.diode.pocketic.client.CandidArguments;
import io.diode.pocketic.client.PocketIc;
import io.diode.pocketic.client.PocketIcException;
import io.diode.pocketic.junit.PocketIcBackend;
import io.diode.pocketic.launcher.RunningPocketIcServer;
import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Executors;
import org.ic4j.types.Principal;

/**
 * Prints what the harness costs: the client's own overhead per REST call (against a local server that answers
 * at once), how long each backend takes to start and to create its first instance, and, when the server has an
 * engine, canister call round trips. Without {@code -Dpocketic.server.jar} the binary and container backends use the
 * published server artifact from the local Maven repository.
 * <pre>
 * scripts/with-jdk ./mvnw -B -q -pl pocketic-testcontainer test-compile exec:java \
 *   -Dexec.mainClass=io.diode.pocketic.benchmark.PocketIcBenchmark -Dexec.classpathScope=test \
 *   -Dpocketic.server.jar=pocketic-embedded/target/pocketic-embedded.jar
 * </pre>
 */
public final class PocketIcBenchmark {

    private static final int CLIENT_CALLS = 3_000;
    private static final int CANISTER_CALLS = 200;

    private PocketIcBenchmark() {
    }

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
                System.out.printf(Locale.ROOT, "%-9s start to healthy: %,d ms%n", name(backend),
                        (System.nanoTime() - start) / 1_000_000);
                canisterCalls(backend, server.url());
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
                    ? "{\"Created\":{\"instance_id\":0}}" : "null").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        stub.start();
        URI url = URI.create("http://127.0.0.1:" + stub.getAddress().getPort());
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/instances/0/update/tick"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
            for (int i = 0; i < 500; i++) {
                http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            }
            long start = System.nanoTime();
            for (int i = 0; i < CLIENT_CALLS; i++) {
                http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            }
            System.out.printf(Locale.ROOT, "baseline  bare JDK HttpClient POST round trip (%d calls): %.1f µs%n",
                    CLIENT_CALLS, (System.nanoTime() - start) / 1_000.0 / CLIENT_CALLS);
        }
        try (PocketIc pic = PocketIc.create(url)) {
            for (int i = 0; i < 500; i++) {
                pic.tick();
            }
            long start = System.nanoTime();
            for (int i = 0; i < CLIENT_CALLS; i++) {
                pic.tick();
            }
            System.out.printf(Locale.ROOT, "client    PocketIc.tick() round trip, same server (%d calls): %.1f µs%n", CLIENT_CALLS,
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
            System.out.printf(Locale.ROOT, "%-9s first instance after start (POST /instances): %,d ms%n", name(backend),
                    (System.nanoTime() - created) / 1_000_000);
        } catch (PocketIcException e) {
            System.out.printf(Locale.ROOT, "%-9s canister calls not measured: %s%n", name(backend), e.getMessage());
            return;
        }
        try (pic; InputStream wasm = PocketIcBenchmark.class.getResourceAsStream("/canister/scenario.wasm")) {
            byte[] module = wasm.readAllBytes();
            long start = System.nanoTime();
            Principal canister = pic.createCanister();
            pic.installCode(canister, module, CandidArguments.encode());
            System.out.printf(Locale.ROOT, "%-9s create + install (%,d bytes): %,d ms%n", name(backend), module.length,
                    (System.nanoTime() - start) / 1_000_000);
            for (int i = 0; i < 20; i++) {
                pic.updateCall(canister, "increment", BigInteger.class);
            }
            start = System.nanoTime();
            for (int i = 0; i < CANISTER_CALLS; i++) {
                pic.updateCall(canister, "increment", BigInteger.class);
            }
            System.out.printf(Locale.ROOT, "%-9s update call round trip: %.2f ms%n", name(backend),
                    (System.nanoTime() - start) / 1e6 / CANISTER_CALLS);
            start = System.nanoTime();
            for (int i = 0; i < CANISTER_CALLS; i++) {
                pic.queryCall(canister, "get", BigInteger.class);
            }
            System.out.printf(Locale.ROOT, "%-9s query call round trip: %.2f ms%n", name(backend),
                    (System.nanoTime() - start) / 1e6 / CANISTER_CALLS);
        }
    }

    private static String name(PocketIcBackend backend) {
        return backend.name().toLowerCase(Locale.ROOT);
    }
}
