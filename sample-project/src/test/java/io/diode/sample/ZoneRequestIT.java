package io.diode.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.diode.pocketic.client.CandidArguments;
import io.diode.pocketic.client.PendingHttpOutcall;
import io.diode.pocketic.client.PocketIc;
import io.diode.pocketic.junit.PocketIcTest;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, creation on request: a zone owner (not a Factory admin) asks the Factory for its zone's Zone. The
 * Factory asks the zone contract for the owner's role with the same {@code eth_call Role(address)} outcall the Zone
 * uses for members (mocked here), creates the Zone with the caller as owner, and pays it from its per-period creation
 * quota when no cycles are attached, or by the cycles a caller canister attaches (the test-only
 * {@link CyclesForwarder}: ingress messages carry none). Repeated, unverified and unpaid requests are refused with
 * clear errors and use no quota. Each test has its own instance (quota periods are moved through with time).
 */
@PocketIcTest
class ZoneRequestIT {

    private static final Principal ADMIN = TestUsers.user("admin");
    private static final Principal OWNER = TestUsers.user("owner");
    private static final String OWNER_ADDRESS = "0x" + "0a".repeat(20);
    /** Diode's RoleType.Owner, what the Factory requires by default. */
    private static final long OWNER_ROLE = 500;
    private static final long MEMBER_ROLE = 300;
    private static final long PERIOD_SECONDS = 3_600;

    @Test
    void anOwnerConfirmedByTheZoneContractGetsAZoneControlledByItAndTheFactoryWithinTheQuota(PocketIc pic)
            throws IOException {
        FactoryCanister factory = factoryAllowingOneCreationPerHour(pic);
        String zoneId = "0x" + "d1".repeat(20);

        PendingOutcallCall request = factory.startZoneRequest(OWNER, ZoneRequest.of(zoneId, OWNER_ADDRESS));
        PendingHttpOutcall outcall = request.request();
        assertThat(outcall.url()).isEqualTo("https://rpc.example/eth");
        JsonNode rpc = new ObjectMapper().readTree(outcall.body());
        assertThat(rpc.path("method").asText()).isEqualTo("eth_call");
        assertThat(rpc.path("params").get(0).path("to").asText()).isEqualTo(zoneId);
        assertThat(rpc.path("params").get(0).path("data").asText())
                .isEqualTo("0x" + RoleLookupReplies.ROLE_SELECTOR + "0".repeat(24) + OWNER_ADDRESS.substring(2));
        CandidValue record = request.answer(RoleLookupReplies.role(OWNER_ROLE)).ok();

        Principal canister = record.field("canister").principal();
        assertThat(record.field("zone_id").text()).isEqualTo(zoneId);
        assertThat(record.field("owners").vec()).extracting(owner -> owner.principal().toString())
                .containsExactly(OWNER.toString());
        assertThat(pic.getControllers(canister)).extracting(Principal::toString)
                .containsExactlyInAnyOrder(OWNER.toString(), factory.id().toString());
        assertThat(new ZoneCanister(pic, canister).version()).isEqualTo(1);
        assertThat(factory.zoneCanister(zoneId)).isPresent();
        assertThat(pic.pendingHttpOutcalls()).isEmpty();

        // Repeated: the zone has its Zone; no outcall is spent on the answer.
        assertThat(factory.requestZone(OWNER, ZoneRequest.of(zoneId, OWNER_ADDRESS)).err().get("AlreadyExists")
                .field("canister").principal().toString()).isEqualTo(canister.toString());
        // Unpaid: the hour's only creation is used and no cycles are attached (ingress messages carry none).
        Principal secondOwner = TestUsers.user("second-owner");
        ZoneRequest second = ZoneRequest.of("0x" + "d2".repeat(20), "0x" + "0b".repeat(20));
        CandidValue unpaid = factory.requestZone(secondOwner, second).err().get("PaymentRequired");
        assertThat(unpaid.field("attached_cycles").nat()).isZero();
        assertThat(unpaid.field("required_cycles").nat()).isGreaterThan(factory.settings().zoneCreationCycles());
        assertThat(unpaid.field("quota_retry_after_ns").nat())
                .isPositive().isLessThanOrEqualTo(BigInteger.valueOf(PERIOD_SECONDS).multiply(BigInteger.TEN.pow(9)));
        assertThat(pic.pendingHttpOutcalls()).isEmpty();
        assertThat(factory.listZones()).hasSize(1);

        // The next period has a slot again.
        pic.advanceTime(Duration.ofSeconds(PERIOD_SECONDS));
        CandidValue later = factory.startZoneRequest(secondOwner, second).answer(RoleLookupReplies.role(OWNER_ROLE)).ok();
        assertThat(later.field("owners").vec().getFirst().principal().toString()).isEqualTo(secondOwner.toString());
        assertThat(factory.listZones()).hasSize(2);
    }

