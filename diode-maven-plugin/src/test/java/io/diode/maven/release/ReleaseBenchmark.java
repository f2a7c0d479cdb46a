package io.diode.maven.release;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.diode.ic.Sha256;
import io.diode.maven.build.CanisterManifest;
import io.diode.maven.build.ManifestEntry;
import io.diode.maven.build.RecordingLog;
import io.diode.pocketic.embedded.server.PocketIcServer;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Times the release services against the embedded engine's IC HTTP interface, in process: connect (status and root
 * key), first deploy (create and install), a no-op deploy, version check, status and a forced upgrade of one canister.
 * Prints medians over the given number of rounds; asserts nothing.
 * <pre>
 * scripts/with-jdk ./mvnw -B -q -pl diode-maven-plugin -am test-compile dependency:build-classpath \
 *      -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
 * cd diode-maven-plugin && ../scripts/with-jdk java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
 *      io.diode.maven.release.ReleaseBenchmark ../sample-project/target/canisters/canisters.json factory 5
 * </pre>
 */
public final class ReleaseBenchmark {
    private ReleaseBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path manifestFile = Path.of(args.length > 0 ? args[0] : "../sample-project/target/canisters/canisters.json");
        String canister = args.length > 1 ? args[1] : "factory";
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        CanisterManifest manifest = ManifestModule.readManifest(manifestFile);
        ManifestEntry entry = manifest.canisters().stream()
                .filter(candidate -> candidate.name().equals(canister))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no canister " + canister + " in " + manifestFile));
        ManifestModule module = ManifestModule.load(manifestFile, entry);
        // The same code under another module hash (gzipped), so that every round has a real upgrade to do.
        java.io.ByteArrayOutputStream gzipped = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gzipped)) {
            out.write(module.bytes());
        }
        ManifestModule other = new ManifestModule(
                module.name(),
                module.version(),
                gzipped.toByteArray(),
                Sha256.hex(gzipped.toByteArray()),
                module.enhancedOrthogonalPersistence());

        Path directory = Files.createTempDirectory("release-benchmark");
        Path pem = directory.resolve("identity.pem");
        Files.writeString(
                pem,
                "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder()
                                .encodeToString(KeyPairGenerator.getInstance("Ed25519")
                                        .generateKeyPair()
                                        .getPrivate()
                                        .getEncoded())
                        + "\n-----END PRIVATE KEY-----\n");
        Map<String, List<Long>> times = new java.util.LinkedHashMap<>();
        RecordingLog log = new RecordingLog();
        try (PocketIcServer server = PocketIcServer.start()) {
            for (int round = 0; round < rounds; round++) {
                String body = """
                        {"subnet_config_set": {"application": [{"state_config": "New", "instruction_config": "Production"}]},
                         "initial_time": {"AutoProgress": {"artificial_delay_ms": 0}}}""";
                HttpResponse<String> created = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/instances"))
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString(body))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                int instance = new ObjectMapper()
                        .readTree(created.body())
                        .path("Created")
                        .path("instance_id")
                        .asInt();
                NetworkSettings network =
                        new NetworkSettings("local", URI.create(server.baseUrl() + "/instances/" + instance), true);
                SigningIdentity identity = new IdentityLoader(log).load(pem, network);
                CanisterIdFile ids = new CanisterIdFile(directory.resolve("ids-" + round + ".json"));
                long start = System.nanoTime();
                try (Ic4jReplicaGateway gateway =
                        Ic4jReplicaGateway.connect(network, identity, Duration.ofSeconds(120), true, false, log)) {
                    start = record(times, "connect (status, root key)", start);
                    Deployer deployer = new Deployer(gateway, new CanisterIds(network, ids, Map.of()), log);
                    DeployOutcome first = deployer.deploy(
                            module,
                            DeployMode.AUTO,
                            CanisterVersion.NO_ARGUMENTS,
                            CanisterVersion.NO_ARGUMENTS,
                            BigInteger.valueOf(100_000_000_000_000L));
                    start = record(times, "deploy: create + install (" + module.bytes().length / 1024 + " KiB)", start);
                    deployer.deploy(
                            module,
                            DeployMode.AUTO,
                            CanisterVersion.NO_ARGUMENTS,
                            CanisterVersion.NO_ARGUMENTS,
                            BigInteger.ONE);
                    start = record(times, "deploy: no-op (module hash read)", start);
                    new VersionCheck(gateway).check(canister, first.id(), module.moduleHash(), module.version());
                    start = record(times, "version check of one canister", start);
                    new StatusReport(gateway).status(canister, first.id());
                    start = record(times, "status of one canister", start);
                    deployer.deploy(
                            other,
                            DeployMode.AUTO,
                            CanisterVersion.NO_ARGUMENTS,
                            CanisterVersion.NO_ARGUMENTS,
                            BigInteger.ONE);
                    record(times, "deploy: upgrade to another module", start);
                }
            }
        }
        System.out.printf(
                "%-45s %10s %10s%n", "step (" + rounds + " rounds, fresh instance each)", "median ms", "max ms");
        for (Map.Entry<String, List<Long>> step : times.entrySet()) {
            List<Long> sorted = new ArrayList<>(step.getValue());
            Collections.sort(sorted);
            System.out.printf(
                    "%-45s %10.1f %10.1f%n",
                    step.getKey(), sorted.get(sorted.size() / 2) / 1e6, sorted.getLast() / 1e6);
        }
    }

    private static long record(Map<String, List<Long>> times, String step, long start) {
        long now = System.nanoTime();
        times.computeIfAbsent(step, name -> new ArrayList<>()).add(now - start);
        return now;
    }
}
