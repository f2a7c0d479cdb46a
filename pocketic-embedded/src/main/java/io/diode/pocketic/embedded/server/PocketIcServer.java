package io.diode.pocketic.embedded.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.diode.pocketic.embedded.wasm.GuestThreads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A PocketIC-compatible REST server in this process: {@code PocketIcServer.start(...)} then point any PocketIC
 * client (PicJS, the Rust crate, this project's Java client) at {@link #baseUrl()}. Each request runs on a
 * platform thread canister code can run on ({@link GuestThreads#start}), so a canister call needs no hand-over to
 * another thread; requests to one instance are serialised, different instances run in parallel. The first
 * instance's one-off work (class loading, the subnet key, GraalWasm's start) begins in the background as the server
 * starts, without delaying it.
 */
public final class PocketIcServer implements AutoCloseable {

    private static final String DEFAULT_INSTANCE_CONFIG = "{\"subnet_config_set\":{\"application\":[{\"state_config\":"
            + "\"New\",\"instruction_config\":\"Production\",\"dts_flag\":\"Enabled\"}]}}";

    private final HttpServer httpServer;
    private final ExecutorService executor;
    private final PocketIcRestApi api;
    private final Optional<InactivityWatchdog> watchdog;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final ServerOptions options;
    /** Per instance id, the gateway {@link #agentUrl} opened for it (not listed by {@code GET /http_gateway}). */
    private final Map<Integer, HttpGateway> agentGateways = new HashMap<>();
    /** The gateways clients start with {@code POST /http_gateway} (PicJS's {@code makeLive}). */
    private final HttpGateways httpGateways;

    private PocketIcServer(
            HttpServer httpServer,
            ExecutorService executor,
            PocketIcRestApi api,
            Optional<InactivityWatchdog> watchdog,
            ServerOptions options) {
        this.options = options;
        this.httpServer = httpServer;
        this.executor = executor;
        this.api = api;
        this.watchdog = watchdog;
        this.httpGateways = new HttpGateways(api, executor, options.maxRequestBytes(), watchdog);
    }

    /** Starts a server on a free loopback port whose instances run on this module's engine. */
    public static PocketIcServer start() {
        return start(ServerOptions.of(EngineInstances.factory()));
    }

    public static PocketIcServer start(ServerOptions options) {
        HttpServer httpServer;
        try {
            httpServer = HttpServer.create(
                    new InetSocketAddress(InetAddress.getByName(options.ipAddress()), options.port()), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot listen on " + options.ipAddress() + ":" + options.port() + ": " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        PocketIcRestApi api = new PocketIcRestApi(options.instanceFactory(), options.maxBlobBytes());
        PocketIcServer[] self = new PocketIcServer[1];
        Optional<InactivityWatchdog> watchdog =
                options.ttl().map(ttl -> new InactivityWatchdog(ttl, () -> self[0].close()));
        PocketIcServer server = new PocketIcServer(httpServer, executor, api, watchdog, options);
        self[0] = server;
        api.onInstanceDeleted(server::closeAgentGateway);
        api.serveHttpGateways(server.httpGateways);
        httpServer.createContext(
                "/", new HttpExchangeHandler(api, options.maxRequestBytes(), options.maxBlobBytes(), watchdog));
        httpServer.setExecutor(GuestThreads::start);
        httpServer.start();
        Thread.ofPlatform()
                .daemon()
                .name("pocketic-first-instance")
                .start(() -> api.prepareFirstInstance(DEFAULT_INSTANCE_CONFIG.getBytes(StandardCharsets.UTF_8)));
        return server;
    }

    public int port() {
        return httpServer.getAddress().getPort();
    }

    /** {@code http://host:port}, without a trailing slash: clients append {@code /instances} and so on. */
    public String baseUrl() {
        return urlOf(httpServer.getAddress());
    }

    static String urlOf(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + address.getPort();
    }

    /**
     * Creates an instance with one application subnet (what PicJS asks for by default) and returns its id: the
     * in-process shortcut of {@code POST /instances}, e.g. for {@code agentUrl(server.createInstance())}.
     */
    public int createInstance() {
        RestResponse created = api.handle(new RestRequest(
                "POST", "/instances", Map.of(), DEFAULT_INSTANCE_CONFIG.getBytes(StandardCharsets.UTF_8)));
        if (created.status() != 201) {
            throw new IllegalStateException("creating an instance failed: " + created.bodyText());
        }
        try {
            return new ObjectMapper()
                    .readTree(created.body())
                    .path("Created")
                    .path("instance_id")
                    .intValue();
        } catch (IOException e) {
            throw new IllegalStateException("the server's own answer is not JSON: " + created.bodyText(), e);
        }
    }

    /**
     * The URL an IC agent (ic4j-agent, agent-js, dfx) points at to talk to instance {@code instanceId} through the
     * IC HTTP interface: a port of its own that serves {@code /api/v2/status}, {@code /api/v2|v3/canister/...} and
     * {@code /api/v2/subnet/...} at its root, opened on first use and reused after; an HTTP gateway like those of
     * {@code POST /http_gateway}, so it serves canister HTTP on other paths too. The same interface is also at
     * {@code baseUrl() + "/instances/" + instanceId}, for clients that keep the path of their base URL (ic4j's OkHttp
     * transport); most agents drop that path, hence this root-mounted gateway.
     *
     * @throws IllegalArgumentException when the server hosts no such instance
     */
    public synchronized String agentUrl(int instanceId) {
        if (closed.get()) {
            throw new IllegalStateException("the server is closed");
        }
        RestResponse probe = api.handle(
                new RestRequest("GET", "/instances/" + instanceId + "/read/get_time", Map.of(), new byte[0]));
        if (probe.status() != 200) {
            throw new IllegalArgumentException("no instance " + instanceId + " to serve: " + probe.bodyText());
        }
        HttpGateway gateway = agentGateways.get(instanceId);
        if (gateway == null) {
            gateway = HttpGateway.start(
                    -1,
                    new HttpGatewayConfig(
                            httpServer.getAddress().getAddress().getHostAddress(),
                            0,
                            new HttpGatewayConfig.InstanceTarget(instanceId),
                            Optional.empty()),
                    api,
                    executor,
                    options.maxRequestBytes(),
                    watchdog,
                    false);
            agentGateways.put(instanceId, gateway);
        }
        return gateway.url();
    }

    /**
     * Deletes instance {@code instanceId}, freeing its engine and closing its agent port: the in-process shortcut of
     * {@code DELETE /instances/{id}}.
     *
     * @throws IllegalArgumentException when the server hosts no such instance (or it was deleted already)
     */
    public void deleteInstance(int instanceId) {
        RestResponse deleted = api.handle(new RestRequest("DELETE", "/instances/" + instanceId, Map.of(), new byte[0]));
        if (deleted.status() != 200) {
            throw new IllegalArgumentException("cannot delete instance " + instanceId + ": " + deleted.bodyText());
        }
    }

    /** Closes the agent port of a deleted instance, if it had one: its requests could only get 404s. */
    private synchronized void closeAgentGateway(int instanceId) {
        HttpGateway gateway = agentGateways.remove(instanceId);
        if (gateway != null) {
            gateway.close();
        }
    }

    /** Blocks until the server has stopped, by {@link #close()} or because its time-to-live ran out. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Stops listening, lets requests in progress finish briefly, and frees every instance. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        watchdog.ifPresent(InactivityWatchdog::close);
        synchronized (this) {
            agentGateways.values().forEach(HttpGateway::close);
            agentGateways.clear();
        }
        httpGateways.close();
        httpServer.stop(1);
        executor.shutdownNow();
        api.close();
        stopped.countDown();
    }
}
