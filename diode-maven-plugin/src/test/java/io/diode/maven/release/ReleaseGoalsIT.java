package io.diode.maven.release;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.diode.maven.build.CanisterManifest;
import io.diode.maven.build.RecordingLog;
import io.diode.pocketic.embedded.server.PocketIcServer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.ic4j.candid.parser.IDLArgs;
import org.ic4j.candid.parser.IDLType;
import org.ic4j.candid.parser.IDLValue;
import org.ic4j.candid.types.Label;
import org.ic4j.candid.types.Type;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The release goals end to end: real Maven builds of {@code src/it-release/sample-release} (the sample's Factory and
 * Zone, compiled in place) against the IC HTTP interface of an embedded engine instance started in this JVM.
 * The tests run in order on one project and one instance, as a release pipeline would: failures that must not
 * touch anything, first deploy, no-op redeploy, version check and mismatch, fleet upgrade, status.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReleaseGoalsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** One application subnet whose time and rounds progress on their own, as a replica an agent talks to does. */
    private static final String INSTANCE_CONFIG = """
            {"subnet_config_set": {"application": [{"state_config": "New", "instruction_config": "Production"}]},
             "initial_time": {"AutoProgress": {"artificial_delay_ms": 0}}}""";

    private static PocketIcServer server;
    private static String networkUrl;
    private static Path project;
    private static MavenProjectRunner maven;

    @BeforeAll
    static void startEngineAndCopyProject() throws Exception {
        Path template = Path.of("src/it-release/sample-release/pom.xml").toAbsolutePath();
        project = Path.of("target/release-it/sample-release").toAbsolutePath();
        if (Files.exists(project)) {
            try (var files = Files.walk(project)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
        Files.createDirectories(project);
        Files.writeString(
                project.resolve("pom.xml"),
                Files.readString(template)
                        .replace("@pluginVersion@", MavenProjectRunner.required("diode.it.pluginVersion"))
                        .replace("@sampleProject@", sampleProject().toString()));
        writePrivateFile(project.resolve("identity.pem"), ed25519Pem());
        maven = new MavenProjectRunner(project);

        server = PocketIcServer.start();
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> created = http.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/instances"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(INSTANCE_CONFIG))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode instance = JSON.readTree(created.body()).path("Created").path("instance_id");
        assertThat(instance.isNumber())
                .as("instance creation: " + created.body())
                .isTrue();
        networkUrl = server.baseUrl() + "/instances/" + instance.asInt();
        HttpResponse<byte[]> status = http.send(
                HttpRequest.newBuilder(URI.create(networkUrl + "/api/v2/status"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(status.statusCode())
                .as("the instance's IC HTTP interface answers /api/v2/status")
                .isEqualTo(200);
    }

    @AfterAll
    static void stopEngine() {
        if (server != null) {
            server.close();
        }
    }

    private static Path sampleProject() {
        return Path.of(MavenProjectRunner.required("diode.it.sampleProject"))
                .toAbsolutePath()
                .normalize();
    }

    private static Properties network() {
        Properties properties = new Properties();
        properties.setProperty("diode.networkUrl", networkUrl);
        return properties;
    }

    @Test
    @Order(0)
    void eachGoalHasItsOwnSkipProperty() throws Exception {
        Properties properties = network();
        for (String skip : List.of("deploy", "versionCheck", "upgrade", "status")) {
            properties.setProperty("diode." + skip + ".skip", "true");
        }

        MavenProjectRunner.Build build =
                maven.run(List.of("diode:deploy", "diode:version-check", "diode:upgrade", "diode:status"), properties);

        assertThat(build.succeeded()).as(build.log()).isTrue();
        assertThat(build.log())
                .contains("diode:deploy skipped")
                .contains("diode:version-check skipped")
                .contains("diode:upgrade skipped")
                .contains("diode:status skipped");
        assertThat(project.resolve("canister_ids.json")).doesNotExist();
    }

    @Test
    @Order(1)
    void unreachableNetworkFailsWithAClearMessageAndNoStackTrace() throws Exception {
        Properties properties = network();
        properties.setProperty("diode.networkUrl", "http://127.0.0.1:" + closedPort());

        MavenProjectRunner.Build build = maven.run(List.of("compile", "diode:deploy"), properties);

        assertThat(build.succeeded()).isFalse();
        assertThat(build.log()).contains("Cannot reach network local").contains("Is the replica running?");
        assertNoStackTrace(build);
        assertThat(project.resolve("canister_ids.json")).doesNotExist();
    }

    @Test
    @Order(2)
    void badIdentityFileFailsWithAClearMessageAndNoStackTrace() throws Exception {
        Path garbage = project.resolve("garbage.pem");
        writePrivateFile(garbage, "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");
        Properties properties = network();
        properties.setProperty("diode.identity", garbage.toString());

        MavenProjectRunner.Build build = maven.run(List.of("diode:deploy"), properties);

        assertThat(build.succeeded()).isFalse();
        assertThat(build.log())
                .contains("garbage.pem is not a valid Ed25519 or secp256k1 PEM private key")
                .doesNotContain("bm90IGEga2V5");
        assertNoStackTrace(build);
    }

    @Test
    @Order(3)
    void deployCreatesAndInstallsTheFactoryAndRecordsItsId() throws Exception {
        MavenProjectRunner.Build build = maven.run(List.of("diode:deploy"), network());

        assertThat(build.succeeded()).as(build.log()).isTrue();
        assertThat(build.log())
                .contains("Canister factory: created")
                .contains("Canister factory (")
                .contains("): installed");
        JsonNode ids = JSON.readTree(project.resolve("canister_ids.json").toFile());
        assertThat(ids.path("factory").path("local").asText()).isNotBlank();
    }

    @Test
    @Order(4)
    void redeployIsANoOp() throws Exception {
        String idsBefore = Files.readString(project.resolve("canister_ids.json"));

        MavenProjectRunner.Build build = maven.run(List.of("diode:deploy"), network());

        assertThat(build.succeeded()).as(build.log()).isTrue();
        assertThat(build.log()).contains("up to date").contains("Nothing to deploy: every canister is up to date.");
        assertThat(Files.readString(project.resolve("canister_ids.json"))).isEqualTo(idsBefore);
    }

    @Test
    @Order(5)
    void versionCheckPassesThenFailsOnAVersionMismatch() throws Exception {
        MavenProjectRunner.Build passing = maven.run(List.of("diode:version-check"), network());
        assertThat(passing.succeeded()).as(passing.log()).isTrue();
        assertThat(passing.log()).contains("Version check passed: 1 canister(s) match the manifest.");

        Properties mismatch = network();
        mismatch.setProperty("factory.version", "7");
        MavenProjectRunner.Build failing = maven.run(List.of("compile", "diode:version-check"), mismatch);

        assertThat(failing.succeeded()).isFalse();
        assertThat(failing.log()).contains("MISMATCH (version)").contains("Version check failed on local for factory");
        assertNoStackTrace(failing);
        MavenProjectRunner.Build restored = maven.run(List.of("compile"), network());
        assertThat(restored.succeeded()).as(restored.log()).isTrue();
    }

    @Test
    @Order(6)
    void upgradeUpgradesTheFactoryThenItsZoneFleetInBatches() throws Exception {
        Principal factory = Principal.fromString(
                JSON.readTree(project.resolve("canister_ids.json").toFile())
                        .path("factory")
                        .path("local")
                        .asText());
        List<Principal> zones = createZones(factory, 3);
        // Release 2: the sample's sources with its version-2 constants (the package `version` points elsewhere).
        Properties version2 = version2();
        assertThat(maven.run(List.of("compile"), version2).succeeded()).isTrue();
        CanisterManifest manifest = CanisterManifest.read(project.resolve("target/canisters/canisters.json"));
        assertThat(manifest.canisters()).extracting(entry -> entry.version()).containsExactly("2", "2");

        Properties dryRun = version2();
        dryRun.setProperty("diode.dryRun", "true");
        MavenProjectRunner.Build plan = maven.run(List.of("diode:upgrade"), dryRun);
        assertThat(plan.succeeded()).as(plan.log()).isTrue();
        assertThat(plan.log())
                .contains("3 canister(s) in 2 batch(es) of at most 2")
                .contains("nothing was changed");

        MavenProjectRunner.Build upgrade = maven.run(List.of("diode:upgrade"), version2());

        assertThat(upgrade.succeeded()).as(upgrade.log()).isTrue();
        assertThat(upgrade.log())
                .contains("Zones batch 1/2: upgrading 2 canister(s)")
                .contains("Zones batch 2/2: upgrading 1 canister(s)");
        for (Principal zone : zones) {
            assertThat(upgrade.log()).contains(zone + ": upgraded v1 -> v2");
        }
        assertThat(upgrade.log()).contains("Upgrade complete: the factory and 3 zone(s) match the manifest.");
        MavenProjectRunner.Build check = maven.run(List.of("diode:version-check"), version2());
        assertThat(check.succeeded()).as(check.log()).isTrue();
        MavenProjectRunner.Build again = maven.run(List.of("diode:upgrade"), version2());
        assertThat(again.succeeded()).as(again.log()).isTrue();
        assertThat(again.log()).contains("already at").contains("upgraded v2 -> v2");
    }

    private static Properties version2() {
        Properties properties = network();
        properties.setProperty(
                "sample.versions",
                sampleProject().resolve("src/test/motoko-version-v2").toString());
        properties.setProperty("factory.version", "2");
        properties.setProperty("zone.version", "2");
        return properties;
    }

    @Test
    @Order(7)
    void statusShowsCyclesModuleHashVersionAndTheFleet() throws Exception {
        MavenProjectRunner.Build build = maven.run(List.of("diode:status"), version2());

        assertThat(build.succeeded()).as(build.log()).isTrue();
        CanisterManifest manifest = CanisterManifest.read(project.resolve("target/canisters/canisters.json"));
        assertThat(build.log())
                .contains("running")
                .contains(manifest.canisters().getFirst().moduleHash());
        // The factory's fleet (the three zones of the upgrade test): a table and the HTML report with a chart each.
        assertThat(build.log())
                .contains("Fleet of factory: 3 zone(s)")
                .contains("burn/day")
                .contains("runway (days)");
        Path report = project.resolve("target/diode/fleet-status.html");
        assertThat(report).exists();
        assertThat(Files.readString(report)).contains("Diode fleet on local");
    }

    /** Asks the deployed factory, as its controller, to create {@code count} zones. */
    private static List<Principal> createZones(Principal factory, int count) throws Exception {
        NetworkSettings local = new NetworkSettings("local", URI.create(networkUrl), true);
        SigningIdentity identity = new IdentityLoader(new RecordingLog()).load(project.resolve("identity.pem"), local);
        List<Principal> zones = new ArrayList<>();
        try (Ic4jReplicaGateway gateway =
                Ic4jReplicaGateway.connect(local, identity, Duration.ofSeconds(120), true, false, new RecordingLog())) {
            for (int index = 0; index < count; index++) {
                Map<Label, Object> args = new TreeMap<>();
                Map<Label, IDLType> types = new TreeMap<>();
                // The zone's owner (with the factory, a controller of the zone): the release identity here.
                args.put(Label.createNamedLabel("owners"), new Principal[] {identity.principal()});
                types.put(
                        Label.createNamedLabel("owners"),
                        IDLType.createType(Type.VEC, IDLType.createType(Type.PRINCIPAL)));
                field(args, types, "zone_id", "0x" + String.format("%040x", index + 1), Type.TEXT);
                field(args, types, "rpc_host", "https://rpc.example.org", Type.TEXT);
                field(args, types, "rpc_path", "/", Type.TEXT);
                field(args, types, "storage_limit_bytes", BigInteger.valueOf(1 << 20), Type.NAT);
                field(args, types, "membership_cache_seconds", BigInteger.valueOf(600), Type.NAT);
                field(args, types, "low_cycles_threshold", BigInteger.ZERO, Type.NAT);
                byte[] reply = gateway.update(
                        factory,
                        "create_zone",
                        IDLArgs.create(List.of(IDLValue.create(args, IDLType.createType(Type.RECORD, types))))
                                .toBytes());
                CandidReply candid = CandidReply.of("create_zone");
                Map.Entry<String, Object> result =
                        candid.variant(CandidReply.firstValue(reply, "create_zone"), "the result", "ok", "err");
                assertThat(result.getKey())
                        .as("create_zone result: " + result.getValue())
                        .isEqualTo("ok");
                zones.add(candid.principal(
                        candid.field(candid.record(result.getValue(), "zone"), "canister"), "canister"));
            }
        }
        return zones;
    }

    private static void field(
            Map<Label, Object> values, Map<Label, IDLType> types, String name, Object value, Type type) {
        values.put(Label.createNamedLabel(name), value);
        types.put(Label.createNamedLabel(name), IDLType.createType(type));
    }

    private static void assertNoStackTrace(MavenProjectRunner.Build build) {
        assertThat(build.log().lines().filter(line -> line.trim().startsWith("at ") && line.contains("(")))
                .isEmpty();
        assertThat(build.log()).doesNotContain("Exception:").doesNotContain("AgentError");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String ed25519Pem() throws Exception {
        byte[] pkcs8 = KeyPairGenerator.getInstance("Ed25519")
                .generateKeyPair()
                .getPrivate()
                .getEncoded();
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pkcs8) + "\n-----END PRIVATE KEY-----\n";
    }

    private static void writePrivateFile(Path file, String content) throws IOException {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
}
