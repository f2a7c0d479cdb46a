package io.diode.pocketic.embedded.server;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link PocketIcServer} listens and what it accepts.
 *
 * @param ipAddress       the address to bind; loopback unless told otherwise
 * @param port            the port to bind; 0 picks a free one
 * @param maxRequestBytes the largest JSON request body (an ingress message is at most 2 MiB, base64 adds a third)
 * @param maxBlobBytes    the largest {@code /blobstore} upload, and the largest a gzip blob may inflate to
 * @param ttl             when present, the server shuts down after this long without requests
 */
public record ServerOptions(
        String ipAddress,
        int port,
        InstanceFactory instanceFactory,
        long maxRequestBytes,
        long maxBlobBytes,
        Optional<Duration> ttl) {

    public static final long DEFAULT_MAX_REQUEST_BYTES = 16L << 20;
    public static final long DEFAULT_MAX_BLOB_BYTES = 512L << 20;

    public ServerOptions {
        Objects.requireNonNull(ipAddress, "ipAddress");
        Objects.requireNonNull(instanceFactory, "instanceFactory");
        Objects.requireNonNull(ttl, "ttl");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 to 65535, not " + port);
        }
        if (maxRequestBytes <= 0 || maxBlobBytes <= 0) {
            throw new IllegalArgumentException("body limits must be positive");
        }
    }

    /** Loopback, a free port, no time-to-live. */
    public static ServerOptions of(InstanceFactory instanceFactory) {
        return new ServerOptions(
                "127.0.0.1", 0, instanceFactory, DEFAULT_MAX_REQUEST_BYTES, DEFAULT_MAX_BLOB_BYTES, Optional.empty());
    }

    public ServerOptions withAddress(String newIpAddress, int newPort) {
        return new ServerOptions(newIpAddress, newPort, instanceFactory, maxRequestBytes, maxBlobBytes, ttl);
    }

    public ServerOptions withTtl(Duration newTtl) {
        return new ServerOptions(ipAddress, port, instanceFactory, maxRequestBytes, maxBlobBytes, Optional.of(newTtl));
    }

    public ServerOptions withBodyLimits(long newMaxRequestBytes, long newMaxBlobBytes) {
        return new ServerOptions(ipAddress, port, instanceFactory, newMaxRequestBytes, newMaxBlobBytes, ttl);
    }
}
