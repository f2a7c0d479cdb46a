package io.diode.pocketic.embedded.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.diode.pocketic.embedded.engine.MotokoCanisters;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP gateway ({@code POST /http_gateway}) and live mode: PicJS's {@code makeLive()} with an
 * {@code @icp-sdk/core} agent, canister HTTP pages fetched by plain HTTP clients, the REST endpoints' answers.
 */
class HttpGatewayIT {

    private static final byte[] EMPTY_ARGS = {'D', 'I', 'D', 'L', 0, 0};

    private static PocketIcServer server;
    private static RestClient rest;
    private static byte[] wasm;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startServer() {
        wasm = MotokoCanisters.wasm("httppage");
        server = PocketIcServer.start();
        rest = new RestClient(server.baseUrl());
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void picJsMakeLiveServesAnIcpSdkAgentAndCanisterHttp(@TempDir Path directory) throws Exception {
        Path wasmFile = Files.write(directory.resolve("httppage.wasm"), wasm);

        PicJs.Run run = PicJs.runScript("picjs-live.cjs", List.of(server.baseUrl(), wasmFile.toString()), 600);

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output())
                .contains(
                        "ok canister installed",
                        "ok live, gateway on port",
                        "ok update calls",
                        "ok query call",
                        "ok read_state of module hash and controllers",
                        "ok canister HTTP page",
                        "ok canister HTTP upgraded to http_request_update",
                        "ok stopLive closed the gateway",
                        "PASS");
        // @icp-sdk/core tries the v4 call endpoint first and warns when it falls back to v2
        assertThat(run.output()).doesNotContain("v4 api not supported");
    }

