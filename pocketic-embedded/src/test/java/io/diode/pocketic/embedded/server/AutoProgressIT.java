package io.diode.pocketic.embedded.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.ic4j.candid.parser.IDLArgs;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.Test;

/**
 * Auto-progress mode on the real engine: time follows the wall clock and submitted messages complete without
 * anyone awaiting them or ticking, as {@code read/ingress_status} shows; after {@code stop_progress} time stands.
 */
class AutoProgressIT {

    private static final byte[] NO_ARGUMENTS = IDLArgs.create(List.of()).toBytes();

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void roundsRunOnTheirOwnUntilStopped() throws Exception {
        try (PocketIcServer server = PocketIcServer.start()) {
            RestClient client = new RestClient(server.baseUrl());
            int instance = client.createInstance();
            Principal canister = client.installCanister(
                    instance, Files.readAllBytes(Path.of("src/test/resources/server/probe.wasm")));
            String path = "/instances/" + instance;
            long before = client.json("GET", path + "/read/get_time", "")
                    .get("nanos_since_epoch")
                    .asLong();
            Thread.sleep(50);

            assertThat(client.send("POST", path + "/auto_progress", "{\"artificial_delay_ms\":null}")
                            .status())
                    .isEqualTo(200);
            assertThat(client.send("GET", path + "/auto_progress", "").body()).isEqualTo("true");
            JsonNode submitted = client.json(
                            "POST",
                            path + "/update/submit_ingress_message",
                            RestClient.callBody(canister, "increment", NO_ARGUMENTS))
                    .get("Ok");
            String status = "{\"raw_message_id\":" + mapper.writeValueAsString(submitted) + "}";
            JsonNode result = client.json("POST", path + "/read/ingress_status", status);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (result.isNull() && System.nanoTime() < deadline) {
                Thread.sleep(20);
                result = client.json("POST", path + "/read/ingress_status", status);
            }
            long timeWhileLive = client.json("GET", path + "/read/get_time", "")
                    .get("nanos_since_epoch")
                    .asLong();

            assertThat(result.has("Ok"))
                    .as("completed without await or tick: %s", result)
                    .isTrue();
            assertThat(timeWhileLive).isGreaterThan(before).isLessThanOrEqualTo(nanos(Instant.now()));

            client.send("POST", path + "/stop_progress", "{}");
            long stopped = client.json("GET", path + "/read/get_time", "")
                    .get("nanos_since_epoch")
                    .asLong();
            Thread.sleep(200);
            assertThat(client.json("GET", path + "/read/get_time", "")
                            .get("nanos_since_epoch")
                            .asLong())
                    .isEqualTo(stopped);
            assertThat(client.send("GET", path + "/auto_progress", "").body()).isEqualTo("false");
            BigInteger count = IDLArgs.fromBytes(client.query(instance, canister, "get", NO_ARGUMENTS))
                    .getArgs()
                    .getFirst()
                    .getValue();
            assertThat(count).isEqualTo(BigInteger.ONE);
        }
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
