package io.diode.sample;

import static io.diode.sample.TestMessages.ciphertext;
import static io.diode.sample.TestMessages.keyId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.diode.pocketic.client.HttpHeader;
import io.diode.pocketic.client.HttpOutcallResponse;
import io.diode.pocketic.client.PendingHttpOutcall;
import io.diode.pocketic.client.PocketIc;
import io.diode.pocketic.client.RejectCode;
import io.diode.pocketic.junit.PocketIcTest;
import java.io.IOException;
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
    private static ZoneCanister zone;

    @BeforeAll
    static void installZone(PocketIc instance) {
        pic = instance;
        zone = ZoneCanister.install(pic, CanisterManifestFile.readBuildOutput().wasm("zone"),
                ZoneInitArgs.of(ZONE_ID, TestUsers.user("factory"), 100_000));
    }

    @Test
    void registrationSendsOneEthCallForTheRoleOfTheAddressAndAMemberRoleAdmitsTheCaller() throws IOException {
        Principal alice = TestUsers.user("alice");
        String address = "0xabcdef0123456789abcdef0123456789abcdef01";

        PendingOutcallCall registration = zone.startRegistration(alice, address);
        PendingHttpOutcall request = registration.request();

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

        CandidValue member = registration.answer(RoleLookupReplies.role(200)).ok();

        assertThat(pic.pendingHttpOutcalls()).as("no second request").isEmpty();
        assertThat(member.field("evm_address").text()).isEqualTo(address);
        assertThat(member.field("role").natLong()).isEqualTo(200);
        assertThat(zone.getMember(alice)).hasValueSatisfying(
                cached -> assertThat(cached.field("role").natLong()).isEqualTo(200));
        assertThat(zone.addMessage(alice, keyId(1), ciphertext(1, 50)).is("ok")).isTrue();
    }

    @Test
    void anAddressWithoutARoleIsNotAMemberAndCannotWrite() {
        Principal bob = TestUsers.user("bob");

        CandidValue refused = zone.startRegistration(bob, "0x" + "11".repeat(20)).answer(RoleLookupReplies.role(0));

        assertThat(refused.err().get("NotAMember").field("evm_address").text()).isEqualTo("0x" + "11".repeat(20));
        assertThat(zone.getMember(bob)).isEmpty();
        assertThat(zone.addMessage(bob, keyId(1), ciphertext(2, 50)).err().is("NotMember")).isTrue();
    }

    @Test
    void rpcErrorsAreReportedAsErrorsAndAdmitNobody() {
        Principal carol = TestUsers.user("carol");
        String address = "0x" + "22".repeat(20);

        assertThat(rpcFailure(carol, address, RoleLookupReplies.json(503, "Service Unavailable"))).contains("HTTP 503");
        assertThat(rpcFailure(carol, address, RoleLookupReplies.json(200, "<html>bad gateway</html>")))
                .contains("not valid JSON");
        assertThat(rpcFailure(carol, address, RoleLookupReplies.json(200,
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32000,\"message\":\"execution reverted\"}}")))
                .contains("-32000: execution reverted");
        assertThat(rpcFailure(carol, address, RoleLookupReplies.json(200, "{\"jsonrpc\":\"2.0\",\"id\":1}")))
                .contains("neither a result nor an error");
        assertThat(rpcFailure(carol, address, HttpOutcallResponse.reject(RejectCode.SYS_TRANSIENT, "connection refused")))
                .contains("HTTP outcall failed");

        assertThat(zone.getMember(carol)).isEmpty();
        assertThat(zone.addMessage(carol, keyId(1), ciphertext(3, 50)).err().is("NotMember")).isTrue();
        assertThat(pic.pendingHttpOutcalls()).isEmpty();
    }

    @Test
    void invalidCallersAndAddressesAreRefusedWithoutAnOutcall() {
        assertThat(zone.registerMember(TestUsers.user("dave"), "0x1234").err().get("InvalidAddress").text())
                .contains("20 bytes");
        assertThat(zone.registerMember(Principal.anonymous(), "0x" + "33".repeat(20)).err().is("AnonymousCaller"))
                .isTrue();
        assertThat(pic.pendingHttpOutcalls()).isEmpty();
    }

    @Test
    void aMemberRoleExpiresAfterTheCacheTime() {
        Principal erin = TestUsers.user("erin");
        zone.registerWithRole(erin, "0x" + "44".repeat(20), 7);
        assertThat(zone.addMessage(erin, keyId(4), ciphertext(4, 50)).is("ok")).isTrue();

        pic.advanceTime(Duration.ofSeconds(CACHE_SECONDS + 1));
        pic.tick();

        assertThat(zone.getMember(erin)).isEmpty();
        assertThat(zone.addMessage(erin, keyId(4), ciphertext(5, 50)).err().is("NotMember")).isTrue();
    }

    private static String rpcFailure(Principal caller, String address, HttpOutcallResponse response) {
        return zone.startRegistration(caller, address).answer(response).err().get("RpcFailed").text();
    }
}
