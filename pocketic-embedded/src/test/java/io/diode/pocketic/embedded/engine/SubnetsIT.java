package io.diode.pocketic.embedded.engine;

import static io.diode.pocketic.embedded.engine.TestIc.USER;
import static io.diode.pocketic.embedded.engine.TestIc.candid;
import static io.diode.pocketic.embedded.engine.TestIc.decodeSingle;
import static io.diode.pocketic.embedded.engine.TestIc.noArgs;
import static io.diode.pocketic.embedded.engine.TestIc.reject;
import static io.diode.pocketic.embedded.engine.TestIc.reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diode.pocketic.embedded.api.CallResult;
import io.diode.pocketic.embedded.api.IcInstance;
import io.diode.pocketic.embedded.api.InstanceConfig;
import io.diode.pocketic.embedded.api.MessageId;
import io.diode.pocketic.embedded.api.SubnetInfo;
import io.diode.pocketic.embedded.api.SubnetKind;
import io.diode.pocketic.embedded.management.TestCandid;
import io.diode.pocketic.embedded.management.TestManagement;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.Test;

/** Several subnets in one instance: topology, creation on a chosen subnet, calls and management across subnets. */
class SubnetsIT {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final BigInteger HUNDRED_T = new BigInteger("100000000000000");

    @Test
    void subnetsAreOrderedAndGivenRangesAsPocketIcDoes() {
        try (IcInstance ic = EmbeddedIc.create(new InstanceConfig(START)
                .withSubnets(
                        SubnetKind.APPLICATION,
                        SubnetKind.FIDUCIARY,
                        SubnetKind.APPLICATION,
                        SubnetKind.II,
                        SubnetKind.NNS))) {
            List<SubnetInfo> subnets = ic.subnets();
            assertThat(subnets)
                    .extracting(SubnetInfo::kind)
                    .containsExactly("NNS", "II", "Fiduciary", "Application", "Application");
            assertThat(subnets).extracting(SubnetInfo::nodeCount).containsExactly(40, 34, 34, 13, 13);
            assertThat(subnets.stream().map(SubnetInfo::subnetId).distinct()).hasSize(5);
            // the first subnet's key is the root key, as the NNS's is on the IC
            assertThat(ic.subnet()).isEqualTo(subnets.getFirst());
            assertThat(ic.subnetPublicKey(subnets.getFirst().subnetId())).isEqualTo(ic.rootKey());
            assertThat(ic.subnetPublicKey(subnets.get(3).subnetId()))
                    .isNotEqualTo(ic.rootKey())
                    .hasSize(133);

            // named subnets keep their mainnet ranges, then a generated allocation range; generated ranges go from
            // the top down, in PocketIC's order
            SubnetInfo nns = subnets.getFirst();
            assertThat(nns.canisterRanges()).hasSize(3);
            assertThat(nns.canisterRanges().getFirst().start()).hasToString("rwlgt-iiaaa-aaaaa-aaaaa-cai");
            assertThat(nns.canisterRanges().getLast().start())
                    .isEqualTo(CanisterIdAllocator.principalOf(CanisterIdAllocator.FIRST));
            SubnetInfo firstApplication = subnets.get(3);
            assertThat(firstApplication.canisterRanges())
                    .containsExactly(new SubnetInfo.CanisterIdRange(
                            CanisterIdAllocator.principalOf(
                                    CanisterIdAllocator.FIRST - 3 * CanisterIdAllocator.IDS_PER_RANGE),
                            CanisterIdAllocator.principalOf(
                                    CanisterIdAllocator.FIRST - 2 * CanisterIdAllocator.IDS_PER_RANGE - 1)));
            assertThat(ic.defaultEffectiveCanisterId())
                    .isEqualTo(firstApplication.canisterRanges().getFirst().start());

            // without an effective canister id a canister lands on the first application subnet
            Principal plain = TestIc.createCanister(ic, USER, HUNDRED_T);
            assertThat(ic.subnetOf(plain)).contains(firstApplication.subnetId());
            // with a mainnet NNS id, on the NNS
            Principal governance = Principal.fromString("rrkah-fqaaa-aaaaa-aaaaq-cai");
            assertThat(create(ic, governance, governance, List.of(USER))).isEqualTo(governance);
            assertThat(ic.subnetOf(governance)).contains(nns.subnetId());
            assertThat(ic.canisters()).containsExactly(governance, plain);
        }
    }

