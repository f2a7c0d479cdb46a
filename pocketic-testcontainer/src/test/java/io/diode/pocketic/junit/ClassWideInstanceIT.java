package io.diode.pocketic.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diode.pocketic.client.CandidArguments;
import io.diode.pocketic.client.InstanceDeletedException;
import io.diode.pocketic.client.PocketIc;
import io.diode.pocketic.client.PocketIcException;
import io.diode.pocketic.launcher.RunningPocketIcServer;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The README's recipes: one instance for the whole class from {@code @BeforeAll}, and attaching to an instance by id. */
@PocketIcTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClassWideInstanceIT {

    private static PocketIc shared;
    private static Principal counter;

    @BeforeAll
    static void installOnce(PocketIc pic) throws IOException {
        shared = pic;
        counter = pic.createCanister();
        try (InputStream wasm = ClassWideInstanceIT.class.getResourceAsStream("/canister/scenario.wasm")) {
            pic.installCode(counter, wasm.readAllBytes(), CandidArguments.encode());
        }
    }

    @Test
    @Order(1)
    void theClassWideInstanceKeepsStateAcrossTests() {
        assertThat(shared.updateCall(counter, "increment", BigInteger.class)).isEqualTo(BigInteger.ONE);
    }

    @Test
    @Order(2)
    void aLaterTestSeesItAndStillGetsItsOwnFreshInstance(PocketIc own) {
        assertThat(shared.updateCall(counter, "increment", BigInteger.class)).isEqualTo(BigInteger.TWO);
        assertThat(own.instanceId()).isNotEqualTo(shared.instanceId());
    }

    @Test
    @Order(3)
    void attachingByIdSeesTheSameInstanceAndLeavesItAlone(RunningPocketIcServer server) {
        try (PocketIc attached = PocketIc.attach(server.url(), shared.instanceId())) {
            assertThat(attached.queryCall(counter, "get", BigInteger.class)).isEqualTo(BigInteger.TWO);
        }
        // close() did not delete what it did not create.
        assertThat(shared.queryCall(counter, "get", BigInteger.class)).isEqualTo(BigInteger.TWO);
    }

    @Test
    @Order(4)
    void attachingToAnInstanceThatDoesNotExistListsTheServersInstances(RunningPocketIcServer server) {
        assertThatThrownBy(() -> PocketIc.attach(server.url(), "9999"))
                .isInstanceOf(PocketIcException.class)
                .hasMessageContaining("has no instance 9999")
                .hasMessageContaining(shared.instanceId() + " (Available)");
        PocketIc doomed = PocketIc.create(server.url());
        String id = doomed.instanceId();
        doomed.close();
        assertThatThrownBy(() -> PocketIc.attach(server.url(), id)).hasMessageContaining("it was deleted");
    }

    @Test
    @Order(5)
    void anAttachedClientCanStillDeleteOnPurpose(RunningPocketIcServer server) {
        PocketIc created = PocketIc.create(server.url());
        try (PocketIc attached = PocketIc.attach(server.url(), created.instanceId())) {
            attached.deleteInstance();
        }
        assertThatThrownBy(created::getTime).isInstanceOf(InstanceDeletedException.class);
        created.close();
    }
}
