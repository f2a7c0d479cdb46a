package io.diode.pocketic.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.diode.pocketic.client.CandidArguments;
import io.diode.pocketic.client.PocketIc;
import io.diode.pocketic.launcher.RunningPocketIcServer;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The extension as a user meets it: the backend of -Dpocketic.backend (embedded by default). */
@PocketIcTest
class PocketIcExtensionIT {

    private static final Set<URI> SERVERS = ConcurrentHashMap.newKeySet();
    private static final Set<String> INSTANCES = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void recordServer(RunningPocketIcServer server) {
        SERVERS.add(server.url());
    }

    @Test
    void injectsTheRunningServer(RunningPocketIcServer server) {
        assertThat(server.url().getScheme()).isEqualTo("http");
        assertThat(server.description()).isNotBlank();
    }

    @RepeatedTest(2)
    void eachTestGetsAFreshInstance(RunningPocketIcServer server) throws IOException {
        try (PocketIc pic = PocketIc.create(server.url())) {
            assertThat(INSTANCES.add(pic.instanceId())).isTrue();
            Principal canister = pic.createCanister();
            try (InputStream wasm = getClass().getResourceAsStream("/canister/scenario.wasm")) {
                pic.installCode(canister, wasm.readAllBytes(), CandidArguments.encode());
            }
            assertThat(pic.updateCall(canister, "increment", BigInteger.class)).isEqualTo(BigInteger.ONE);
        }
    }

    @RepeatedTest(2)
    void injectsAnInstanceThatIsDeletedAfterTheTest(PocketIc pic) {
        assertThat(INSTANCES.add(pic.instanceId())).isTrue();
        assertThat(pic.getTime()).isNotNull();
    }

    @AfterAll
    static void oneServerServedTheWholeClass() {
        assertThat(SERVERS).hasSize(1);
    }
}
