package io.diode.sample;

import static io.diode.sample.TestMessages.ciphertext;
import static io.diode.sample.TestMessages.keyId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.diode.canisters.ZoneActor;
import io.diode.canisters.ZoneActor.AddMessageError;
import io.diode.canisters.ZoneActor.AddMessageResult;
import io.diode.canisters.ZoneActor.Member;
import io.diode.canisters.ZoneActor.RegisterError;
import io.diode.canisters.ZoneActor.RegisterMemberResult;
import io.diode.pocketic.client.HttpHeader;
import io.diode.pocketic.client.HttpOutcallResponse;
import io.diode.pocketic.client.PendingCall;
import io.diode.pocketic.client.PendingHttpOutcall;
import io.diode.pocketic.client.PocketIc;
import io.diode.pocketic.client.RejectCode;
import io.diode.pocketic.client.Sender;
import io.diode.pocketic.junit.PocketIcTest;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 6, HTTP outcalls: {@code register_member} asks the zone contract for the caller's role with exactly one
 * JSON-RPC request through the management canister; a member role admits the caller, role 0 and every kind of RPC
 * failure are refused as errors (never traps). One PocketIC instance and one Zone serve the class; each test uses
 * its own callers.
 */
@PocketIcTest
class HttpOutcallIT {

    private static final String ZONE_ID = "0x1234567890abcdef1234567890abcdef12345678";
    private static final long CACHE_SECONDS = 600;

    private static PocketIc pic;
    private static Principal zoneId;

    @BeforeAll
    static void installZone(PocketIc instance) {
        pic = instance;
        zoneId = pic.setupCanister(
                        CanisterManifestFile.readBuildOutput().wasm("zone"),
                        ZoneActor.class,
                        SampleZone.init(ZONE_ID, TestUsers.user("factory"), 100_000))
                .canisterId();
    }

    @Test
    void registrationSendsOneEthCallForTheRoleOfTheAddressAndAMemberRoleAdmitsTheCaller() throws IOException {
        Principal alice = TestUsers.user("alice");
        String address = "0xabcdef0123456789abcdef0123456789abcdef01";

        PendingCall<RegisterMemberResult> registration = pic.deferredActor(zoneId, ZoneActor.class, Sender.of(alice))
                .submit(zone -> zone.registerMember(address));
        PendingHttpOutcall request = SampleZone.onlyPendingOutcall(pic, "register_member");

        assertThat(request.url()).isEqualTo("https://rpc.example/v1/key");
        assertThat(request.httpMethod()).isEqualToIgnoringCase("POST");
        assertThat(request.headers()).contains(new HttpHeader("Content-Type", "application/json"));
        assertThat(request.maxResponseBytes()).contains(4096L);
        JsonNode rpc = new ObjectMapper().readTree(request.body());
        assertThat(rpc.path("jsonrpc").asText()).isEqualTo("2.0");
        assertThat(rpc.path("method").asText()).isEqualTo("eth_call");
        assertThat(rpc.path("params").size()).isEqualTo(2);
        assertThat(rpc.path("params").get(0).path("to").asText()).isEqualTo(ZONE_ID);
        assertThat(rpc.path("params").get(0).path("data").asText())
                .isEqualTo("0x" + RoleLookupReplies.ROLE_SELECTOR + "0".repeat(24) + address.substring(2));
        assertThat(rpc.path("params").get(1).asText()).isEqualTo("latest");

        pic.mockHttpOutcall(request, RoleLookupReplies.role(200));
        RegisterMemberResult registered = registration.await();

        assertThat(pic.pendingHttpOutcalls()).as("no second request").isEmpty();
        assertThat(registered).isInstanceOfSatisfying(RegisterMemberResult.Ok.class, ok -> {
            assertThat(ok.value().evmAddress()).isEqualTo(address);
            assertThat(ok.value().role()).isEqualTo(200);
        });
        assertThat(as(alice).getMember()).map(Member::role).contains(BigInteger.valueOf(200));
        assertThat(as(alice).addMessage(keyId(1), ciphertext(1, 50))).isInstanceOf(AddMessageResult.Ok.class);
    }

