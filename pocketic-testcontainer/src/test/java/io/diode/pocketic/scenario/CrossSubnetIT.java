package io.diode.pocketic.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diode.pocketic.client.CandidArguments;
import io.diode.pocketic.client.CanisterCallException;
import io.diode.pocketic.client.CanisterSettings;
import io.diode.pocketic.client.InstanceConfig;
import io.diode.pocketic.client.PocketIc;
import io.diode.pocketic.client.SubnetKind;
import io.diode.pocketic.client.SubnetTopology;
import io.diode.pocketic.junit.PocketIcBackend;
import io.diode.pocketic.launcher.RunningPocketIcServer;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import org.ic4j.candid.parser.IDLValue;
import org.ic4j.candid.types.Type;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What changes when a factory's children live on another subnet: two application subnets (and an NNS) through the
 * Java client and the PocketIC REST API, against the in-process server.
 */
class CrossSubnetIT {

    private static final Principal OWNER = Principal.anonymous();
    private static final BigInteger CYCLES = new BigInteger("100000000000000");
    private static RunningPocketIcServer server;

    @BeforeAll
    static void startServer() {
        server = PocketIcBackend.EMBEDDED.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void aFactoryOnOneSubnetCallsAndManagesCanistersOnAnotherWhileItsOwnChildrenStayHome() {
        try (PocketIc pic = PocketIc.builder(server.url())
                .requestTimeout(Duration.ofMinutes(2))
                .config(InstanceConfig.defaults().withApplicationSubnets(2))
                .create()) {
            List<Principal> applicationSubnets = pic.subnetIds(SubnetKind.APPLICATION);
            assertThat(applicationSubnets).hasSize(2).doesNotHaveDuplicates();

            Principal hub = pic.createCanister();
            pic.installCode(hub, HubCanisters.HUB, CandidArguments.encode());
            Principal home = pic.getSubnet(hub).orElseThrow();
            Principal away = applicationSubnets.stream()
                    .filter(subnet -> !subnet.equals(home))
                    .findFirst()
                    .orElseThrow();

            // the test puts a counter on the other subnet; the hub controls it too
            Principal counter =
                    pic.createCanisterOnSubnet(away, CanisterSettings.none().withControllers(OWNER, hub), CYCLES);
            pic.installCode(
                    counter, HubCanisters.COUNTER, CandidArguments.encode(IDLValue.create(BigInteger.ZERO, Type.NAT)));
            assertThat(pic.getSubnet(counter)).contains(away);

            assertThat(pic.updateCall(hub, "bump", String.class, counter)).isEqualTo("ok 1");
            assertThat(pic.updateCall(hub, "bump", String.class, counter)).isEqualTo("ok 2");
            assertThat(pic.queryCall(counter, "get", BigInteger.class)).isEqualTo(BigInteger.TWO);

            // the hub's management calls about the counter run on the counter's subnet
            pic.updateCall(hub, "stop", Void.class, counter);
            assertThat(pic.updateCall(hub, "status", String.class, counter)).isEqualTo("stopped");
            assertThat(pic.canisterStatus(counter).status()).hasToString("STOPPED");
            assertThat(pic.updateCall(hub, "bump", String.class, counter))
                    .isEqualTo("err IC0508: Canister " + counter + " is stopped");
            pic.updateCall(hub, "start", Void.class, counter);
            assertThat(pic.updateCall(hub, "bump", String.class, counter)).isEqualTo("ok 3");

            // a child the hub creates itself lands on the hub's subnet
            Principal child = pic.updateCall(hub, "spawn", Principal.class, "kid");
            assertThat(pic.getSubnet(child)).contains(home);
            assertThat(pic.getControllers(child)).containsExactly(hub);
        }
    }

    @Test
    void canistersAreCreatedWithMainnetIdsOnTheNamedSubnetsAndWithIdsOfAChosenRange() {
        try (PocketIc pic = PocketIc.builder(server.url())
                .requestTimeout(Duration.ofMinutes(2))
                .config(InstanceConfig.defaults().withSubnets(SubnetKind.NNS, 1).withApplicationSubnets(2))
                .create()) {
            List<SubnetTopology> topology = pic.topology();
            assertThat(topology)
                    .extracting(SubnetTopology::kind)
                    .containsExactly(SubnetKind.NNS, SubnetKind.APPLICATION, SubnetKind.APPLICATION);
            Principal nns = pic.subnetIds(SubnetKind.NNS).getFirst();

            Principal ledger = Principal.fromString("ryjl3-tyaaa-aaaaa-aaaba-cai");
            assertThat(pic.createCanisterWithId(ledger, CanisterSettings.none(), CYCLES))
                    .isEqualTo(ledger);
            assertThat(pic.getSubnet(ledger)).contains(nns);
            assertThatThrownBy(() -> pic.createCanisterWithId(ledger, CanisterSettings.none(), CYCLES))
                    .isInstanceOf(CanisterCallException.class)
                    .hasMessageContaining("already installed");

            SubnetTopology second = topology.get(2);
            Principal last = second.canisterRanges().getLast().end();
            assertThat(pic.createCanisterWithId(last, CanisterSettings.none(), CYCLES))
                    .isEqualTo(last);
            assertThat(pic.getSubnet(last)).contains(second.subnetId());
            assertThat(pic.defaultEffectiveCanisterId())
                    .isEqualTo(topology.get(1).canisterRanges().getFirst().start());
        }
    }
}
