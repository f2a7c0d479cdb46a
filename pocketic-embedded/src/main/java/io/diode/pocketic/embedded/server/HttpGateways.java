package io.diode.pocketic.embedded.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The HTTP gateways of one server ({@code POST /http_gateway}), numbered from 0 like PocketIC's, independently of
 * the instances. A stopped gateway keeps its number; stopping one that does not run is no error, as in PocketIC.
 */
final class HttpGateways implements AutoCloseable {

    private final PocketIcRestApi api;
    private final Executor executor;
    private final long maxRequestBytes;
    private final Optional<InactivityWatchdog> watchdog;
    /** Index = gateway id; {@code null} once stopped. */
    private final List<HttpGateway> gateways = new ArrayList<>();

    private boolean closed;

    HttpGateways(PocketIcRestApi api, Executor executor, long maxRequestBytes, Optional<InactivityWatchdog> watchdog) {
        this.api = api;
        this.executor = executor;
        this.maxRequestBytes = maxRequestBytes;
        this.watchdog = watchdog;
    }

    /**
     * Starts a gateway.
     *
     * @throws IllegalStateException when what it forwards to does not answer, or the address cannot be bound
     */
    HttpGateway start(HttpGatewayConfig config) {
        Objects.requireNonNull(config, "config");
        int id;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the server is closing");
            }
            id = gateways.size();
            gateways.add(null); // reserves the number while the backend is checked outside the lock
        }
        try {
            HttpGateway gateway = HttpGateway.start(id, config, api, executor, maxRequestBytes, watchdog, true);
            synchronized (this) {
                if (closed) {
                    gateway.close();
                    throw new IllegalStateException("the server is closing");
                }
                gateways.set(id, gateway);
            }
            return gateway;
        } catch (UncheckedIOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Stops gateway {@code id} if it runs. */
    void stop(int id) {
        HttpGateway gateway;
        synchronized (this) {
            if (id < 0 || id >= gateways.size()) {
                return;
            }
            gateway = gateways.set(id, null);
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    /** PocketIC's list of {@code HttpGatewayDetails} of the running gateways. */
    synchronized ArrayNode details() {
        ArrayNode list = JsonCodec.array();
        gateways.stream().filter(Objects::nonNull).forEach(gateway -> list.add(gateway.details()));
        return list;
    }

    @Override
    public void close() {
        List<HttpGateway> running;
        synchronized (this) {
            closed = true;
            running = gateways.stream().filter(Objects::nonNull).toList();
            gateways.replaceAll(gateway -> null);
        }
        running.forEach(HttpGateway::close);
    }
}