    @Test
    void systemSubnetsChargeNoCyclesApplicationSubnetsDo() {
        try (IcInstance ic =
                EmbeddedIc.create(new InstanceConfig(START).withSubnets(SubnetKind.NNS, SubnetKind.APPLICATION))) {
            Principal onNns = create(ic, ic.subnet().canisterRanges().getLast().start(), null, List.of(USER));
            Principal onApplication = create(ic, ic.defaultEffectiveCanisterId(), null, List.of(USER));
            assertThat(ic.subnetOf(onNns)).contains(ic.subnet().subnetId());
            for (Principal canister : List.of(onNns, onApplication)) {
                assertThat(TestIc.installCode(
                                ic,
                                USER,
                                canister,
                                "install",
                                MotokoCanisters.wasm("counter"),
                                candid(BigInteger.ZERO)))
                        .isInstanceOf(CallResult.Reply.class);
            }
            BigInteger nnsBefore = ic.cycleBalance(onNns);
            BigInteger applicationBefore = ic.cycleBalance(onApplication);
            reply(ic.updateCall(USER, onNns, "inc", noArgs()));
            reply(ic.updateCall(USER, onApplication, "inc", noArgs()));
            assertThat(ic.cycleBalance(onNns)).isEqualTo(nnsBefore).isEqualTo(HUNDRED_T);
            assertThat(ic.cycleBalance(onApplication)).isLessThan(applicationBefore);
        }
    }

    @Test
    void aFactoryOnOneSubnetCallsAndManagesCanistersOnAnother() {
        try (IcInstance ic = EmbeddedIc.create(
                new InstanceConfig(START).withSubnets(SubnetKind.APPLICATION, SubnetKind.APPLICATION))) {
            SubnetInfo a = ic.subnets().get(0);
            SubnetInfo b = ic.subnets().get(1);
            Principal hub = TestIc.deploy(ic, "hub", noArgs());
            assertThat(ic.subnetOf(hub)).contains(a.subnetId());

            // the test creates counters on B (effective canister id in B's range), controlled by the hub too
            Principal remote = create(ic, b.canisterRanges().getFirst().start(), null, List.of(USER, hub));
            Principal local = create(ic, a.canisterRanges().getFirst().start(), null, List.of(USER, hub));
            assertThat(ic.subnetOf(remote)).contains(b.subnetId());
            for (Principal counter : List.of(remote, local)) {
                assertThat(TestIc.installCode(
                                ic, USER, counter, "install", MotokoCanisters.wasm("counter"), candid(BigInteger.ZERO)))
                        .isInstanceOf(CallResult.Reply.class);
            }

            assertThat(bump(ic, remote)).isEqualTo("ok 1");
            assertThat(bump(ic, remote)).isEqualTo("ok 2");
            assertThat(TestIc.nat(ic.query(USER, remote, "get", noArgs()))).isEqualTo(2);

            // a call within the subnet completes in the round that executes it; across subnets the call and its
            // response each wait for the destination's next round
            assertThat(roundsToComplete(ic, local)).isEqualTo(1);
            assertThat(roundsToComplete(ic, remote)).isEqualTo(3);

            // management calls about a canister run on that canister's subnet
            reply(ic.updateCall(USER, hub, "stop", candid(remote)));
            assertThat(decodeSingle(reply(ic.updateCall(USER, hub, "status", candid(remote)))))
                    .isEqualTo("stopped");
            assertThat(bump(ic, remote)).isEqualTo("err IC0508: Canister " + remote + " is stopped");
            reply(ic.updateCall(USER, hub, "start", candid(remote)));
            assertThat(bump(ic, remote)).isEqualTo("ok 4");

            // a canister a canister creates lands on its creator's subnet
            Principal child = (Principal) decodeSingle(reply(ic.updateCall(USER, hub, "spawn", candid("kid"))));
            assertThat(ic.subnetOf(child)).contains(a.subnetId());
            assertThat(ic.controllers(child)).containsExactly(hub);
        }
    }

