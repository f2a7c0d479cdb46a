package io.diode.pocketic.client;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A blocking HTTP/1.1 client for one server, with persistent connections: each request runs on the calling thread
 * over a kept-alive socket. The JDK's {@code HttpClient} hands every exchange to its selector and executor threads;
 * on the 2-core build machines that cost ~0.6–0.8 ms per round trip on loopback, more than the engine's share of a
 * canister call, while a plain socket round trip costs ~0.15 ms. Enough of HTTP/1.1 for a PocketIC server: requests
 * with a fixed-length body, answers with {@code Content-Length}, chunked or close-delimited bodies.
 */
final class Http1Client implements AutoCloseable {

    /** An answer: status and the whole body. */
    record Response(int status, byte[] body) {}

    /** The server did not answer within the request timeout. */
    static final class RequestTimeoutException extends IOException {
        RequestTimeoutException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The connection could not be made within the connect timeout. */
    static final class ConnectTimeoutException extends IOException {
        ConnectTimeoutException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * A kept-alive connection is not reused after this long idle: servers close idle connections (the JDK's server
     * after 30 s), and a request written into a connection the server is closing cannot tell whether it arrived.
     */
    private static final long MAX_IDLE_NANOS = Duration.ofSeconds(10).toNanos();

    private static final int MAX_HEADER_LINE = 64 * 1024;
    private static final int MAX_IDLE_CONNECTIONS = 8;

    private final String host;
    private final int port;
    private final boolean tls;
    private final String hostHeader;
    private final int connectTimeoutMillis;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    Http1Client(URI server, Duration connectTimeout) {
        String scheme = Objects.requireNonNull(server.getScheme(), "scheme").toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("only http:// and https:// URLs are supported, not " + server);
        }
        this.tls = scheme.equals("https");
        this.host = Objects.requireNonNull(server.getHost(), () -> "no host in " + server);
        this.port = server.getPort() >= 0 ? server.getPort() : tls ? 443 : 80;
        this.hostHeader =
                (host.contains(":") ? "[" + host + "]" : host) + (server.getPort() >= 0 ? ":" + server.getPort() : "");
        this.connectTimeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
    }

    /**
     * Sends one request and reads the whole answer. {@code pathAndQuery} starts with {@code /}; {@code body} is
     * {@code null} for a request without one.
     *
     * @throws ConnectTimeoutException if no connection could be made within the connect timeout
     * @throws RequestTimeoutException if the answer did not arrive within {@code timeout}
     */
    Response send(String method, String pathAndQuery, String contentType, byte[] body, Duration timeout)
            throws IOException {
        if (closed) {
            throw new IOException("the client is closed");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] head = requestHead(method, pathAndQuery, contentType, body);
        while (true) {
            Connection connection = idleConnection();
            boolean reused = connection != null;
            if (connection == null) {
                connection = open(deadline);
            }
            try {
                Response response = connection.exchange(head, body, method.equals("HEAD"), deadline);
                if (connection.keepAlive && !closed && idle.size() < MAX_IDLE_CONNECTIONS) {
                    connection.idleSince = System.nanoTime();
                    idle.push(connection);
                } else {
                    connection.close();
                }
                return response;
            } catch (IOException e) {
                connection.close();
                // A kept-alive connection the server had closed fails before a byte of the answer arrives: the
                // request never reached the server, so it is sent again on a new connection.
                if (reused && !connection.answerStarted && !(e instanceof RequestTimeoutException)) {
                    continue;
                }
                throw e;
            }
        }
    }

    private Connection idleConnection() {
        long now = System.nanoTime();
        Connection connection;
        while ((connection = idle.poll()) != null) {
            if (now - connection.idleSince < MAX_IDLE_NANOS) {
                return connection;
            }
            connection.close();
        }
        return null;
    }