    @Test
    void nonOwnersFailedChecksAndInvalidRequestsAreRefusedWithoutUsingTheQuota(PocketIc pic) {
        FactoryCanister factory = factoryAllowingOneCreationPerHour(pic);
        Principal member = TestUsers.user("member");
        ZoneRequest byMember = ZoneRequest.of("0x" + "e1".repeat(20), "0x" + "0c".repeat(20));

        CandidValue notOwner = factory.startZoneRequest(member, byMember).answer(RoleLookupReplies.role(MEMBER_ROLE))
                .err().get("NotZoneOwner");
        assertThat(notOwner.field("role").natLong()).isEqualTo(MEMBER_ROLE);
        assertThat(notOwner.field("required_role").natLong()).isEqualTo(OWNER_ROLE);
        assertThat(notOwner.field("evm_address").text()).isEqualTo("0x" + "0c".repeat(20));
        // Asking again at once is refused before any outcall.
        CandidValue retry = factory.requestZone(member, byMember).err().get("RetryLater");
        assertThat(retry.field("reason").text()).contains("did not confirm");
        assertThat(retry.field("retry_after_ns").nat()).isPositive();
        assertThat(pic.pendingHttpOutcalls()).isEmpty();

        Principal unlucky = TestUsers.user("unlucky");
        assertThat(factory.startZoneRequest(unlucky, ZoneRequest.of("0x" + "e2".repeat(20), "0x" + "0d".repeat(20)))
                .answer(RoleLookupReplies.json(503, "Service Unavailable")).err().get("OwnershipCheckFailed").text())
                .contains("HTTP 503");

        assertThat(factory.requestZone(Principal.anonymous(), byMember).err().is("AnonymousCaller")).isTrue();
        assertThat(factory.requestZone(OWNER, ZoneRequest.of("0x" + "e3".repeat(20), "0x12")).err()
                .get("InvalidArguments").text()).startsWith("owner_evm_address");
        assertThat(factory.requestZone(OWNER, new ZoneRequest("0x" + "e3".repeat(20), OWNER_ADDRESS, "http://rpc.example",
                "/", BigInteger.valueOf(1_000_000), BigInteger.valueOf(600), BigInteger.ZERO)).err()
                .get("InvalidArguments").text()).contains("https");
        assertThat(pic.pendingHttpOutcalls()).isEmpty();
        assertThat(factory.listZones()).isEmpty();

        // None of that used the hour's only creation: a confirmed owner still gets one.
        assertThat(factory.startZoneRequest(OWNER, ZoneRequest.of("0x" + "e4".repeat(20), OWNER_ADDRESS))
                .answer(RoleLookupReplies.role(OWNER_ROLE)).is("ok")).isTrue();
        // After the wait (here the next quota period too: the hour's creation is used), the refused caller may ask
        // again and is checked again.
        pic.advanceTime(Duration.ofSeconds(PERIOD_SECONDS));
        assertThat(factory.startZoneRequest(member, byMember).answer(RoleLookupReplies.role(0)).err().is("NotZoneOwner"))
                .isTrue();
    }

