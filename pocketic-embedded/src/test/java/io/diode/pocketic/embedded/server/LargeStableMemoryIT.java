package io.diode.pocketic.embedded.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.diode.pocketic.embedded.engine.MotokoCanisters;
import java.util.Base64;
import java.util.List;
import org.ic4j.candid.parser.IDLArgs;
import org.ic4j.candid.parser.IDLValue;
import org.ic4j.candid.types.Type;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code read/get_stable_memory} answers a stable memory up to 256 MiB and refuses a larger one with a 400 that
 * says how large it is and what to do, instead of the empty 200 it gave from about 768 MiB.
 */
class LargeStableMemoryIT {

    private static PocketIcServer server;
    private static RestClient client;
    private static int instance;
    private static Principal canister;

    @BeforeAll
    static void install() throws Exception {
        server = PocketIcServer.start(ServerOptions.of(EngineInstances.factory()));
        client = new RestClient(server.baseUrl());
        instance = client.createInstance();
        canister = client.installCanister(instance, MotokoCanisters.wasm("stress"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static byte[] nat64(long value) {
        return IDLArgs.create(List.of(IDLValue.create(value, Type.NAT64))).toBytes();
    }

    private static RestClient.Reply getStableMemory() throws Exception {
        return client.send(
                "POST",
                "/instances/" + instance + "/read/get_stable_memory",
                "{\"canister_id\":\"" + Base64.getEncoder().encodeToString(canister.getValue()) + "\"}");
    }

    @Test
    void aStableMemoryOverTheAnswerLimitIsA400AndASmallerOneIsServed() throws Exception {
        client.update(instance, canister, "growStable", nat64(1));
        RestClient.Reply small = getStableMemory();
        assertThat(small.status()).isEqualTo(200);
        int smallSize = Base64.getDecoder()
                .decode(new ObjectMapper().readTree(small.body()).get("blob").asText())
                .length;
        assertThat(smallSize).isPositive();

        client.update(instance, canister, "growStable", nat64(4200)); // 4,201 pages of 64 KiB > 256 MiB
        RestClient.Reply large = getStableMemory();

        assertThat(large.status()).isEqualTo(400);
        assertThat(new ObjectMapper().readTree(large.body()).get("message").asText())
                .contains("the stable memory of canister " + canister + " is ")
                .contains("get_stable_memory answers at most 268435456 bytes")
                .contains("Read it in parts through a query of the canister instead.");
    }
}
