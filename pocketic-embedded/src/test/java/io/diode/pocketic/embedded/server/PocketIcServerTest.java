package io.diode.pocketic.embedded.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server over real HTTP with a scripted engine: limits, concurrency and robustness of the HTTP layer. */
class PocketIcServerTest {

    private final HttpClient client = HttpClient.newHttpClient();
    private final List<ScriptedIcInstance> engines = new CopyOnWriteArrayList<>();
    private PocketIcServer server;

    @BeforeEach
    void start() {
        server = PocketIcServer.start(ServerOptions.of(settings -> {
                    ScriptedIcInstance engine = new ScriptedIcInstance();
                    engines.add(engine);
                    return engine;
                })
                .withBodyLimits(64 * 1024, 256 * 1024));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void servesOnLoopbackAtItsBaseUrl() throws Exception {
        assertThat(server.baseUrl()).isEqualTo("http://127.0.0.1:" + server.port());
        assertThat(send("GET", "/status", "").statusCode()).isEqualTo(200);
    }

    @Test
    void preparesTheFirstInstanceInTheBackgroundWithoutCreatingOne() throws Exception {
        CountDownLatch prepared = new CountDownLatch(1);
        AtomicInteger created = new AtomicInteger();
        InstanceFactory factory = new InstanceFactory() {
            @Override
            public io.diode.pocketic.embedded.api.IcInstance create(InstanceSettings settings) {
                created.incrementAndGet();
                return new ScriptedIcInstance();
            }

            @Override
            public void prepare() {
                prepared.countDown();
            }
        };
        try (PocketIcServer preparing = PocketIcServer.start(ServerOptions.of(factory))) {
            assertThat(prepared.await(30, java.util.concurrent.TimeUnit.SECONDS))
                    .isTrue();
            HttpResponse<String> listed = client.send(
                    HttpRequest.newBuilder(URI.create(preparing.baseUrl() + "/instances"))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(listed.body()).isEqualTo("[]");
            assertThat(created).hasValue(0);
            assertThat(preparing.createInstance()).isZero();
        }
    }

    @Test
    void oversizedBodiesAre413AndTheServerStaysUp() throws Exception {
        send("POST", "/instances", PocketIcRestApiTest.PICJS_CREATE);
        String big = "{\"nanos_since_epoch\":1,\"padding\":\"" + "x".repeat(70 * 1024) + "\"}";

        HttpResponse<String> tooBig = send("POST", "/instances/0/update/set_time", big);
        HttpResponse<String> blob = send("POST", "/blobstore", "y".repeat(100 * 1024));
        HttpResponse<String> blobTooBig = send("POST", "/blobstore", "y".repeat(300 * 1024));

        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertThat(tooBig.body()).contains("exceeds this server's limit of 65536 bytes");
        assertThat(blob.statusCode()).isEqualTo(200);
        assertThat(blobTooBig.statusCode()).isEqualTo(413);
        assertThat(send("GET", "/instances/0/read/get_time", "").statusCode()).isEqualTo(200);
    }

    @Test
    void concurrentDeletesFreeTheInstanceOnceAndSpareTheOthers() throws Exception {
        for (int i = 0; i < 3; i++) {
            send("POST", "/instances", PocketIcRestApiTest.PICJS_CREATE);
        }
        CountDownLatch go = new CountDownLatch(1);
        List<Callable<Integer>> deletes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            deletes.add(() -> {
                go.await();
                return send("DELETE", "/instances/1", "").statusCode();
            });
        }
        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> futures = deletes.stream().map(pool::submit).toList();
            go.countDown();
            for (Future<Integer> future : futures) {
                statuses.add(future.get());
            }
        }

        assertThat(statuses).containsOnly(200, 404);
        assertThat(statuses.stream().filter(status -> status == 200)).hasSize(1);
        assertThat(engines.get(1).closed).isTrue();
        assertThat(engines.get(0).closed).isFalse();
        assertThat(send("GET", "/instances", "").body()).isEqualTo("[\"Available\",\"Deleted\",\"Available\"]");
        assertThat(send("POST", "/instances/2/update/tick", "{}").statusCode()).isEqualTo(200);
    }

    @Test
    void deletingAnInstanceClosesItsAgentPort() throws Exception {
        send("POST", "/instances", PocketIcRestApiTest.PICJS_CREATE);
        send("POST", "/instances", PocketIcRestApiTest.PICJS_CREATE);
        send("POST", "/instances", PocketIcRestApiTest.PICJS_CREATE);
        String overRest = server.agentUrl(0);
        String overJava = server.agentUrl(1);
        String kept = server.agentUrl(2);
        assertThat(status(overRest))
                .as("the port answers (the scripted engine has no key: not 200)")
                .isPositive();

        assertThat(send("DELETE", "/instances/0", "").statusCode()).isEqualTo(200);
        server.deleteInstance(1);

        assertThatThrownBy(() -> status(overRest)).isInstanceOf(ConnectException.class);
        assertThatThrownBy(() -> status(overJava)).isInstanceOf(ConnectException.class);
        assertThat(status(kept)).isPositive();
        assertThatThrownBy(() -> server.agentUrl(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no instance 0");
        assertThatThrownBy(() -> server.deleteInstance(1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot delete instance 1");
        assertThat(send("GET", "/instances", "").body()).isEqualTo("[\"Deleted\",\"Deleted\",\"Available\"]");
    }

    /** The HTTP status the agent port answers {@code /api/v2/status} with. */
    private int status(String agentUrl) throws IOException, InterruptedException {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(agentUrl + "/api/v2/status"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    void requestsToOneInstanceAreSerialisedWhileOthersProceed() throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maximumInside = new AtomicInteger();
        server.close();
        server = PocketIcServer.start(ServerOptions.of(settings -> new ScriptedIcInstance() {
            @Override
            public void tick() {
                maximumInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                inside.decrementAndGet();
                super.tick();
            }
        }));
        send("POST", "/instances", PocketIcRestApiTest.PICJS_CREATE);
        send("POST", "/instances", PocketIcRestApiTest.PICJS_CREATE);

        List<Integer> statuses = new CopyOnWriteArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 20; i++) {
                int instance = i % 2;
                pool.submit(() -> statuses.add(send("POST", "/instances/" + instance + "/update/tick", "{}")
                        .statusCode()));
            }
        }

        assertThat(statuses).hasSize(20).containsOnly(200);
        // one engine at a time per instance, but the two instances did overlap
        assertThat(maximumInside.get()).isEqualTo(2);
    }

    private HttpResponse<String> send(String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .method(
                        method,
                        body.isEmpty()
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