    @Test
    void aCallerCanisterPaysWithAttachedCyclesAndGetsWhatTheFactoryDidNotUseBack(PocketIc pic) {
        FactoryCanister factory = FactoryCanister.install(pic, ADMIN, CanisterManifestFile.readBuildOutput().wasm("factory"),
                FactoryCanister.STARTING_CYCLES);
        // No creation on the Factory's account: only attached cycles can pay.
        assertThat(factory.configureRequests(ADMIN, RequestPolicy.of(0, PERIOD_SECONDS, OWNER_ROLE, 600)).is("ok")).isTrue();
        CyclesForwarder payer = CyclesForwarder.install(pic, OWNER, new BigInteger("20000000000000"));
        BigInteger creation = factory.settings().zoneCreationCycles();
        String zoneId = "0x" + "f1".repeat(20);
        byte[] request = CandidArguments.encode(ZoneRequest.of(zoneId, OWNER_ADDRESS));

        // Too few: the creation alone is attached, not the ownership check's outcall. Refused before any outcall;
        // every attached cycle goes back and the Factory spends only its execution.
        Balances before = Balances.of(pic, payer, factory);
        CandidValue unpaid = payer.forward(factory.id(), "request_zone", request, creation).replied().err()
                .get("PaymentRequired");
        assertThat(unpaid.field("attached_cycles").nat()).isEqualTo(creation);
        BigInteger price = unpaid.field("required_cycles").nat();
        assertThat(price).isGreaterThan(creation);
        assertThat(unpaid.field("quota_retry_after_ns").nat()).isPositive();
        assertThat(pic.pendingHttpOutcalls()).isEmpty();
        assertThat(factory.listZones()).isEmpty();
        before.assertSpent(Balances.of(pic, payer, factory), BigInteger.ZERO, BigInteger.ZERO);

        // Enough and a tera more: the price (outcall + creation) is taken, the tera comes back, and the Zone's
        // cycles came from the payer, not from the Factory.
        BigInteger extra = new BigInteger("1000000000000");
        before = Balances.of(pic, payer, factory);
        CandidValue record = CyclesForwarder.Forwarded.from(payer
                .startForward(factory.id(), "request_zone", request, price.add(extra))
                .answer(RoleLookupReplies.role(OWNER_ROLE))).replied().ok();
        Principal canister = record.field("canister").principal();
        assertThat(record.field("owners").vec()).extracting(owner -> owner.principal().toString())
                .containsExactly(payer.id().toString());
        assertThat(pic.getControllers(canister)).extracting(Principal::toString)
                .containsExactlyInAnyOrder(payer.id().toString(), factory.id().toString());
        assertThat(factory.zoneCanister(zoneId)).isPresent();
        before.assertSpent(Balances.of(pic, payer, factory), price, BigInteger.ZERO);
        // What the Zone got: the creation minus the creation fee and its install (prepaid, then charged).
        assertThat(pic.getCycles(canister)).isPositive().isLessThan(creation);

        // Paid, but the zone contract does not confirm: only the outcall is kept.
        before = Balances.of(pic, payer, factory);
        CandidValue refused = CyclesForwarder.Forwarded.from(payer
                .startForward(factory.id(), "request_zone",
                        CandidArguments.encode(ZoneRequest.of("0x" + "f2".repeat(20), OWNER_ADDRESS)), price)
                .answer(RoleLookupReplies.role(MEMBER_ROLE))).replied().err();
        assertThat(refused.get("NotZoneOwner").field("role").natLong()).isEqualTo(MEMBER_ROLE);
        before.assertSpent(Balances.of(pic, payer, factory), price.subtract(creation), BigInteger.ZERO);
        assertThat(factory.listZones()).hasSize(1);
    }

    /** The payer's and the Factory's balances, to check who paid what up to their own executions' cost. */
    private record Balances(BigInteger payer, BigInteger factory) {

        /** Generous bound on a request's execution costs (measured: some millions): 0.05 % of a creation. */
        static final BigInteger EXECUTION_CYCLES = new BigInteger("1000000000");

        static Balances of(PocketIc pic, CyclesForwarder payer, FactoryCanister factory) {
            return new Balances(pic.getCycles(payer.id()), factory.cyclesBalance());
        }

        /**
         * The payer spent {@code paid} and the Factory {@code factoryPaid} (the outcall's price is paid by the caller,
         * so an outcall refund may even leave the Factory a little richer), each plus at most their executions.
         */
        void assertSpent(Balances after, BigInteger paid, BigInteger factoryPaid) {
            assertThat(payer.subtract(after.payer)).as("cycles the payer spent")
                    .isGreaterThanOrEqualTo(paid).isLessThan(paid.add(EXECUTION_CYCLES));
            assertThat(factory.subtract(after.factory)).as("cycles the Factory spent")
                    .isLessThan(factoryPaid.add(EXECUTION_CYCLES));
        }
    }

    @Test
    void onlyAdminsSetTheRequestPolicyAndItIsValidated(PocketIc pic) {
        FactoryCanister factory = FactoryCanister.install(pic, ADMIN, CanisterManifestFile.readBuildOutput().wasm("factory"),
                FactoryCanister.STARTING_CYCLES);
        assertThat(factory.requestPolicy().field("owner_role").natLong()).isEqualTo(OWNER_ROLE);

        assertThat(factory.configureRequests(OWNER, RequestPolicy.of(5, 60, OWNER_ROLE, 60)).err().is("NotAuthorized")).isTrue();
        assertThat(factory.configureRequests(ADMIN, RequestPolicy.of(5, 60, 0, 60)).err().get("InvalidArguments").text())
                .contains("owner_role");
        assertThat(factory.configureRequests(ADMIN, RequestPolicy.of(5, 0, OWNER_ROLE, 60)).err().get("InvalidArguments")
                .text()).contains("period_seconds");
        assertThat(factory.requestPolicy().field("creations_per_period").natLong()).isEqualTo(10);
    }

    private static FactoryCanister factoryAllowingOneCreationPerHour(PocketIc pic) {
        FactoryCanister factory = FactoryCanister.install(pic, ADMIN, CanisterManifestFile.readBuildOutput().wasm("factory"),
                FactoryCanister.STARTING_CYCLES);
        assertThat(factory.configureRequests(ADMIN, RequestPolicy.of(1, PERIOD_SECONDS, OWNER_ROLE, 600)).is("ok")).isTrue();
        return factory;
    }
}