    @Test
    void anAddressWithoutARoleIsNotAMemberAndCannotWrite() {
        Principal bob = TestUsers.user("bob");

        RegisterMemberResult refused = register(bob, "0x" + "11".repeat(20), RoleLookupReplies.role(0));

        assertThat(refused)
                .isEqualTo(new RegisterMemberResult.Err(new RegisterError.NotAMember("0x" + "11".repeat(20))));
        assertThat(as(bob).getMember()).isEmpty();
        assertThat(as(bob).addMessage(keyId(1), ciphertext(2, 50)))
                .isInstanceOfSatisfying(
                        AddMessageResult.Err.class,
                        err -> assertThat(err.value()).isInstanceOf(AddMessageError.NotMember.class));
    }

    @Test
    void rpcErrorsAreReportedAsErrorsAndAdmitNobody() {
        Principal carol = TestUsers.user("carol");
        String address = "0x" + "22".repeat(20);

        assertThat(rpcFailure(carol, address, RoleLookupReplies.json(503, "Service Unavailable")))
                .contains("HTTP 503");
        assertThat(rpcFailure(carol, address, RoleLookupReplies.json(200, "<html>bad gateway</html>")))
                .contains("not valid JSON");
        assertThat(
                        rpcFailure(
                                carol,
                                address,
                                RoleLookupReplies.json(
                                        200,
                                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32000,\"message\":\"execution reverted\"}}")))
                .contains("-32000: execution reverted");
        assertThat(rpcFailure(carol, address, RoleLookupReplies.json(200, "{\"jsonrpc\":\"2.0\",\"id\":1}")))
                .contains("neither a result nor an error");
        assertThat(rpcFailure(
                        carol, address, HttpOutcallResponse.reject(RejectCode.SYS_TRANSIENT, "connection refused")))
                .contains("HTTP outcall failed");

        assertThat(as(carol).getMember()).isEmpty();
        assertThat(as(carol).addMessage(keyId(1), ciphertext(3, 50)))
                .isInstanceOfSatisfying(
                        AddMessageResult.Err.class,
                        err -> assertThat(err.value()).isInstanceOf(AddMessageError.NotMember.class));
        assertThat(pic.pendingHttpOutcalls()).isEmpty();
    }

    @Test
    void invalidCallersAndAddressesAreRefusedWithoutAnOutcall() {
        assertThat(as(TestUsers.user("dave")).registerMember("0x1234"))
                .isInstanceOfSatisfying(
                        RegisterMemberResult.Err.class,
                        err -> assertThat(err.value())
                                .isInstanceOfSatisfying(
                                        RegisterError.InvalidAddress.class,
                                        invalid -> assertThat(invalid.value()).contains("20 bytes")));
        assertThat(as(Principal.anonymous()).registerMember("0x" + "33".repeat(20)))
                .isEqualTo(new RegisterMemberResult.Err(new RegisterError.AnonymousCaller()));
        assertThat(pic.pendingHttpOutcalls()).isEmpty();
    }

    @Test
    void aMemberRoleExpiresAfterTheCacheTime() {
        Principal erin = TestUsers.user("erin");
        SampleZone.registerWithRole(pic, zoneId, erin, "0x" + "44".repeat(20), 7);
        assertThat(as(erin).addMessage(keyId(4), ciphertext(4, 50))).isInstanceOf(AddMessageResult.Ok.class);

        pic.advanceTime(Duration.ofSeconds(CACHE_SECONDS + 1));
        pic.tick();

        assertThat(as(erin).getMember()).isEmpty();
        assertThat(as(erin).addMessage(keyId(4), ciphertext(5, 50)))
                .isInstanceOfSatisfying(
                        AddMessageResult.Err.class,
                        err -> assertThat(err.value()).isInstanceOf(AddMessageError.NotMember.class));
    }

    private static ZoneActor as(Principal caller) {
        return pic.actor(zoneId, ZoneActor.class, Sender.of(caller));
    }

    /** {@code register_member} as {@code caller}, its role lookup answered with {@code response}. */
    private static RegisterMemberResult register(Principal caller, String address, HttpOutcallResponse response) {
        PendingCall<RegisterMemberResult> registration = pic.deferredActor(zoneId, ZoneActor.class, Sender.of(caller))
                .submit(zone -> zone.registerMember(address));
        pic.mockHttpOutcall(SampleZone.onlyPendingOutcall(pic, "register_member"), response);
        return registration.await();
    }

    private static String rpcFailure(Principal caller, String address, HttpOutcallResponse response) {
        RegisterMemberResult result = register(caller, address, response);
        if (!(result instanceof RegisterMemberResult.Err(RegisterError.RpcFailed(String reason)))) {
            throw new AssertionError("expected RpcFailed, got " + result);
        }
        return reason;
    }
}