    private Connection open(long deadline) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            try {
                socket.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
            } catch (SocketTimeoutException e) {
                throw new ConnectTimeoutException(
                        "no connection to " + host + ":" + port + " within " + connectTimeoutMillis + " ms", e);
            }
            if (tls) {
                SSLSocket secure = (SSLSocket)
                        ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(socket, host, port, true);
                SSLParameters parameters = secure.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                secure.setSSLParameters(parameters);
                socket = secure;
            }
            return new Connection(socket);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private byte[] requestHead(String method, String pathAndQuery, String contentType, byte[] body) {
        StringBuilder head = new StringBuilder(160)
                .append(method)
                .append(' ')
                .append(pathAndQuery)
                .append(" HTTP/1.1\r\nHost: ")
                .append(hostHeader)
                .append("\r\nAccept: */*\r\n");
        if (body != null) {
            if (contentType != null) {
                head.append("Content-Type: ").append(contentType).append("\r\n");
            }
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        closed = true;
        Connection connection;
        while ((connection = idle.poll()) != null) {
            connection.close();
        }
    }

    /** One socket; used by one request at a time (it is either in {@link #idle} or held by a request). */
    private static final class Connection {
        private final Socket socket;
        private final DeadlineInput in;
        private final OutputStream out;
        private boolean keepAlive;
        private boolean answerStarted;
        private long idleSince;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new DeadlineInput(socket);
            this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
        }

        Response exchange(byte[] head, byte[] body, boolean headRequest, long deadline) throws IOException {
            answerStarted = false;
            in.deadline = deadline;
            out.write(head);
            if (body != null) {
                out.write(body);
            }
            out.flush();
            while (true) {
                String statusLine = in.line();
                answerStarted = true;
                int status = parseStatus(statusLine);
                boolean http10 = statusLine.startsWith("HTTP/1.0");
                long contentLength = -1;
                boolean chunked = false;
                keepAlive = !http10;
                for (String line = in.line(); !line.isEmpty(); line = in.line()) {
                    int colon = line.indexOf(':');
                    if (colon <= 0) {
                        throw new IOException("malformed HTTP header line: " + line);
                    }
                    String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                    String value = line.substring(colon + 1).trim();
                    switch (name) {
                        case "content-length" -> contentLength = parseLength(value);
                        case "transfer-encoding" ->
                            chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
                        case "connection" -> {
                            String token = value.toLowerCase(Locale.ROOT);
                            keepAlive = token.contains("close") ? false : token.contains("keep-alive") || keepAlive;
                        }
                        default -> {
                            // not needed by this client
                        }
                    }
                }
                if (status >= 100 && status < 200) {
                    continue; // an interim answer (100 Continue): the final one follows
                }
                byte[] content;
                if (headRequest || status == 204 || status == 304) {
                    content = new byte[0];
                } else if (chunked) {
                    content = in.chunked();
                } else if (contentLength >= 0) {
                    content = in.exactly(contentLength);
                } else {
                    content = in.toEnd();
                    keepAlive = false;
                }
                return new Response(status, content);
            }
        }

        private static int parseStatus(String line) throws IOException {
            if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' ') {
                throw new IOException("not an HTTP/1.x answer: " + abbreviate(line));
            }
            try {
                return Integer.parseInt(line.substring(9, 12));
            } catch (NumberFormatException e) {
                throw new IOException("malformed HTTP status line: " + abbreviate(line), e);
            }
        }

        private static long parseLength(String value) throws IOException {
            try {
                long length = Long.parseLong(value);
                if (length < 0 || length > Integer.MAX_VALUE - 8) {
                    throw new IOException("unsupported Content-Length " + value);
                }
                return length;
            } catch (NumberFormatException e) {
                throw new IOException("malformed Content-Length " + value, e);
            }
        }

        private static String abbreviate(String line) {
            return line.length() <= 80 ? line : line.substring(0, 80) + "…";
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }

    /** A buffered socket input whose every read waits at most until the request's deadline. */
    private static final class DeadlineInput {
        private final Socket socket;
        private final InputStream raw;
        private final byte[] buffer = new byte[16 * 1024];
        private int position;
        private int limit;
        long deadline;

        DeadlineInput(Socket socket) throws IOException {
            this.socket = socket;
            this.raw = socket.getInputStream();
        }

        private boolean fill() throws IOException {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new RequestTimeoutException("no answer within the request timeout", null);
            }
            socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, (remaining + 999_999) / 1_000_000)));
            int read;
            try {
                read = raw.read(buffer);
            } catch (SocketTimeoutException e) {
                throw new RequestTimeoutException("no answer within the request timeout", e);
            }
            if (read < 0) {
                return false;
            }
            position = 0;
            limit = read;
            return true;
        }

        String line() throws IOException {
            StringBuilder line = new StringBuilder(64);
            while (true) {
                if (position == limit && !fill()) {
                    throw new EOFException("the server closed the connection");
                }
                byte b = buffer[position++];
                if (b == '\n') {
                    int length = line.length();
                    if (length > 0 && line.charAt(length - 1) == '\r') {
                        line.setLength(length - 1);
                    }
                    return line.toString();
                }
                if (line.length() >= MAX_HEADER_LINE) {
                    throw new IOException("an HTTP header line longer than " + MAX_HEADER_LINE + " bytes");
                }
                line.append((char) (b & 0xff));
            }
        }

        byte[] exactly(long length) throws IOException {
            byte[] result = new byte[(int) length];
            int done = 0;
            while (done < result.length) {
                if (position == limit && !fill()) {
                    throw new EOFException(
                            "the server closed the connection after " + done + " of " + length + " body bytes");
                }
                int n = Math.min(limit - position, result.length - done);
                System.arraycopy(buffer, position, result, done, n);
                position += n;
                done += n;
            }
            return result;
        }

        byte[] chunked() throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = line();
                int extension = sizeLine.indexOf(';');
                String hex = (extension >= 0 ? sizeLine.substring(0, extension) : sizeLine).trim();
                long size;
                try {
                    size = Long.parseLong(hex, 16);
                } catch (NumberFormatException e) {
                    throw new IOException("malformed chunk size: " + hex, e);
                }
                if (size < 0 || body.size() + size > Integer.MAX_VALUE - 8) {
                    throw new IOException("unsupported chunk size " + hex);
                }
                if (size == 0) {
                    while (!line().isEmpty()) {
                        // trailer fields: ignored
                    }
                    return body.toByteArray();
                }
                body.writeBytes(exactly(size));
                if (!line().isEmpty()) {
                    throw new IOException("a chunk is not followed by CRLF");
                }
            }
        }

        byte[] toEnd() throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.write(buffer, position, limit - position);
            position = limit;
            while (fill()) {
                body.write(buffer, 0, limit);
                position = limit;
            }
            return body.toByteArray();
        }
    }
}
