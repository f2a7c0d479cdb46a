package io.diode.maven.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * The first contact with a network, before the agent's: {@code GET <url>/api/v2/status} with short connect and
 * response timeouts, so a wrong URL fails in seconds with what is wrong, not after the call timeout with
 * ic4j's "…communication with the replica: {0}". It recognises a server that is not up, an {@code https://} URL
 * to a plain-HTTP port, a PocketIC server without an instance path or with an instance id that does not exist
 * (naming the instances it has), and anything else that does not answer the IC HTTP interface.
 */
final class NetworkProbe {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(20);
    private static final Pattern INSTANCE_PATH = Pattern.compile("^(.*)/instances/([^/]+)/?$");
    /** CBOR's self-describe tag, which every IC HTTP interface answer starts with. */
    private static final byte[] CBOR_TAG = {(byte) 0xd9, (byte) 0xd9, (byte) 0xf7};

    private static final String INSTANCE_BODY = "{\"subnet_config_set\": {\"application\": [{\"state_config\": \"New\","
            + " \"instruction_config\": \"Production\"}]}}";

    private final NetworkSettings network;
    private final HttpClient http;

    NetworkProbe(NetworkSettings network) {
        this.network = network;
        this.http = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** @throws ReleaseException when {@code <url>/api/v2/status} is not an IC replica's answer */
    void check() throws ReleaseException {
        String url = withoutTrailingSlash(network.url().toString());
        HttpResponse<byte[]> status;
        try {
            status = get(url + "/api/v2/status");
        } catch (IOException failure) {
            throw unreachable(url, failure);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new ReleaseException("Interrupted while contacting network " + network);
        }
        if (status.statusCode() == 200
                && (startsWith(status.body(), CBOR_TAG)
                        || status.headers()
                                .firstValue("Content-Type")
                                .orElse("")
                                .contains("cbor"))) {
            return;
        }
        Optional<String> pocketIc = pocketIcDiagnosis(url);
        if (pocketIc.isPresent()) {
            throw new ReleaseException(pocketIc.get());
        }
        throw new ReleaseException("Network " + network.name() + " at " + url + " does not speak the IC HTTP interface:"
                + " GET " + url + "/api/v2/status answered HTTP " + status.statusCode() + " ("
                + status.headers().firstValue("Content-Type").orElse("no content type") + "): " + excerpt(status.body())
                + ". Check the network's <url> or -Ddiode.networkUrl: a replica's address (dfx: http://127.0.0.1:4943)"
                + " or a PocketIC instance (http://<host>:<port>/instances/<id>).");
    }

    private ReleaseException unreachable(String url, IOException failure) {
        boolean https = url.startsWith("https://");
        Throwable ssl = failure;
        while (ssl != null && !(ssl instanceof SSLException)) {
            ssl = ssl.getCause();
        }
        // A plain-HTTP server never answers a TLS ClientHello (or answers it with garbage): the handshake fails
        // or times out although the TCP connection was accepted.
        if (https && (ssl != null || failure instanceof HttpTimeoutException && tcpAccepts(network.url()))) {
            String plain = "http://" + url.substring("https://".length());
            return new ReleaseException(
                    "Network " + network.name() + " at " + url + " did not complete a TLS handshake ("
                            + (ssl != null ? ssl.getMessage() : "no answer within " + ANSWER_TIMEOUT.toSeconds() + " s")
                            + "): the server there probably speaks plain HTTP, as local replicas and PocketIC do. If so, use "
                            + plain + " (-Ddiode.networkUrl or the network's <url>).");
        }
        if (failure instanceof HttpConnectTimeoutException
                || failure instanceof ConnectException
                || failure.getCause() instanceof ConnectException) {
            return new ReleaseException("Cannot reach network " + network + ": "
                    + failure.getClass().getSimpleName()
                    + (failure.getMessage() == null ? "" : " (" + failure.getMessage() + ")")
                    + ". Is the replica running? Check the network's <url> or -Ddiode.networkUrl.");
        }
        if (failure instanceof HttpTimeoutException) {
            return new ReleaseException("Network " + network + " accepted the connection but did not answer GET " + url
                    + "/api/v2/status within " + ANSWER_TIMEOUT.toSeconds() + " s. Is it an IC replica? Check the"
                    + " network's <url> or -Ddiode.networkUrl.");
        }
        return new ReleaseException("Cannot reach network " + network + ": " + failure
                + ". Is the replica running? Check the network's <url> or -Ddiode.networkUrl.");
    }

    private static boolean tcpAccepts(URI url) {
        int port = url.getPort() >= 0 ? url.getPort() : 443;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(url.getHost(), port), (int) CONNECT_TIMEOUT.toMillis());
            return true;
        } catch (IOException | IllegalArgumentException refused) {
            return false;
        }
    }

    /** When {@code url} is (on) a PocketIC server, what is wrong with it. */
    private Optional<String> pocketIcDiagnosis(String url) {
        Matcher instancePath = INSTANCE_PATH.matcher(url);
        String server = instancePath.matches() ? instancePath.group(1) : url;
        Optional<List<String>> instances = instances(server);
        if (instances.isEmpty()) {
            return Optional.empty();
        }
        String listing = describe(instances.get());
        String create = " Create one with POST " + server + "/instances and the body " + INSTANCE_BODY + ".";
        String use = available(instances.get())
                .map(id -> " Use " + server + "/instances/" + id + ".")
                .orElse(create);
        if (!instancePath.matches()) {
            return Optional.of(url + " is a PocketIC server, not an IC replica: the IC HTTP interface of an instance is"
                    + " at " + server + "/instances/<id> (its instances: " + listing + ")." + use);
        }
        String id = instancePath.group(2);
        return Optional.of("PocketIC instance " + id + " does not exist on " + server + " (its instances: " + listing
                + ")." + (isDeleted(instances.get(), id) ? " It was deleted." : "") + use);
    }

    /** {@code GET /instances}: PocketIC lists each instance's state by id, e.g. {@code ["Available", "Deleted"]}. */
    private Optional<List<String>> instances(String server) {
        try {
            HttpResponse<byte[]> answer = get(server + "/instances");
            if (answer.statusCode() != 200) {
                return Optional.empty();
            }
            JsonNode states = new ObjectMapper().readTree(answer.body());
            if (!states.isArray()) {
                return Optional.empty();
            }
            List<String> list = new ArrayList<>();
            for (JsonNode state : states) {
                list.add(state.isTextual() ? state.asText() : state.toString());
            }
            return Optional.of(list);
        } catch (IOException | RuntimeException notPocketIc) {
            return Optional.empty();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static String describe(List<String> states) {
        if (states.isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        for (int id = 0; id < states.size(); id++) {
            parts.add(id + " (" + states.get(id) + ")");
        }
        return String.join(", ", parts);
    }

    private static Optional<Integer> available(List<String> states) {
        for (int id = 0; id < states.size(); id++) {
            if (states.get(id).equals("Available")) {
                return Optional.of(id);
            }
        }
        return Optional.empty();
    }

    private static boolean isDeleted(List<String> states, String id) {
        try {
            int index = Integer.parseInt(id);
            return index >= 0 && index < states.size() && states.get(index).equals("Deleted");
        } catch (NumberFormatException notANumber) {
            return false;
        }
    }

    private HttpResponse<byte[]> get(String url) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(ANSWER_TIMEOUT)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static String excerpt(byte[] body) {
        String text =
                new String(body, StandardCharsets.UTF_8).replaceAll("\\s+", " ").strip();
        if (text.isEmpty()) {
            return "(empty body)";
        }
        return "\"" + (text.length() > 200 ? text.substring(0, 200) + "…" : text) + "\"";
    }

    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