    @Test
    void plainHttpClientsGetACanistersPagesThroughTheGateway() throws Exception {
        int instance = rest.createInstance();
        Principal canister = rest.installCanister(instance, wasm);
        JsonNode created =
                rest.json("POST", "/http_gateway", "{\"forward_to\":{\"PocketIcInstance\":" + instance + "}}");
        int port = created.path("Created").path("port").intValue();
        int gatewayId = created.path("Created").path("instance_id").intValue();
        String gateway = "http://127.0.0.1:" + port;

        HttpResponse<String> page = get(gateway + "/index.html?canisterId=" + canister);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .isEqualTo("Hello from a Motoko canister: GET /index.html?canisterId=" + canister
                        + " (hits 0, agent Java-http-client/" + System.getProperty("java.version") + ")");
        assertThat(page.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");

        // the canister named by the host, as browsers reach http://<canister id>.localhost:<port>/
        String byHost = rawGet(port, "/page", canister + ".localhost:" + port);
        assertThat(byHost).startsWith("HTTP/1.1 200").contains("Hello from a Motoko canister: GET /page (hits 0");

        HttpResponse<String> missing = get(gateway + "/missing?canisterId=" + canister);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("nothing at /missing");

        // http_request answers upgrade = opt true: the gateway calls http_request_update, which changes state
        HttpResponse<String> counted = get(gateway + "/count?canisterId=" + canister);
        assertThat(counted.statusCode()).isEqualTo(200);
        assertThat(counted.body()).isEqualTo("updated: GET /count?canisterId=" + canister + " hits 1 body ");
        assertThat(rest.query(instance, canister, "get", EMPTY_ARGS)).isEqualTo(natReply(1));

        assertThat(rest.json("GET", "/http_gateway", "").toString())
                .contains(
                        "{\"instance_id\":" + gatewayId + ",\"port\":" + port + ",\"forward_to\":{\"PocketIcInstance\":"
                                + instance + "},\"domains\":null,\"https_config\":null}");
        assertThat(rest.send("POST", "/http_gateway/" + gatewayId + "/stop", "").status())
                .isEqualTo(200);
        assertThat(rest.json("GET", "/http_gateway", "").toString()).doesNotContain("\"port\":" + port);
        try {
            HttpResponse<String> afterStop = get(gateway + "/index.html?canisterId=" + canister);
            throw new AssertionError("the stopped gateway still answered " + afterStop.statusCode());
        } catch (ConnectException expected) {
            // closed
        }
    }

    @Test
    void badRequestsToTheGatewayGetClearAnswers() throws Exception {
        int instance = rest.createInstance();
        Principal canister = rest.installCanister(instance, wasm);
        String gateway = gatewayUrl("{\"forward_to\":{\"PocketIcInstance\":" + instance + "}}");

        HttpResponse<String> noCanister = get(gateway + "/index.html");
        assertThat(noCanister.statusCode()).isEqualTo(400);
        assertThat(noCanister.body()).contains("which canister", "?canisterId=");
        HttpResponse<String> notAnId = get(gateway + "/?canisterId=not-a-canister");
        assertThat(notAnId.statusCode()).isEqualTo(400);
        assertThat(notAnId.body()).contains("\"not-a-canister\" is not a canister id");
        HttpResponse<String> unknownCanister = get(gateway + "/?canisterId=rrkah-fqaaa-aaaaa-aaaaq-cai");
        assertThat(unknownCanister.statusCode()).isEqualTo(502);
        assertThat(unknownCanister.body()).contains("rrkah-fqaaa-aaaaa-aaaaq-cai", "http_request");
        // a canister without http_request: the replica's reject, named
        Principal probe =
                rest.installCanister(instance, Files.readAllBytes(Path.of("src/test/resources/server/probe.wasm")));
        HttpResponse<String> noMethod = get(gateway + "/?canisterId=" + probe);
        assertThat(noMethod.statusCode()).isEqualTo(502);
        assertThat(noMethod.body()).contains("http_request");
        HttpResponse<String> badHeader = get(gateway + "/bad-header?canisterId=" + canister);
        assertThat(badHeader.statusCode()).isEqualTo(502);
        assertThat(badHeader.body()).contains("a header that HTTP cannot carry", "\"Bad Name\"");
        assertThat(badHeader.headers().firstValue("injected")).isEmpty();
        // the IC HTTP interface is forwarded unchanged
        HttpResponse<byte[]> status = http.send(
                HttpRequest.newBuilder(URI.create(gateway + "/api/v2/status")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.headers().firstValue("content-type")).hasValue("application/cbor");
        // a base URL ending in a slash joined with "/api/...": still the IC HTTP interface, not canister HTTP
        assertThat(http.send(
                                HttpRequest.newBuilder(URI.create(gateway + "//api/v2/status"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofByteArray())
                        .statusCode())
                .isEqualTo(200);
        assertThat(get(gateway + "/index.html?canisterId=" + canister).statusCode())
                .isEqualTo(200);

        RestClient.Reply unknownInstance =
                rest.send("POST", "/http_gateway", "{\"forward_to\":{\"PocketIcInstance\":999}}");
        assertThat(unknownInstance.status()).isEqualTo(502);
        assertThat(unknownInstance.body()).contains("\"Error\"", "instance 999");
        RestClient.Reply https = rest.send(
                "POST",
                "/http_gateway",
                "{\"forward_to\":{\"PocketIcInstance\":" + instance
                        + "},\"https_config\":{\"cert_path\":\"c\",\"key_path\":\"k\"}}");
        assertThat(https.status()).isEqualTo(400);
        assertThat(https.body()).contains("https_config", "not supported");
        RestClient.Reply both = rest.send(
                "POST",
                "/http_gateway",
                "{\"forward_to\":{\"PocketIcInstance\":0,\"Replica\":\"http://127.0.0.1:1\"}}");
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.body()).contains("either");
        RestClient.Reply unreachable =
                rest.send("POST", "/http_gateway", "{\"forward_to\":{\"Replica\":\"http://127.0.0.1:1\"}}");
        assertThat(unreachable.status()).isEqualTo(502);
        assertThat(unreachable.body()).contains("http://127.0.0.1:1");
        assertThat(rest.send("POST", "/http_gateway/12345/stop", "").status()).isEqualTo(200);
    }

    @Test
    void concurrentPagesAndUpgradesAreAllServed() throws Exception {
        int instance = rest.createInstance();
        Principal canister = rest.installCanister(instance, wasm);
        String gateway = gatewayUrl("{\"forward_to\":{\"PocketIcInstance\":" + instance + "}}");

        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> answers = new java.util.ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String path = i % 4 == 0 ? "/count?n=" + i : "/page?n=" + i;
            answers.add(http.sendAsync(
                    HttpRequest.newBuilder(URI.create(gateway + path + "&canisterId=" + canister))
                            .build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (var answer : answers) {
            HttpResponse<String> response = answer.get(5, java.util.concurrent.TimeUnit.MINUTES);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }
        // six upgraded requests, each executed once as an update
        assertThat(rest.query(instance, canister, "get", EMPTY_ARGS)).isEqualTo(natReply(6));

        HttpResponse<Void> preflight = http.send(
                HttpRequest.newBuilder(URI.create(gateway + "/api/v2/status"))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", "http://example.org")
                        .header("Access-Control-Request-Method", "POST")
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("access-control-allow-origin"))
                .hasValue("*");
    }

    @Test
    void aGatewayForwardsToAReplicaUrl() throws Exception {
        int instance = rest.createInstance();
        Principal canister = rest.installCanister(instance, wasm);
        // the replica: another server's port for this instance, reached over HTTP like a real replica
        String replica = server.baseUrl() + "/instances/" + instance;
        String gateway = gatewayUrl("{\"forward_to\":{\"Replica\":\"" + replica + "\"}}");

        HttpResponse<String> page = get(gateway + "/index.html?canisterId=" + canister);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).startsWith("Hello from a Motoko canister: GET /index.html");
        HttpResponse<String> counted = get(gateway + "/count?canisterId=" + canister);
        assertThat(counted.body()).startsWith("updated: GET /count");
        assertThat(rest.query(instance, canister, "get", EMPTY_ARGS)).isEqualTo(natReply(1));
    }

    @Test
    void anInstanceCreatedWithAGatewayConfigGetsOne() throws Exception {
        JsonNode created = rest.json(
                "POST",
                "/instances",
                "{\"subnet_config_set\":{\"application\":[{\"state_config\":"
                        + "\"New\",\"instruction_config\":\"Production\"}]},\"http_gateway_config\":{\"domains\":[\"localhost\"]}}");
        int instance = created.path("Created").path("instance_id").intValue();
        int port =
                created.path("Created").path("http_gateway_info").path("port").intValue();
        assertThat(port).isPositive();
        Principal canister = rest.installCanister(instance, wasm);

        assertThat(get("http://127.0.0.1:" + port + "/?canisterId=" + canister).body())
                .startsWith("Hello from a Motoko canister: GET /");
    }

    private String gatewayUrl(String config) throws IOException, InterruptedException {
        JsonNode created = rest.json("POST", "/http_gateway", config);
        return "http://127.0.0.1:" + created.path("Created").path("port").intValue();
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A GET with a Host header of our choosing (the JDK client does not allow setting it), as curl -H would send. */
    private static String rawGet(int port, String path, String host) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(
                    ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: raw\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            try (InputStream in = socket.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    private static byte[] natReply(int value) {
        return new byte[] {'D', 'I', 'D', 'L', 0, 1, 0x7d, (byte) value};
    }
}
