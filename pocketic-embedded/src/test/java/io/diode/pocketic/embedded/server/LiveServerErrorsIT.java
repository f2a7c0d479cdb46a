package io.diode.pocketic.embedded.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.ic4j.candid.parser.IDLArgs;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad input against a live server with the real engine: each gets a clear error, the server stays up, and a
 * canister on another instance keeps its state and keeps answering.
 */
class LiveServerErrorsIT {

    private static final byte[] NO_ARGUMENTS = IDLArgs.create(List.of()).toBytes();

    private static PocketIcServer server;
    private static RestClient client;
    private static int instance;
    private static Principal canister;
    private final ObjectMapper mapper = new ObjectMapper();

    @BeforeAll
    static void installCanister() throws Exception {
        server = PocketIcServer.start(ServerOptions.of(EngineInstances.factory()));
        client = new RestClient(server.baseUrl());
        instance = client.createInstance();
        canister =
                client.installCanister(instance, Files.readAllBytes(Path.of("src/test/resources/server/probe.wasm")));
        client.update(instance, canister, "increment", NO_ARGUMENTS);
    }

    @AfterAll
    static void stopServer() throws Exception {
        try {
            // whatever the tests threw at it, the server still serves the canister with its state
            BigInteger count = IDLArgs.fromBytes(client.query(instance, canister, "get", NO_ARGUMENTS))
                    .getArgs()
                    .getFirst()
                    .getValue();
            assertThat(count).isEqualTo(BigInteger.ONE);
        } finally {
            server.close();
        }
    }

    @Test
    void malformedJsonIsA400WithTheParseError() throws Exception {
        RestClient.Reply reply = client.send("POST", "/instances/" + instance + "/read/query", "{\"sender\": ");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(message(reply)).startsWith("malformed JSON in the request body");
    }

    @Test
    void unknownInstanceIsA404() throws Exception {
        RestClient.Reply reply = client.send("GET", "/instances/4711/read/get_time", "");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(message(reply)).contains("no instance 4711");
    }

    @Test
    void wrongCanisterIdsAreIcRejectsOrClearErrors() throws Exception {
        Principal missing = Principal.fromString("rrkah-fqaaa-aaaaa-aaaaq-cai");

        JsonNode query = mapper.readTree(client.send(
                        "POST",
                        "/instances/" + instance + "/read/query",
                        RestClient.callBody(missing, "get", NO_ARGUMENTS))
                .body());
        RestClient.Reply cycles = client.send(
                "POST",
                "/instances/" + instance + "/read/get_cycles",
                "{\"canister_id\":\"" + Base64.getEncoder().encodeToString(missing.getValue()) + "\"}");
        RestClient.Reply garbage =
                client.send("POST", "/instances/" + instance + "/read/get_cycles", "{\"canister_id\":\"not base64!\"}");

        assertThat(query.get("Err").get("reject_code").asText()).isEqualTo("DestinationInvalid");
        assertThat(query.get("Err").get("error_code").asText()).isEqualTo("CanisterNotFound");
        assertThat(cycles.status()).isEqualTo(404);
        assertThat(message(cycles)).contains(missing.toString());
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(message(garbage)).contains("not valid base64");
    }

    @Test
    void anOversizedBodyIsA413() throws Exception {
        String huge = "{\"padding\":\"" + "x".repeat((int) ServerOptions.DEFAULT_MAX_REQUEST_BYTES) + "\"}";

        RestClient.Reply reply = client.send("POST", "/instances/" + instance + "/update/set_time", huge);

        assertThat(reply.status()).isEqualTo(413);
        assertThat(message(reply)).contains("exceeds this server's limit");
    }

    @Test
    void concurrentDeletesOfAnotherInstanceDeleteItOnce() throws Exception {
        int doomed = client.createInstance();
        CountDownLatch go = new CountDownLatch(1);
        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> deletes = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                deletes.add(pool.submit(() -> {
                    go.await();
                    return client.send("DELETE", "/instances/" + doomed, "").status();
                }));
            }
            go.countDown();
            for (Future<Integer> delete : deletes) {
                statuses.add(delete.get());
            }
        }

        assertThat(statuses).containsOnly(200, 404);
        assertThat(statuses.stream().filter(status -> status == 200)).hasSize(1);
        assertThat(client.send("GET", "/instances/" + doomed + "/read/get_time", "")
                        .status())
                .isEqualTo(404);
    }

    private String message(RestClient.Reply reply) throws Exception {
        return mapper.readTree(reply.body()).get("message").asText();
    }
}
