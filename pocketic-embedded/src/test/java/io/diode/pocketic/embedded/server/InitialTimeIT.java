package io.diode.pocketic.embedded.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ic4j.candid.parser.IDLArgs;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.Test;

/**
 * The time of a new instance, through the REST server and the engine as a PocketIC client sees it: PocketIC starts
 * an instance at the IC's genesis (1,620,328,630 s after the epoch) unless told otherwise, and bumps the start time
 * by one nanosecond while creating it; a canister's first round sees that time.
 */
class InitialTimeIT {

    private static final long GENESIS_NANOS = 1_620_328_630_000_000_000L;
    private static final String SUBNETS = "{\"subnet_config_set\":{\"application\":[{\"state_config\":\"New\"}]}";

    @Test
    void aNewInstanceStartsAtGenesisPlusOneNanosecond() throws Exception {
        try (PocketIcServer server = PocketIcServer.start()) {
            RestClient client = new RestClient(server.baseUrl());
            int instance = client.createInstance();

            assertThat(time(client, instance)).isEqualTo(GENESIS_NANOS + 1);
        }
    }

    @Test
    void aRequestedInitialTimeIsBumpedByOneNanosecond() throws Exception {
        try (PocketIcServer server = PocketIcServer.start()) {
            RestClient client = new RestClient(server.baseUrl());
            JsonNode created = client.json(
                    "POST",
                    "/instances",
                    SUBNETS + ",\"initial_time\":{\"Timestamp\":{\"nanos_since_epoch\":1700000000000000000}}}");
            int instance = created.get("Created").get("instance_id").asInt();

            assertThat(time(client, instance)).isEqualTo(1_700_000_000_000_000_001L);
        }
    }

    @Test
    void aCanisterSeesTheStartTimeAfterInstallation() throws Exception {
        try (PocketIcServer server = PocketIcServer.start()) {
            RestClient client = new RestClient(server.baseUrl());
            int instance = client.createInstance();
            Principal canister = client.installCanister(
                    instance, Files.readAllBytes(Path.of("src/test/resources/server/probe.wasm")));
            BigInteger now = IDLArgs.fromBytes(client.query(
                            instance, canister, "now", IDLArgs.create(List.of()).toBytes()))
                    .getArgs()
                    .getFirst()
                    .getValue();
            long seen = now.longValueExact();

            // installation took rounds; time stays within the first seconds after genesis, not today's date
            assertThat(seen).isBetween(GENESIS_NANOS, GENESIS_NANOS + 60_000_000_000L);
        }
    }

    private static long time(RestClient client, int instance) throws Exception {
        return client.json("GET", "/instances/" + instance + "/read/get_time", "")
                .get("nanos_since_epoch")
                .asLong();
    }
}