    @Test
    void compositeQueriesReachOnlyTheirOwnSubnet() {
        try (IcInstance ic = EmbeddedIc.create(
                new InstanceConfig(START).withSubnets(SubnetKind.APPLICATION, SubnetKind.APPLICATION))) {
            Principal reader = TestIc.deploy(ic, "composite", noArgs());
            Principal neighbour = TestIc.deploy(ic, "composite", noArgs());
            Principal remote =
                    create(ic, ic.subnets().get(1).canisterRanges().getFirst().start(), null, List.of(USER));
            assertThat(TestIc.installCode(ic, USER, remote, "install", MotokoCanisters.wasm("composite"), noArgs()))
                    .isInstanceOf(CallResult.Reply.class);
            reply(ic.updateCall(USER, remote, "set", candid(BigInteger.valueOf(5))));
            reply(ic.updateCall(USER, neighbour, "set", candid(BigInteger.valueOf(3))));

            assertThat(TestIc.nat(ic.query(USER, reader, "readVia", candid(neighbour))))
                    .isEqualTo(3);
            // the replica's query handler sees only its own subnet's state
            assertThat(reject(ic.query(USER, reader, "readVia", candid(remote))).message())
                    .contains("Canister " + remote + " not found");
            assertThat(TestIc.nat(ic.query(USER, remote, "value", noArgs()))).isEqualTo(5);
        }
    }

    @Test
    void aSpecifiedIdIsCreatedOnlyOnTheSubnetThatHostsIt() {
        try (IcInstance ic = EmbeddedIc.create(
                new InstanceConfig(START).withSubnets(SubnetKind.APPLICATION, SubnetKind.APPLICATION))) {
            SubnetInfo a = ic.subnets().get(0);
            Principal inB =
                    CanisterIdAllocator.principalOf(CanisterIdAllocator.FIRST - CanisterIdAllocator.IDS_PER_RANGE + 7);
            CallResult.Reject refused =
                    reject(createResult(ic, a.canisterRanges().getFirst().start(), inB, List.of(USER)));
            assertThat(refused.errorCode()).isEqualTo("IC0405");
            assertThat(refused.message())
                    .isEqualTo("Specified CanisterId " + inB + " is not hosted by subnet " + a.subnetId() + ".");
            // with B's range as the effective canister id it is created there
            assertThat(create(ic, inB, inB, List.of(USER))).isEqualTo(inB);
            assertThat(ic.subnetOf(inB)).contains(ic.subnets().get(1).subnetId());
        }
    }

    @Test
    void outcallsAreAnsweredPerSubnet() {
        try (IcInstance ic = EmbeddedIc.create(
                new InstanceConfig(START).withSubnets(SubnetKind.APPLICATION, SubnetKind.APPLICATION))) {
            assertThat(ic.pendingHttpOutcalls()).isEmpty();
            assertThatThrownBy(() -> ic.mockHttpOutcall(
                            Principal.fromString("aaaaa-aa"),
                            0,
                            new io.diode.pocketic.embedded.api.HttpOutcallResponse.Reject(
                                    io.diode.pocketic.embedded.api.RejectCode.SYS_TRANSIENT, "x")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no subnet aaaaa-aa");
        }
    }

    private static String bump(IcInstance ic, Principal counter) {
        Principal hub = ic.canisters().getFirst();
        return (String) decodeSingle(reply(ic.updateCall(USER, hub, "bump", candid(counter))));
    }

    private static int roundsToComplete(IcInstance ic, Principal counter) {
        Principal hub = ic.canisters().getFirst();
        MessageId id = ic.submitIngress(USER, hub, "bump", candid(counter), hub);
        for (int round = 1; round <= 10; round++) {
            ic.tick();
            if (ic.ingressStatus(id).isPresent()) {
                assertThat(decodeSingle(reply(ic.ingressStatus(id).get())))
                        .asString()
                        .startsWith("ok ");
                return round;
            }
        }
        throw new AssertionError("the call did not complete in 10 rounds");
    }

    private static Principal create(
            IcInstance ic, Principal effectiveCanisterId, Principal specifiedId, List<Principal> controllers) {
        return TestCandid.firstArgument(reply(createResult(ic, effectiveCanisterId, specifiedId, controllers)))
                .field("canister_id")
                .principal();
    }

    private static CallResult createResult(
            IcInstance ic, Principal effectiveCanisterId, Principal specifiedId, List<Principal> controllers) {
        return TestManagement.createCanister(
                ic,
                USER,
                effectiveCanisterId,
                HUNDRED_T,
                Optional.of(TestManagement.settings("controllers", controllers)),
                Optional.ofNullable(specifiedId));
    }
}
