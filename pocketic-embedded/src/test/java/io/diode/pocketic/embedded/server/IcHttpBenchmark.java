package io.diode.pocketic.embedded.server;

import io.diode.pocketic.embedded.certification.SubnetSigningKey;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.List;
import org.ic4j.agent.Agent;
import org.ic4j.agent.AgentBuilder;
import org.ic4j.agent.QueryBuilder;
import org.ic4j.agent.UpdateBuilder;
import org.ic4j.agent.Waiter;
import org.ic4j.agent.http.ReplicaOkHttpTransport;
import org.ic4j.agent.identity.BasicIdentity;
import org.ic4j.candid.parser.IDLArgs;
import org.ic4j.types.Principal;

/**
 * Prints requests per second through the IC HTTP interface, driven by ic4j-agent (OkHttp transport, Ed25519
 * identity, certificate verification on): query calls, and update round trips (v2 call, then request_status
 * read_state polls until the certified reply, which the engine has ready at the first poll); first the cost of the
 * server's BLS signature, which every certificate needs.
 *
 * <p>Run from the repository root (arguments: queries, updates): {@code scripts/with-jdk ./mvnw -B -q
 * -pl pocketic-embedded test-compile exec:exec -Dexec.executable=java -Dexec.classpathScope=test
 * -Dexec.args="-cp %classpath io.diode.pocketic.embedded.server.IcHttpBenchmark"}
 */
public final class IcHttpBenchmark {

    private static final Path PROBE_WASM = Path.of("src/test/resources/server/probe.wasm");

    private IcHttpBenchmark() {}

    public static void main(String[] args) throws Exception {
        int queries = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int updates = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        System.out.printf("cores: %d, java %s%n", Runtime.getRuntime().availableProcessors(), Runtime.version());
        measureSigning();
        byte[] noArguments = IDLArgs.create(List.of()).toBytes();
        try (PocketIcServer server = PocketIcServer.start()) {
            RestClient rest = new RestClient(server.baseUrl());
            int instance = rest.createInstance();
            Principal canister = rest.installCanister(instance, Files.readAllBytes(PROBE_WASM));
            Agent agent = new AgentBuilder()
                    .transport(ReplicaOkHttpTransport.create(server.agentUrl(instance)))
                    .identity(BasicIdentity.fromKeyPair(
                            KeyPairGenerator.getInstance("Ed25519").generateKeyPair()))
                    .build();
            agent.fetchRootKey();
            Waiter waiter = Waiter.create(60, 1);
            int warmUp = Math.min(200, queries);
            for (int i = 0; i < warmUp; i++) { // JIT of server, engine and agent
                query(agent, canister, noArguments);
                update(agent, canister, noArguments, waiter);
            }
            long start = System.nanoTime();
            for (int i = 0; i < queries; i++) {
                query(agent, canister, noArguments);
            }
            report("query calls (api/v2 query, node-signed), ic4j-agent", queries, System.nanoTime() - start);
            start = System.nanoTime();
            for (int i = 0; i < updates; i++) {
                update(agent, canister, noArguments, waiter);
            }
            report(
                    "update round trips (api/v2 call + certified request_status), ic4j-agent",
                    updates,
                    System.nanoTime() - start);
            BigInteger count = IDLArgs.fromBytes(query(agent, canister, noArguments))
                    .getArgs()
                    .getFirst()
                    .getValue();
            if (count.intValue() != updates + warmUp) {
                throw new IllegalStateException("the counter is " + count + ": updates were lost");
            }
        }
        System.exit(0); // OkHttp's connection pool keeps non-daemon threads alive for minutes
    }

    /** The server's share of every certificate: one BLS signature (hash to G1 and a scalar multiplication). */
    private static void measureSigning() {
        SubnetSigningKey certifier = new SubnetSigningKey(new byte[32]);
        byte[] digest = new byte[32];
        for (int i = 0; i < 20; i++) {
            certifier.signStateRoot(digest);
        }
        int runs = 100;
        long start = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            digest[0] = (byte) i;
            certifier.signStateRoot(digest);
        }
        System.out.printf(
                "BLS12-381 signature of a state root (MIRACL): %.2f ms each%n",
                (System.nanoTime() - start) / 1e6 / runs);
    }

    private static byte[] query(Agent agent, Principal canister, byte[] argument) throws Exception {
        return QueryBuilder.create(agent, canister, "get")
                .effectiveCanisterId(canister)
                .arg(argument)
                .call()
                .get();
    }

    private static void update(Agent agent, Principal canister, byte[] argument, Waiter waiter) throws Exception {
        UpdateBuilder.create(agent, canister, "increment")
                .effectiveCanisterId(canister)
                .arg(argument)
                .callAndWait(waiter)
                .get();
    }

    private static void report(String what, int count, long nanos) {
        System.out.printf(
                "%s: %d in %d ms = %.0f per second (%.2f ms each)%n",
                what, count, nanos / 1_000_000, count * 1e9 / nanos, nanos / 1e6 / count);
    }
}
