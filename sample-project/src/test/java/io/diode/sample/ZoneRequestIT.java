package io.diode.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.diode.canisters.FactoryActor;
import io.diode.canisters.FactoryActor.ConfigureRequestsResult;
import io.diode.canisters.FactoryActor.FactoryError;
import io.diode.canisters.FactoryActor.RequestError;
import io.diode.canisters.FactoryActor.RequestPolicy;
import io.diode.canisters.FactoryActor.RequestZoneResult;
import io.diode.canisters.FactoryActor.ZoneRecord;
import io.diode.canisters.FactoryActor.ZoneRequest;
import io.diode.canisters.ZoneActor;
import io.diode.pocketic.client.CanisterFixture;
import io.diode.pocketic.client.HttpOutcallResponse;
import io.diode.pocketic.client.PendingCall;
import io.diode.pocketic.client.PendingHttpOutcall;
import io.diode.pocketic.client.PocketIc;
import io.diode.pocketic.client.Principals;
import io.diode.pocketic.client.Sender;
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
        CanisterFixture<FactoryActor> factory = factoryAllowingOneCreationPerHour(pic);
        String zoneId = "0x" + "d1".repeat(20);

        PendingCall<RequestZoneResult> request = submitRequest(pic, factory, OWNER, request(zoneId, OWNER_ADDRESS));
        PendingHttpOutcall outcall = SampleZone.onlyPendingOutcall(pic, "request_zone");
        assertThat(outcall.url()).isEqualTo("https://rpc.example/eth");
        JsonNode rpc = new ObjectMapper().readTree(outcall.body());
        assertThat(rpc.path("method").asText()).isEqualTo("eth_call");
        assertThat(rpc.path("params").get(0).path("to").asText()).isEqualTo(zoneId);
        assertThat(rpc.path("params").get(0).path("data").asText())
                .isEqualTo("0x" + RoleLookupReplies.ROLE_SELECTOR + "0".repeat(24) + OWNER_ADDRESS.substring(2));
        pic.mockHttpOutcall(outcall, RoleLookupReplies.role(OWNER_ROLE));
        ZoneRecord record = granted(request.await());

        assertThat(record.zoneId()).isEqualTo(zoneId);
        assertThat(record.owners()).containsExactly(Principals.toCandid(OWNER));
        assertThat(pic.getControllers(Principals.toIc4j(record.canister())))
                .extracting(Principals::toCandid)
                .containsExactlyInAnyOrder(Principals.toCandid(OWNER), Principals.toCandid(factory.canisterId()));
        assertThat(pic.actor(Principals.toIc4j(record.canister()), ZoneActor.class)
                        .getVersion())
                .isEqualTo(BigInteger.ONE);
        assertThat(factory.actor().getZoneCanister(zoneId)).contains(record.canister());
        assertThat(pic.pendingHttpOutcalls()).isEmpty();

        // Repeated: the zone has its Zone; no outcall is spent on the answer.
        assertThat(refused(asCaller(pic, factory, OWNER).requestZone(request(zoneId, OWNER_ADDRESS))))
                .isEqualTo(new RequestError.AlreadyExists(record.canister()));
        // Unpaid: the hour's only creation is used and no cycles are attached (ingress messages carry none).
        Principal secondOwner = TestUsers.user("second-owner");
        ZoneRequest second = request("0x" + "d2".repeat(20), "0x" + "0b".repeat(20));
        assertThat(refused(asCaller(pic, factory, secondOwner).requestZone(second)))
                .isInstanceOfSatisfying(RequestError.PaymentRequired.class, unpaid -> {
                    assertThat(unpaid.attachedCycles()).isZero();
                    assertThat(unpaid.requiredCycles())
                            .isGreaterThan(factory.actor().getSettings().zoneCreationCycles());
                    assertThat(unpaid.quotaRetryAfterNs())
                            .isPositive()
                            .isLessThanOrEqualTo(
                                    BigInteger.valueOf(PERIOD_SECONDS).multiply(BigInteger.TEN.pow(9)));
                });
        assertThat(pic.pendingHttpOutcalls()).isEmpty();
        assertThat(factory.actor().listZones()).hasSize(1);

        // The next period has a slot again.
        pic.advanceTime(Duration.ofSeconds(PERIOD_SECONDS));
        ZoneRecord later = granted(
                answered(pic, submitRequest(pic, factory, secondOwner, second), RoleLookupReplies.role(OWNER_ROLE)));
        assertThat(later.owners()).containsExactly(Principals.toCandid(secondOwner));
        assertThat(factory.actor().listZones()).hasSize(2);
    }

    @Test
    void nonOwnersFailedChecksAndInvalidRequestsAreRefusedWithoutUsingTheQuota(PocketIc pic) {
        CanisterFixture<FactoryActor> factory = factoryAllowingOneCreationPerHour(pic);
        Principal member = TestUsers.user("member");
        ZoneRequest byMember = request("0x" + "e1".repeat(20), "0x" + "0c".repeat(20));

        assertThat(refused(answered(
                        pic, submitRequest(pic, factory, member, byMember), RoleLookupReplies.role(MEMBER_ROLE))))
                .isEqualTo(new RequestError.NotZoneOwner(
                        "0x" + "0c".repeat(20), BigInteger.valueOf(OWNER_ROLE), BigInteger.valueOf(MEMBER_ROLE)));
        // Asking again at once is refused before any outcall.
        assertThat(refused(asCaller(pic, factory, member).requestZone(byMember)))
                .isInstanceOfSatisfying(RequestError.RetryLater.class, retry -> {
                    assertThat(retry.reason()).contains("did not confirm");
                    assertThat(retry.retryAfterNs()).isPositive();
                });
        assertThat(pic.pendingHttpOutcalls()).isEmpty();

        Principal unlucky = TestUsers.user("unlucky");
        assertThat(refused(answered(
                        pic,
                        submitRequest(pic, factory, unlucky, request("0x" + "e2".repeat(20), "0x" + "0d".repeat(20))),
                        RoleLookupReplies.json(503, "Service Unavailable"))))
                .isInstanceOfSatisfying(
                        RequestError.OwnershipCheckFailed.class,
                        failed -> assertThat(failed.value()).contains("HTTP 503"));

        assertThat(refused(asCaller(pic, factory, Principal.anonymous()).requestZone(byMember)))
                .isEqualTo(new RequestError.AnonymousCaller());
        FactoryActor asOwner = asCaller(pic, factory, OWNER);
        assertThat(refused(asOwner.requestZone(request("0x" + "e3".repeat(20), "0x12"))))
                .isInstanceOfSatisfying(
                        RequestError.InvalidArguments.class,
                        invalid -> assertThat(invalid.value()).startsWith("owner_evm_address"));
        assertThat(refused(asOwner.requestZone(new ZoneRequest(
                        BigInteger.ZERO,
                        BigInteger.valueOf(600),
                        OWNER_ADDRESS,
                        "http://rpc.example",
                        "/",
                        BigInteger.valueOf(1_000_000),
                        "0x" + "e3".repeat(20)))))
                .isInstanceOfSatisfying(
                        RequestError.InvalidArguments.class,
                        invalid -> assertThat(invalid.value()).contains("https"));
        assertThat(pic.pendingHttpOutcalls()).isEmpty();
        assertThat(factory.actor().listZones()).isEmpty();

        // None of that used the hour's only creation: a confirmed owner still gets one.
        assertThat(answered(
                        pic,
                        submitRequest(pic, factory, OWNER, request("0x" + "e4".repeat(20), OWNER_ADDRESS)),
                        RoleLookupReplies.role(OWNER_ROLE)))
                .isInstanceOf(RequestZoneResult.Ok.class);
        // After the wait (here the next quota period too: the hour's creation is used), the refused caller may ask
        // again and is checked again.
        pic.advanceTime(Duration.ofSeconds(PERIOD_SECONDS));
        assertThat(refused(answered(pic, submitRequest(pic, factory, member, byMember), RoleLookupReplies.role(0))))
                .isInstanceOf(RequestError.NotZoneOwner.class);
    }

    @Test
    void aCallerCanisterPaysWithAttachedCyclesAndGetsWhatTheFactoryDidNotUseBack(PocketIc pic) {
        CanisterFixture<FactoryActor> factory = SampleFactory.install(
                pic, ADMIN, CanisterManifestFile.readBuildOutput().wasm("factory"));
        // No creation on the Factory's account: only attached cycles can pay.
        assertThat(factory.actor().configureRequests(policy(0, PERIOD_SECONDS, OWNER_ROLE, 600)))
                .isEqualTo(new ConfigureRequestsResult.Ok());
        CyclesForwarder payer = CyclesForwarder.install(pic, OWNER, new BigInteger("20000000000000"));
        BigInteger creation = factory.actor().getSettings().zoneCreationCycles();
        String zoneId = "0x" + "f1".repeat(20);
        ZoneRequest request = request(zoneId, OWNER_ADDRESS);

        // Too few: the creation alone is attached, not the ownership check's outcall. Refused before any outcall;
        // every attached cycle goes back and the Factory spends only its execution.
        Balances before = Balances.of(pic, payer, factory);
        RequestError unpaidError = refused(payer.submit(
                        FactoryActor.class,
                        factory.canisterId(),
                        creation,
                        (FactoryActor callee) -> callee.requestZone(request))
                .replied());
        RequestError.PaymentRequired unpaid = paymentRequired(unpaidError);
        assertThat(unpaid.attachedCycles()).isEqualTo(creation);
        BigInteger price = unpaid.requiredCycles();
        assertThat(price).isGreaterThan(creation);
        assertThat(unpaid.quotaRetryAfterNs()).isPositive();
        assertThat(pic.pendingHttpOutcalls()).isEmpty();
        assertThat(factory.actor().listZones()).isEmpty();
        before.assertSpent(Balances.of(pic, payer, factory), BigInteger.ZERO, BigInteger.ZERO);

        // Enough and a tera more: the price (outcall + creation) is taken, the tera comes back, and the Zone's
        // cycles came from the payer, not from the Factory.
        BigInteger extra = new BigInteger("1000000000000");
        before = Balances.of(pic, payer, factory);
        CyclesForwarder.Forwarding<RequestZoneResult> paid = payer.submit(
                FactoryActor.class,
                factory.canisterId(),
                price.add(extra),
                (FactoryActor callee) -> callee.requestZone(request));
        pic.mockHttpOutcall(SampleZone.onlyPendingOutcall(pic, "request_zone"), RoleLookupReplies.role(OWNER_ROLE));
        ZoneRecord record = granted(paid.replied());
        assertThat(record.owners()).containsExactly(Principals.toCandid(payer.id()));
        assertThat(pic.getControllers(Principals.toIc4j(record.canister())))
                .extracting(Principals::toCandid)
                .containsExactlyInAnyOrder(Principals.toCandid(payer.id()), Principals.toCandid(factory.canisterId()));
        assertThat(factory.actor().getZoneCanister(zoneId)).contains(record.canister());
        before.assertSpent(Balances.of(pic, payer, factory), price, BigInteger.ZERO);
        // What the Zone got: the creation minus the creation fee and its install (prepaid, then charged).
        assertThat(pic.getCycles(Principals.toIc4j(record.canister())))
                .isPositive()
                .isLessThan(creation);

        // Paid, but the zone contract does not confirm: only the outcall is kept.
        before = Balances.of(pic, payer, factory);
        CyclesForwarder.Forwarding<RequestZoneResult> unconfirmed = payer.submit(
                FactoryActor.class,
                factory.canisterId(),
                price,
                (FactoryActor callee) -> callee.requestZone(request("0x" + "f2".repeat(20), OWNER_ADDRESS)));
        pic.mockHttpOutcall(SampleZone.onlyPendingOutcall(pic, "request_zone"), RoleLookupReplies.role(MEMBER_ROLE));
        assertThat(refused(unconfirmed.replied()))
                .isInstanceOfSatisfying(
                        RequestError.NotZoneOwner.class,
                        notOwner -> assertThat(notOwner.role()).isEqualTo(BigInteger.valueOf(MEMBER_ROLE)));
        before.assertSpent(Balances.of(pic, payer, factory), price.subtract(creation), BigInteger.ZERO);
        assertThat(factory.actor().listZones()).hasSize(1);
    }

    /** The payer's and the Factory's balances, to check who paid what up to their own executions' cost. */
    private record Balances(BigInteger payer, BigInteger factory) {

        /** Generous bound on a request's execution costs (measured: some millions): 0.05 % of a creation. */
        static final BigInteger EXECUTION_CYCLES = new BigInteger("1000000000");

        static Balances of(PocketIc pic, CyclesForwarder payer, CanisterFixture<FactoryActor> factory) {
            return new Balances(pic.getCycles(payer.id()), factory.actor().cyclesBalance());
        }

        /**
         * The payer spent {@code paid} and the Factory {@code factoryPaid} (the outcall's price is paid by the caller,
         * so an outcall refund may even leave the Factory a little richer), each plus at most their executions.
         */
        void assertSpent(Balances after, BigInteger paid, BigInteger factoryPaid) {
            assertThat(payer.subtract(after.payer))
                    .as("cycles the payer spent")
                    .isGreaterThanOrEqualTo(paid)
                    .isLessThan(paid.add(EXECUTION_CYCLES));
            assertThat(factory.subtract(after.factory))
                    .as("cycles the Factory spent")
                    .isLessThan(factoryPaid.add(EXECUTION_CYCLES));
        }
    }

    @Test
    void onlyAdminsSetTheRequestPolicyAndItIsValidated(PocketIc pic) {
        CanisterFixture<FactoryActor> factory = SampleFactory.install(
                pic, ADMIN, CanisterManifestFile.readBuildOutput().wasm("factory"));
        assertThat(factory.actor().getRequestPolicy().ownerRole()).isEqualTo(BigInteger.valueOf(OWNER_ROLE));

        assertThat(asCaller(pic, factory, OWNER).configureRequests(policy(5, 60, OWNER_ROLE, 60)))
                .isEqualTo(new ConfigureRequestsResult.Err(new FactoryError.NotAuthorized()));
        assertThat(factory.actor().configureRequests(policy(5, 60, 0, 60)))
                .isInstanceOfSatisfying(
                        ConfigureRequestsResult.Err.class,
                        refused -> assertThat(refused.value())
                                .isInstanceOfSatisfying(
                                        FactoryError.InvalidArguments.class,
                                        invalid -> assertThat(invalid.value()).contains("owner_role")));
        assertThat(factory.actor().configureRequests(policy(5, 0, OWNER_ROLE, 60)))
                .isInstanceOfSatisfying(
                        ConfigureRequestsResult.Err.class,
                        refused -> assertThat(refused.value())
                                .isInstanceOfSatisfying(
                                        FactoryError.InvalidArguments.class,
                                        invalid -> assertThat(invalid.value()).contains("period_seconds")));
        assertThat(factory.actor().getRequestPolicy().creationsPerPeriod()).isEqualTo(BigInteger.TEN);
    }

    private static CanisterFixture<FactoryActor> factoryAllowingOneCreationPerHour(PocketIc pic) {
        CanisterFixture<FactoryActor> factory = SampleFactory.install(
                pic, ADMIN, CanisterManifestFile.readBuildOutput().wasm("factory"));
        assertThat(factory.actor().configureRequests(policy(1, PERIOD_SECONDS, OWNER_ROLE, 600)))
                .isEqualTo(new ConfigureRequestsResult.Ok());
        return factory;
    }

    /** A request for {@code zoneId} by the holder of {@code ownerAddress}, RPC at {@code https://rpc.example/eth}. */
    private static ZoneRequest request(String zoneId, String ownerAddress) {
        return new ZoneRequest(
                BigInteger.ZERO,
                BigInteger.valueOf(600),
                ownerAddress,
                "https://rpc.example",
                "/eth",
                BigInteger.valueOf(1_000_000),
                zoneId);
    }

    private static RequestPolicy policy(
            long creationsPerPeriod, long periodSeconds, long ownerRole, long refusedRetrySeconds) {
        return new RequestPolicy(
                BigInteger.valueOf(creationsPerPeriod),
                BigInteger.valueOf(ownerRole),
                BigInteger.valueOf(periodSeconds),
                BigInteger.valueOf(refusedRetrySeconds));
    }

    private static FactoryActor asCaller(PocketIc pic, CanisterFixture<FactoryActor> factory, Principal caller) {
        return pic.actor(factory.canisterId(), FactoryActor.class, Sender.of(caller));
    }

    /** {@code request_zone} as {@code caller}, submitted: it waits on its ownership check's outcall. */
    private static PendingCall<RequestZoneResult> submitRequest(
            PocketIc pic, CanisterFixture<FactoryActor> factory, Principal caller, ZoneRequest request) {
        return pic.deferredActor(factory.canisterId(), FactoryActor.class, Sender.of(caller))
                .submit(f -> f.requestZone(request));
    }

    /** Answers the one outcall {@code request} makes with {@code response}; what the request then answers. */
    private static RequestZoneResult answered(
            PocketIc pic, PendingCall<RequestZoneResult> request, HttpOutcallResponse response) {
        pic.mockHttpOutcall(SampleZone.onlyPendingOutcall(pic, "request_zone"), response);
        return request.await();
    }

    /** The record of a {@code request_zone} that must have succeeded. */
    private static ZoneRecord granted(RequestZoneResult result) {
        return switch (result) {
            case RequestZoneResult.Ok(ZoneRecord record) -> record;
            case RequestZoneResult.Err(RequestError error) ->
                throw new AssertionError("request_zone refused: " + error);
        };
    }

    /** The error of a {@code request_zone} that must have been refused. */
    private static RequestError refused(RequestZoneResult result) {
        return switch (result) {
            case RequestZoneResult.Err(RequestError error) -> error;
            case RequestZoneResult.Ok(ZoneRecord record) ->
                throw new AssertionError("request_zone succeeded: " + record);
        };
    }

    private static RequestError.PaymentRequired paymentRequired(RequestError error) {
        if (error instanceof RequestError.PaymentRequired unpaid) {
            return unpaid;
        }
        throw new AssertionError("expected PaymentRequired, got " + error);
    }
}
