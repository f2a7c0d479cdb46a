package io.diode.sample;

import static io.diode.sample.TestMessages.ciphertext;
import static io.diode.sample.TestMessages.keyId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diode.pocketic.client.CanisterSettings;
import io.diode.pocketic.client.CanisterStatus;
import io.diode.pocketic.client.PocketIc;
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
        FactoryCanister factory = FactoryCanister.install(pic, ADMIN, factoryWasm, FactoryCanister.STARTING_CYCLES);
        // A threshold above the refill target: the Zone asks its Factory for cycles on every maintenance pass.
        // A one-day membership cache: the member's role must outlive the time the test lets pass.
        ZoneCanister detached = factory.createZone(new CreateZoneArgs(List.of(OWNER_A, OWNER_B), "0x" + "c1".repeat(20),
                "https://rpc.example", "/", BigInteger.valueOf(1_000_000), BigInteger.valueOf(86_400),
                TRILLION.multiply(BigInteger.TEN)));
        ZoneCanister managed = factory.createZone(CreateZoneArgs.of("0x" + "c2".repeat(20), BigInteger.ZERO));
        detached.registerWithRole(MEMBER, MEMBER_ADDRESS, 300);
        detached.storeMessage(MEMBER, keyId(1), ciphertext(1, 64));

        assertThat(pic.getControllers(detached.id())).extracting(Principal::toString)
                .containsExactlyInAnyOrder(OWNER_A.toString(), OWNER_B.toString(), factory.id().toString());
        CandidValue created = factory.zoneRecord(detached.id());
        assertThat(created.field("owners").vec()).extracting(owner -> owner.principal().toString())
                .containsExactly(OWNER_A.toString(), OWNER_B.toString());
        assertThat(created.field("custody").is("Factory")).isTrue();
        // An owner is a controller: the management canister answers it; someone else is refused.
        assertThat(pic.canisterStatus(OWNER_B, detached.id()).status()).isEqualTo(CanisterStatus.RunningState.RUNNING);
        assertThatThrownBy(() -> pic.canisterStatus(MEMBER, detached.id())).hasMessageContaining("controller");

        // The owners take full custody: the Factory is no longer a controller.
        pic.updateSettings(OWNER_A, detached.id(), CanisterSettings.none().withControllers(OWNER_A, OWNER_B));
        CandidValue firstPass = factory.refillZones(ADMIN).ok();

        CandidValue detachedEntry = entryOf(firstPass, detached.id());
        assertThat(detachedEntry.field("outcome").get("Skipped").is("SelfManaged")).isTrue();
        assertThat(detachedEntry.field("before").opt()).isEmpty();
        assertThat(entryOf(firstPass, managed.id()).field("outcome").is("Skipped"))
                .as("the Factory's other Zone is served as before").isFalse();
        CandidValue custody = factory.zoneRecord(detached.id()).field("custody").get("SelfManaged");
        assertThat(custody.field("reason").text()).contains("canister_status").contains("Only controllers");
        long since = custody.field("since_ns").nat().longValueExact();
        assertThat(since).isPositive();

        // Later passes do not ask canister_status again (the time it was noticed stays the same).
        pic.advanceTime(Duration.ofMinutes(1));
        assertThat(entryOf(factory.refillZones(ADMIN).ok(), detached.id()).field("outcome").get("Skipped").is("SelfManaged"))
                .isTrue();
        assertThat(factory.zoneRecord(detached.id()).field("custody").get("SelfManaged").field("since_ns").nat().longValueExact())
                .isEqualTo(since);

        // The Zone's own top-up request is refused as self-managed, not failed.
        pic.advanceTime(Duration.ofMinutes(11));
        pic.tick(4);
        assertThat(detached.topUpStatus().field("last_outcome").opt().orElseThrow().text()).contains("SelfManaged");

        // Upgrades skip it with the reason; the Factory's other Zone is upgraded; the detached Zone keeps running.
        List<CandidValue> upgrades = factory.upgradeZones(ADMIN, Optional.empty()).ok().vec();
        CandidValue skipped = upgrades.stream()
                .filter(entry -> entry.field("canister").principal().toString().equals(detached.id().toString()))
                .findFirst().orElseThrow().field("outcome");
        assertThat(skipped.get("Skipped").text()).startsWith("self-managed").contains("owners");
        assertThat(upgrades).filteredOn(entry -> entry.field("canister").principal().toString().equals(managed.id().toString()))
                .singleElement().satisfies(entry -> assertThat(entry.field("outcome").is("Upgraded")).isTrue());
        assertThat(pic.canisterStatus(OWNER_A, detached.id()).status()).isEqualTo(CanisterStatus.RunningState.RUNNING);
        assertThat(detached.getMessage(MEMBER, 1).ok().field("ciphertext").blob()).isEqualTo(ciphertext(1, 64));

        // Re-attaching needs the Factory back among the controllers, and an owner or an admin to ask.
        assertThat(factory.reattachZone(OWNER_A, detached.id()).err().get("InvalidArguments").text())
                .contains("still not a controller");
        pic.updateSettings(OWNER_A, detached.id(), CanisterSettings.none().withControllers(OWNER_A, OWNER_B, factory.id()));
        assertThat(factory.reattachZone(MEMBER, detached.id()).err().is("NotAuthorized")).isTrue();
        assertThat(factory.reattachZone(OWNER_B, detached.id()).ok().field("custody").is("Factory")).isTrue();
        CandidValue afterReattach = entryOf(factory.refillZones(ADMIN).ok(), detached.id());
        assertThat(afterReattach.field("before").opt()).as("canister_status is read again").isPresent();
        assertThat(afterReattach.field("outcome").is("ToppedUp") || afterReattach.field("outcome").is("Skipped")).isTrue();
    }

    @Test
    void createZoneRefusesMissingDuplicateAnonymousAndTooManyOwnersWithoutACanister(PocketIc pic) {
        FactoryCanister factory = FactoryCanister.install(pic, ADMIN, CanisterManifestFile.readBuildOutput().wasm("factory"),
                FactoryCanister.STARTING_CYCLES);
        CreateZoneArgs args = CreateZoneArgs.of("0x" + "c3".repeat(20), BigInteger.ZERO);
        List<Principal> ten = IntStream.range(0, 10).mapToObj(i -> TestUsers.user("owner-" + i)).toList();

        assertThat(invalid(factory, args.withOwners(List.of()))).contains("at least one owner");
        assertThat(invalid(factory, args.withOwners(List.of(OWNER_A, OWNER_A)))).contains("listed twice");
        assertThat(invalid(factory, args.withOwners(List.of(Principal.anonymous())))).contains("anonymous");
        assertThat(invalid(factory, args.withOwners(List.of(factory.id())))).contains("the Factory is a controller anyway");
        assertThat(invalid(factory, args.withOwners(ten))).contains("at most 9 owners");
        assertThat(factory.listZones()).isEmpty();
    }

    private static String invalid(FactoryCanister factory, CreateZoneArgs args) {
        return factory.createZone(ADMIN, args).err().get("InvalidArguments").text();
    }

    private static CandidValue entryOf(CandidValue report, Principal canister) {
        return report.field("children").vec().stream()
                .filter(entry -> entry.field("canister").principal().toString().equals(canister.toString()))
                .findFirst().orElseThrow(() -> new AssertionError(canister + " is not in the refill report " + report));
    }
}
