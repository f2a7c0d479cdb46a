package io.diode.pocketic.embedded.server;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.ic4j.candid.parser.IDLArgs;
import org.ic4j.types.Principal;

/**
 * Prints the REST server's figures: start-up of the runnable jar to its first {@code /status}, and query calls
 * and update round trips (submit + await, as PicJS does them) per second over HTTP against the real engine.
 *
 * <p>Run from the repository root (it needs the jar, hence {@code package}; arguments: start-ups, queries,
 * updates): {@code scripts/with-jdk ./mvnw -B -q -pl pocketic-embedded package -DskipTests exec:exec
 * -Dexec.executable=java -Dexec.classpathScope=test
 * -Dexec.args="-cp %classpath io.diode.pocketic.embedded.server.ServerBenchmark"}
 */
public final class ServerBenchmark {

    private static final Path PROBE_WASM = Path.of("src/test/resources/server/probe.wasm");

    private ServerBenchmark() {}

    public static void main(String[] args) throws Exception {
        int startups = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int queries = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        int updates = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        System.out.printf("cores: %d, java %s%n", Runtime.getRuntime().availableProcessors(), Runtime.version());
        measureStartup(startups);
        measureCalls(queries, updates);
    }

    private static void measureStartup(int runs) throws Exception {
        if (!Files.isRegularFile(ServerJar.JAR)) {
            System.out.println("start-up: skipped, " + ServerJar.JAR + " is missing (run `package` first)");
            return;
        }
        HttpClient client = HttpClient.newHttpClient();
        List<Long> millis = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            Path directory = Files.createTempDirectory("pocketic-startup");
            long started = System.nanoTime();
            try (ServerJar server = ServerJar.start(directory)) {
                int port = server.awaitPort(60_000);
                HttpResponse<Void> status = client.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/status"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (status.statusCode() != 200) {
                    throw new IllegalStateException("/status answered " + status.statusCode());
                }
                millis.add((System.nanoTime() - started) / 1_000_000);
            }
        }
        Collections.sort(millis);
        System.out.printf(
                "start-up to first /status (java -jar, %d runs): median %d ms, min %d ms, max %d ms%n",
                runs, millis.get(runs / 2), millis.getFirst(), millis.getLast());
    }

    private static void measureCalls(int queries, int updates) throws Exception {
        byte[] wasm = Files.readAllBytes(PROBE_WASM);
        byte[] noArguments = IDLArgs.create(List.of()).toBytes();
        try (PocketIcServer server = PocketIcServer.start(ServerOptions.of(EngineInstances.factory()))) {
            RestClient client = new RestClient(server.baseUrl());
            int instance = client.createInstance();
            long installStart = System.nanoTime();
            Principal canister = client.installCanister(instance, wasm);
            System.out.printf(
                    "create + install probe canister over HTTP: %d ms%n",
                    (System.nanoTime() - installStart) / 1_000_000);

            for (int i = 0; i < Math.min(200, queries); i++) { // warm-up: JIT of server and engine
                client.query(instance, canister, "get", noArguments);
                client.update(instance, canister, "increment", noArguments);
            }
            long start = System.nanoTime();
            for (int i = 0; i < queries; i++) {
                client.query(instance, canister, "get", noArguments);
            }
            report("query calls (read/query), 1 client", queries, System.nanoTime() - start);

            start = System.nanoTime();
            for (int i = 0; i < updates; i++) {
                client.update(instance, canister, "increment", noArguments);
            }
            report("update round trips (submit + await), 1 client", updates, System.nanoTime() - start);

            BigInteger count = IDLArgs.fromBytes(client.query(instance, canister, "get", noArguments))
                    .getArgs()
                    .getFirst()
                    .getValue();
            if (count.intValue() != updates + Math.min(200, queries)) {
                throw new IllegalStateException("the counter is " + count + ": updates were lost");
            }

            int second = client.createInstance();
            Principal other = client.installCanister(second, wasm);
            int[] instances = {instance, second};
            Principal[] canisters = {canister, other};
            start = System.nanoTime();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> clients = new ArrayList<>();
                for (int c = 0; c < 4; c++) {
                    int index = c % 2;
                    clients.add(pool.submit(() -> {
                        for (int i = 0; i < queries / 4; i++) {
                            client.query(instances[index], canisters[index], "get", noArguments);
                        }
                        return null;
                    }));
                }
                for (Future<?> future : clients) {
                    future.get();
                }
            }
            report("query calls, 4 clients on 2 instances", queries / 4 * 4, System.nanoTime() - start);
        }
    }

    private static void report(String what, int count, long nanos) {
        System.out.printf(
                "%s: %d in %d ms = %.0f per second (%.2f ms each)%n",
                what, count, nanos / 1_000_000, count * 1e9 / nanos, nanos / 1e6 / count);
    }
}
