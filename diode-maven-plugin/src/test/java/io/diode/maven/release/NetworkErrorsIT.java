package io.diode.maven.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.diode.ic.Sha256;
import io.diode.maven.build.RecordingLog;
import io.diode.pocketic.embedded.server.PocketIcServer;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.ic4j.agent.identity.AnonymousIdentity;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release goals' first contact with a network, misconfigured the ways users misconfigure it, against the
 * embedded PocketIC server: each mistake gets a message that says what is wrong, quickly.
 */
class NetworkErrorsIT {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(300);
    private static PocketIcServer server;
    private static String instanceUrl;
    private static final SigningIdentity ANONYMOUS =
            new SigningIdentity(new AnonymousIdentity(), "anonymous", Principal.anonymous());

    @TempDir
    Path directory;

    @BeforeAll
    static void startServer() throws Exception {
        server = PocketIcServer.start();
        HttpResponse<String> created = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(server.baseUrl() + "/instances"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"subnet_config_set\": {\"application\": [{\"state_config\":"
                                                + " \"New\", \"instruction_config\": \"Production\"}]}}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(created.body()).contains("\"instance_id\":0");
        instanceUrl = server.baseUrl() + "/instances/0";
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static Ic4jReplicaGateway connect(String url) throws ReleaseException {
        return Ic4jReplicaGateway.connect(
                new NetworkSettings("local", URI.create(url), true),
                ANONYMOUS,
                CALL_TIMEOUT,
                true,
                false,
                new RecordingLog());
    }

    @Test
    void aWrongInstanceIdNamesTheInstancesThatExist() {
        assertThatThrownBy(() -> connect(server.baseUrl() + "/instances/7"))
                .isInstanceOf(ReleaseException.class)
                .hasMessageContaining("PocketIC instance 7 does not exist on " + server.baseUrl())
                .hasMessageContaining("its instances: 0 (Available)")
                .hasMessageContaining(server.baseUrl() + "/instances/0")
                .hasMessageNotContaining("{0}");
    }

    @Test
    void aPocketIcServerWithoutAnInstancePathSaysWhereTheInstancesAre() {
        assertThatThrownBy(() -> connect(server.baseUrl()))
                .isInstanceOf(ReleaseException.class)
                .hasMessageContaining(server.baseUrl() + " is a PocketIC server")
                .hasMessageContaining(server.baseUrl() + "/instances/<id>")
                .hasMessageNotContaining("{0}");
    }

    @Test
    void aServerThatIsNotAnIcReplicaIsNamedAsSuch() throws Exception {
        HttpServer web = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        web.createContext("/", exchange -> {
            byte[] page = "<html><body>Welcome to nginx!</body></html>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        web.start();
        try {
            String url = "http://127.0.0.1:" + web.getAddress().getPort();
            assertThatThrownBy(() -> connect(url))
                    .isInstanceOf(ReleaseException.class)
                    .hasMessageContaining("does not speak the IC HTTP interface")
                    .hasMessageContaining("GET " + url + "/api/v2/status answered HTTP 200 (text/html)")
                    .hasMessageContaining("Welcome to nginx!")
                    .hasMessageNotContaining("{0}");
        } finally {
            web.stop(0);
        }
    }

    @Test
    void anHttpsUrlToAPlainHttpPortFailsFastSayingSo() {
        String https = instanceUrl.replace("http://", "https://");
        long started = System.nanoTime();
        assertThatThrownBy(() -> connect(https))
                .isInstanceOf(ReleaseException.class)
                .hasMessageContaining("TLS")
                .hasMessageContaining("use " + instanceUrl);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(60));
    }

    @Test
    void aStaleIdInTheCanisterIdFilePointsAtTheFile() throws Exception {
        CanisterIdFile ids = new CanisterIdFile(directory.resolve("canister_ids.json"));
        // An id from an earlier instance of the network: valid, but no such canister here.
        Principal stale = Principal.fromString("lxzze-o7777-77777-aaaaa-cai");
        ids.record("factory", "local", stale);
        byte[] wasm = {0, 'a', 's', 'm', 1, 0, 0, 0};
        try (Ic4jReplicaGateway gateway = connect(instanceUrl)) {
            Deployer deployer =
                    new Deployer(gateway, new CanisterIds(gateway.network(), ids, Map.of()), new RecordingLog());
            assertThatThrownBy(() -> deployer.deploy(
                            new ManifestModule("factory", null, wasm, Sha256.hex(wasm), false),
                            DeployMode.AUTO,
                            new byte[0],
                            new byte[0],
                            BigInteger.TEN))
                    .isInstanceOf(ReleaseException.class)
                    .hasMessageContaining("Canister factory (" + stale + ") does not exist on network local")
                    .hasMessageContaining(ids.path().toString())
                    .hasMessageContaining("delete the entry");
        }
    }
}
