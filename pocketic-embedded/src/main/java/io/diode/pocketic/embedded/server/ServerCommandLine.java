package io.diode.pocketic.embedded.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The command line of {@code java -jar pocketic-embedded.jar}: the real PocketIC server's flags where they apply.
 *
 * @param portFile where to write the port once the server listens (launchers poll this file)
 */
public record ServerCommandLine(
        String ipAddress,
        int port,
        Optional<Path> portFile,
        Optional<Duration> ttl,
        long maxRequestBytes,
        long maxBlobBytes,
        boolean help) {

    public static final String USAGE =
            """
            Usage: java -jar pocketic-embedded.jar [options]
            A PocketIC-compatible server (REST API of PocketIC v15) running canisters on the JVM.
              --ip-addr ADDR             address to listen on (default 127.0.0.1)
              --port N                   port to listen on (default 0: any free port)
              --port-file FILE           write the port to FILE once listening
              --ttl SECONDS              exit after SECONDS without requests (default: never)
              --max-request-bytes N      largest JSON request body (default %d)
              --max-blob-bytes N         largest /blobstore upload (default %d)
              --log-levels LEVELS        accepted for compatibility with the real server; ignored
              --help                     print this help
            """.formatted(ServerOptions.DEFAULT_MAX_REQUEST_BYTES, ServerOptions.DEFAULT_MAX_BLOB_BYTES);

    /** @throws IllegalArgumentException with a message naming the bad argument */
    public static ServerCommandLine parse(String... args) {
        String ipAddress = "127.0.0.1";
        int port = 0;
        Optional<Path> portFile = Optional.empty();
        Optional<Duration> ttl = Optional.empty();
        long maxRequestBytes = ServerOptions.DEFAULT_MAX_REQUEST_BYTES;
        long maxBlobBytes = ServerOptions.DEFAULT_MAX_BLOB_BYTES;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            String value = null;
            int equals = flag.indexOf('=');
            if (flag.startsWith("--") && equals > 0) {
                value = flag.substring(equals + 1);
                flag = flag.substring(0, equals);
            }
            if (flag.equals("--help") || flag.equals("-h")) {
                help = true;
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                value = args[++i];
            }
            switch (flag) {
                case "--ip-addr" -> ipAddress = value;
                case "--port" -> port = (int) number(flag, value, 0, 65_535);
                case "--port-file" -> portFile = Optional.of(Path.of(value));
                case "--ttl" ->
                    ttl = Optional.of(Duration.ofSeconds(number(flag, value, 1, Long.MAX_VALUE / 1_000_000_000L)));
                case "--max-request-bytes" -> maxRequestBytes = number(flag, value, 1, Integer.MAX_VALUE - 8);
                case "--max-blob-bytes" -> maxBlobBytes = number(flag, value, 1, Integer.MAX_VALUE - 8);
                case "--log-levels" -> {
                    // the real server's log filter; this server logs only errors, to stderr
                }
                default -> throw new IllegalArgumentException("unknown option " + flag + " (see --help)");
            }
        }
        return new ServerCommandLine(ipAddress, port, portFile, ttl, maxRequestBytes, maxBlobBytes, help);
    }

    public ServerOptions toOptions(InstanceFactory factory) {
        ServerOptions options =
                ServerOptions.of(factory).withAddress(ipAddress, port).withBodyLimits(maxRequestBytes, maxBlobBytes);
        return ttl.map(options::withTtl).orElse(options);
    }

    private static long number(String flag, String value, long min, long max) {
        long parsed;
        try {
            parsed = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " takes a number, not \"" + value + "\"");
        }
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException(flag + " must be between " + min + " and " + max + ", not " + parsed);
        }
        return parsed;
    }
}
