package io.diode.sample;

import static io.diode.sample.SampleFactory.created;
import static io.diode.sample.SampleFactory.entryOf;
import static io.diode.sample.SampleFactory.recordOf;
import static io.diode.sample.SampleFactory.refilled;
import static io.diode.sample.SampleFactory.upgradeEntries;
import static io.diode.sample.SampleZone.found;
import static io.diode.sample.SampleZone.stored;
import static io.diode.sample.TestMessages.ciphertext;
import static io.diode.sample.TestMessages.keyId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diode.canisters.FactoryActor;
import io.diode.canisters.FactoryActor.CreateZoneArgs;
import io.diode.canisters.FactoryActor.Custody;
import io.diode.canisters.FactoryActor.FactoryError;
import io.diode.canisters.FactoryActor.ReattachZoneResult;
import io.diode.canisters.FactoryActor.RefillEntry;
import io.diode.canisters.FactoryActor.RefillOutcome;
import io.diode.canisters.FactoryActor.RefillOutcomeSkipped;
import io.diode.canisters.FactoryActor.UpgradeEntry;
import io.diode.canisters.FactoryActor.UpgradeOutcome;
import io.diode.canisters.FactoryActor.ZoneRecord;
import io.diode.canisters.ZoneActor;
import io.diode.pocketic.client.CanisterFixture;
import io.diode.pocketic.client.CanisterSettings;
import io.diode.pocketic.client.CanisterStatus;
import io.diode.pocketic.client.PocketIc;
import io.diode.pocketic.client.Principals;
import io.diode.pocketic.client.Sender;
import io.diode.pocketic.junit.PocketIcTest;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, custody: a Zone's controllers are its zone owners and the Factory. Owners control it directly and may
 * remove the Factory; the Factory then reports that Zone as self-managed (no {@code canister_status}, no refill, no
 * top-up, upgrades skipped with a reason) instead of failing, and takes it back when the owners re-add it. Each test
 * has its own instance (time moves for the Zones' timers).
 */
@PocketIcTest
class CustodyIT {

    private static final Principal ADMIN = TestUsers.user("admin");
    private static final Principal OWNER_A = TestUsers.user("owner-a");
    private static final Principal OWNER_B = TestUsers.user("owner-b");
    private static final Principal MEMBER = TestUsers.user("member");
    private static final String MEMBER_ADDRESS = "0x" + "5e".repeat(20);
    private static final BigInteger TRILLION = BigInteger.TEN.pow(12);

    @Test
    void ownersAndTheFactoryControlTheZoneAndOwnersCanDetachItWhichTheFactoryReportsAsSelfManaged(PocketIc pic) {
        byte[] factoryWasm = CanisterManifestFile.readBuildOutput().wasm("factory");
        CanisterFixture<FactoryActor> factoryCanister = SampleFactory.install(pic, ADMIN, factoryWasm);
        FactoryActor factory = factoryCanister.actor();
        // A threshold above the refill target: the Zone asks its Factory for cycles on every maintenance pass.
        // A one-day membership cache: the member's role must outlive the time the test lets pass.
        ZoneRecord detached = created(factory.createZone(new CreateZoneArgs(
                TRILLION.multiply(BigInteger.TEN),
                BigInteger.valueOf(86_400),
                List.of(Principals.toCandid(OWNER_A), Principals.toCandid(OWNER_B)),
                "https://rpc.example",
                "/",
                BigInteger.valueOf(1_000_000),
                "0x" + "c1".repeat(20))));
        ZoneRecord managed = created(factory.createZone(SampleFactory.zone("0x" + "c2".repeat(20), BigInteger.ZERO)));
        Principal detachedId = Principals.toIc4j(detached.canister());
        SampleZone.registerWithRole(pic, detachedId, MEMBER, MEMBER_ADDRESS, 300);
        ZoneActor detachedZone = SampleFactory.zoneActor(pic, detached, MEMBER);
        stored(detachedZone.addMessage(keyId(1), ciphertext(1, 64)));

        assertThat(pic.getControllers(detachedId))
                .extracting(Principal::toString)
                .containsExactlyInAnyOrder(
                        OWNER_A.toString(),
                        OWNER_B.toString(),
                        factoryCanister.canisterId().toString());
        ZoneRecord createdRecord = recordOf(factory, detached);
        assertThat(createdRecord.owners()).containsExactly(Principals.toCandid(OWNER_A), Principals.toCandid(OWNER_B));
        assertThat(createdRecord.custody()).isEqualTo(new Custody.Factory());
        // An owner is a controller: the management canister answers it; someone else is refused.
        assertThat(pic.canisterStatus(detachedId, Sender.of(OWNER_B)).status())
                .isEqualTo(CanisterStatus.RunningState.RUNNING);
        assertThatThrownBy(() -> pic.canisterStatus(detachedId, Sender.of(MEMBER)))
                .hasMessageContaining("controller");

        // The owners take full custody: the Factory is no longer a controller.
        pic.updateSettings(detachedId, CanisterSettings.none().withControllers(OWNER_A, OWNER_B), Sender.of(OWNER_A));
        FactoryActor.RefillReport firstPass = refilled(factory.refillZones());

        RefillEntry detachedEntry = entryOf(firstPass, detached);
        assertThat(detachedEntry.outcome()).isEqualTo(new RefillOutcome.Skipped(RefillOutcomeSkipped.SELF_MANAGED));
        assertThat(detachedEntry.before()).isEmpty();
        // The Factory's other Zone is served as before: its balance is read (it may be above the refill target).
        RefillEntry managedEntry = entryOf(firstPass, managed);
        assertThat(managedEntry.before())
                .as("canister_status of the managed Zone")
                .isPresent();
        assertThat(managedEntry.outcome()).isNotEqualTo(new RefillOutcome.Skipped(RefillOutcomeSkipped.SELF_MANAGED));
        if (!(recordOf(factory, detached).custody() instanceof Custody.SelfManaged custody)) {
            throw new AssertionError("expected a self-managed Zone: " + recordOf(factory, detached));
        }
        assertThat(custody.reason()).contains("canister_status").contains("Only controllers");
        assertThat(custody.sinceNs()).isPositive();

        // Later passes do not ask canister_status again (the time it was noticed stays the same).
        pic.advanceTime(Duration.ofMinutes(1));
        assertThat(entryOf(refilled(factory.refillZones()), detached).outcome())
                .isEqualTo(new RefillOutcome.Skipped(RefillOutcomeSkipped.SELF_MANAGED));
        assertThat(recordOf(factory, detached).custody()).isEqualTo(custody);

        // The Zone's own top-up request is refused as self-managed, not failed.
        pic.advanceTime(Duration.ofMinutes(11));
        pic.tick(4);
        assertThat(detachedZone.getTopUpStatus().lastOutcome())
                .hasValueSatisfying(outcome -> assertThat(outcome).contains("SelfManaged"));

        // Upgrades skip it with the reason; the Factory's other Zone is upgraded; the detached Zone keeps running.
        List<UpgradeEntry> upgrades = upgradeEntries(factory.upgradeZones(Optional.empty()));
        assertThat(upgrades)
                .filteredOn(entry -> entry.canister().equals(detached.canister()))
                .singleElement()
                .extracting(UpgradeEntry::outcome)
                .isInstanceOfSatisfying(
                        UpgradeOutcome.Skipped.class,
                        skipped -> assertThat(skipped.value())
                                .startsWith("self-managed")
                                .contains("owners"));
        assertThat(upgrades)
                .filteredOn(entry -> entry.canister().equals(managed.canister()))
                .singleElement()
                .extracting(UpgradeEntry::outcome)
                .isInstanceOf(UpgradeOutcome.Upgraded.class);
        assertThat(pic.canisterStatus(detachedId, Sender.of(OWNER_A)).status())
                .isEqualTo(CanisterStatus.RunningState.RUNNING);
        assertThat(found(detachedZone.getMessage(BigInteger.ONE)).ciphertext()).isEqualTo(ciphertext(1, 64));

        // Re-attaching needs the Factory back among the controllers, and an owner or an admin to ask.
        assertThat(asUser(pic, factoryCanister, OWNER_A).reattachZone(detached.canister()))
                .isInstanceOfSatisfying(
                        ReattachZoneResult.Err.class,
                        refused -> assertThat(refused.value())
                                .isInstanceOfSatisfying(
                                        FactoryError.InvalidArguments.class,
                                        invalid -> assertThat(invalid.value()).contains("still not a controller")));
        pic.updateSettings(
                detachedId,
                CanisterSettings.none().withControllers(OWNER_A, OWNER_B, factoryCanister.canisterId()),
                Sender.of(OWNER_A));
        assertThat(asUser(pic, factoryCanister, MEMBER).reattachZone(detached.canister()))
                .isEqualTo(new ReattachZoneResult.Err(new FactoryError.NotAuthorized()));
        assertThat(asUser(pic, factoryCanister, OWNER_B).reattachZone(detached.canister()))
                .isInstanceOfSatisfying(
                        ReattachZoneResult.Ok.class,
                        reattached -> assertThat(reattached.value().custody()).isEqualTo(new Custody.Factory()));
        RefillEntry afterReattach = entryOf(refilled(factory.refillZones()), detached);
        assertThat(afterReattach.before()).as("canister_status is read again").isPresent();
        assertThat(afterReattach.outcome()).isInstanceOfAny(RefillOutcome.ToppedUp.class, RefillOutcome.Skipped.class);
    }

    @Test
    void createZoneRefusesMissingDuplicateAnonymousAndTooManyOwnersWithoutACanister(PocketIc pic) {
        CanisterFixture<FactoryActor> factoryCanister = SampleFactory.install(
                pic, ADMIN, CanisterManifestFile.readBuildOutput().wasm("factory"));
        FactoryActor factory = factoryCanister.actor();
        List<Principal> ten = IntStream.range(0, 10)
                .mapToObj(i -> TestUsers.user("owner-" + i))
                .toList();

        assertThat(invalid(factory, List.of())).contains("at least one owner");
        assertThat(invalid(factory, List.of(OWNER_A, OWNER_A))).contains("listed twice");
        assertThat(invalid(factory, List.of(Principal.anonymous()))).contains("anonymous");
        assertThat(invalid(factory, List.of(factoryCanister.canisterId())))
                .contains("the Factory is a controller anyway");
        assertThat(invalid(factory, ten)).contains("at most 9 owners");
        assertThat(factory.listZones()).isEmpty();
    }

    /** The {@code InvalidArguments} text of a {@code create_zone} with {@code owners}. */
    private static String invalid(FactoryActor factory, List<Principal> owners) {
        CreateZoneArgs args = SampleFactory.zone("0x" + "c3".repeat(20), BigInteger.ZERO);
        CreateZoneArgs withOwners = new CreateZoneArgs(
                args.lowCyclesThreshold(),
                args.membershipCacheSeconds(),
                owners.stream().map(Principals::toCandid).toList(),
                args.rpcHost(),
                args.rpcPath(),
                args.storageLimitBytes(),
                args.zoneId());
        if (!(SampleFactory.refused(factory.createZone(withOwners)) instanceof FactoryError.InvalidArguments invalid)) {
            throw new AssertionError("expected InvalidArguments for owners " + owners);
        }
        return invalid.value();
    }

    private static FactoryActor asUser(PocketIc pic, CanisterFixture<FactoryActor> factory, Principal user) {
        return pic.actor(factory.canisterId(), FactoryActor.class, Sender.of(user));
    }
}
