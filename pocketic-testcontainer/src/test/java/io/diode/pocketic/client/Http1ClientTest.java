package io.diode.pocketic.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client's HTTP/1.1 layer against a raw socket server that answers exactly as scripted. */
class Http1ClientTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private RawServer server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void readsContentLengthChunkedAndCloseDelimitedBodies() throws Exception {
        server = new RawServer(request -> switch (request.path()) {
            case "/length" -> "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";
            case "/chunked" ->
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "3;ext=1\r\nabc\r\n4\r\ndefg\r\n0\r\nTrailer: x\r\n\r\n";
            default -> "HTTP/1.1 201 Created\r\nConnection: close\r\n\r\nuntil the end";
        });
        try (Http1Client client = new Http1Client(server.url(), TIMEOUT)) {
            assertThat(text(client.send("GET", "/length", null, null, TIMEOUT))).isEqualTo("hello");
            assertThat(text(client.send("GET", "/chunked", null, null, TIMEOUT)))
                    .isEqualTo("abcdefg");
            Http1Client.Response closing = client.send("POST", "/close", "text/plain", bytes("x"), TIMEOUT);
            assertThat(closing.status()).isEqualTo(201);
            assertThat(text(closing)).isEqualTo("until the end");
        }
        assertThat(server.connections).hasValue(1);
        assertThat(server.requests).extracting(RawRequest::body).containsExactly("", "", "x");
    }

    @Test
    void keepsOneConnectionAliveAcrossRequests() throws Exception {
        server = new RawServer(request -> "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        try (Http1Client client = new Http1Client(server.url(), TIMEOUT)) {
            for (int i = 0; i < 20; i++) {
                assertThat(client.send("POST", "/tick", "application/json", bytes("{}"), TIMEOUT)
                                .status())
                        .isEqualTo(200);
            }
        }
        assertThat(server.connections).hasValue(1);
        assertThat(server.requests)
                .hasSize(20)
                .allSatisfy(request -> assertThat(request.body()).isEqualTo("{}"));
    }

    @Test
    void resendsOnANewConnectionWhenTheServerClosedTheKeptAliveOne() throws Exception {
        AtomicInteger answered = new AtomicInteger();
        // the first answer says keep-alive, then the server drops the connection without a word
        server = new RawServer(request -> answered.incrementAndGet() == 2
                ? null
                : "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n" + answered.get());
        try (Http1Client client = new Http1Client(server.url(), TIMEOUT)) {
            assertThat(text(client.send("GET", "/a", null, null, TIMEOUT))).isEqualTo("1");
            assertThat(text(client.send("GET", "/b", null, null, TIMEOUT))).isEqualTo("3");
        }
        assertThat(server.connections).hasValue(2);
    }

    @Test
    void aServerThatDoesNotAnswerTimesOut() throws Exception {
        server = new RawServer(request -> {
            sleep(3_000);
            return "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
        });
        try (Http1Client client = new Http1Client(server.url(), TIMEOUT)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.send("GET", "/slow", null, null, Duration.ofMillis(200)))
                    .isInstanceOf(Http1Client.RequestTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        }
    }

    @Test
    void aNonHttpAnswerIsAnError() throws Exception {
        server = new RawServer(request -> "SSH-2.0-OpenSSH\r\n\r\n");
        try (Http1Client client = new Http1Client(server.url(), TIMEOUT)) {
            assertThatThrownBy(() -> client.send("GET", "/", null, null, TIMEOUT))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("not an HTTP/1.x answer");
        }
    }

    private static String text(Http1Client.Response response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    record RawRequest(String method, String path, String body) {}

    /**
     * Serves each connection on a thread of its own: reads requests with a Content-Length body and writes the
     * scripted answer verbatim; a {@code null} answer closes the connection without a word.
     */
    private static final class RawServer implements AutoCloseable {
        final List<RawRequest> requests = new CopyOnWriteArrayList<>();
        final AtomicInteger connections = new AtomicInteger();
        private final ServerSocket socket;
        private final Function<RawRequest, String> script;

        RawServer(Function<RawRequest, String> script) throws IOException {
            this.script = script;
            this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(this::accept);
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    connections.incrementAndGet();
                    Thread.ofVirtual().start(() -> serve(connection));
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void serve(Socket connection) {
            try (connection;
                    InputStream in = connection.getInputStream();
                    OutputStream out = connection.getOutputStream()) {
                while (true) {
                    String requestLine = line(in);
                    if (requestLine == null) {
                        return;
                    }
                    int length = 0;
                    for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
                        if (header.toLowerCase().startsWith("content-length:")) {
                            length = Integer.parseInt(header.substring(15).trim());
                        }
                    }
                    String[] parts = requestLine.split(" ");
                    RawRequest request = new RawRequest(
                            parts[0], parts[1], new String(in.readNBytes(length), StandardCharsets.UTF_8));
                    requests.add(request);
                    String answer = script.apply(request);
                    if (answer == null) {
                        return;
                    }
                    out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    if (answer.contains("Connection: close")) {
                        return;
                    }
                }
            } catch (IOException ignored) {
                // the client went away
            }
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
