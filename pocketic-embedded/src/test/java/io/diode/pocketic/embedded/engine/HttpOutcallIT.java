package io.diode.pocketic.embedded.engine;

import static io.diode.pocketic.embedded.engine.TestIc.USER;
import static io.diode.pocketic.embedded.engine.TestIc.candid;
import static io.diode.pocketic.embedded.engine.TestIc.reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diode.ic.management.ManagementCandidTypes;
import io.diode.pocketic.embedded.api.CallResult;
import io.diode.pocketic.embedded.api.HttpHeader;
import io.diode.pocketic.embedded.api.HttpOutcallRequest;
import io.diode.pocketic.embedded.api.HttpOutcallResponse;
import io.diode.pocketic.embedded.api.IcInstance;
import io.diode.pocketic.embedded.api.MessageId;
import io.diode.pocketic.embedded.api.RejectCode;
import io.diode.pocketic.embedded.management.TestCandid;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.ic4j.candid.parser.IDLArgs;
import org.ic4j.candid.parser.IDLValue;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HTTP outcalls queue until the test answers them; the canister's transform runs on the answer. */
class HttpOutcallIT {

    private IcInstance ic;
    private Principal canister;

    @BeforeEach
    void deploy() {
        ic = EmbeddedIc.create();
        canister = TestIc.deploy(ic, "outcall", TestIc.noArgs());
    }

    @AfterEach
    void close() {
        ic.close();
    }

    private MessageId startFetch() {
        MessageId id = ic.submitIngress(USER, canister, "fetch", candid("https://example.org/data"), canister);
        ic.tick();
        ic.tick();
        return id;
    }

    @Test
    void responseGoesThroughTheTransformToTheCanister() {
        BigInteger before = ic.cycleBalance(canister);
        MessageId id = startFetch();
        List<HttpOutcallRequest> pending = ic.pendingHttpOutcalls();
        assertThat(pending).hasSize(1);
        HttpOutcallRequest request = pending.get(0);
        assertThat(request.url()).isEqualTo("https://example.org/data");
        assertThat(request.httpMethod()).isEqualTo("get");
        assertThat(request.canisterId()).isEqualTo(canister);
        assertThat(request.headers()).contains(new HttpHeader("Accept", "application/json"));
        assertThat(request.maxResponseBytes()).hasValue(10_000);
        assertThat(ic.ingressStatus(id)).isEmpty();

        ic.mockHttpOutcall(
                request.requestId(),
                new HttpOutcallResponse.Reply(
                        200,
                        List.of(new HttpHeader("Server", "test")),
                        "{\"ok\":true}".getBytes(StandardCharsets.UTF_8)));
        List<Object> result = IDLArgs.fromBytes(reply(ic.awaitIngress(id))).getArgs().stream()
                .map(IDLValue::getValue)
                .toList();
        // the transform dropped the headers
        assertThat(result).containsExactly(BigInteger.valueOf(200), "{\"ok\":true}", BigInteger.ZERO);
        assertThat(ic.pendingHttpOutcalls()).isEmpty();
        BigInteger spent = before.subtract(ic.cycleBalance(canister));
        assertThat(spent)
                .as("outcall fee charged, the rest of the 300 B attached refunded")
                .isBetween(BigInteger.valueOf(100_000_000L), BigInteger.valueOf(1_000_000_000L));
    }

    @Test
    void rejectedOutcallRejectsTheCanistersCall() {
        MessageId id = startFetch();
        long requestId = ic.pendingHttpOutcalls().get(0).requestId();
        ic.mockHttpOutcall(requestId, new HttpOutcallResponse.Reject(RejectCode.SYS_TRANSIENT, "connect timeout"));
        CallResult result = ic.awaitIngress(id);
        assertThat(TestIc.reject(result).message()).contains("connect timeout");
    }

    @Test
    void stopWaitsForTheOpenCallToFinish() {
        MessageId fetch = startFetch();
        MessageId stop = ic.submitIngress(
                USER,
                IcInstance.MANAGEMENT_CANISTER,
                "stop_canister",
                TestCandid.encode(ManagementCandidTypes.CANISTER_ID_RECORD, java.util.Map.of("canister_id", canister)),
                canister);
        ic.tick();
        assertThat(ic.ingressStatus(stop))
                .as("stopping while the outcall is open")
                .isEmpty();
        assertThat(TestIc.reject(ic.updateCall(USER, canister, "fetch", candid("https://example.org/x")))
                        .errorCode())
                .isEqualTo("IC0509");

        ic.mockHttpOutcall(
                ic.pendingHttpOutcalls().get(0).requestId(),
                new HttpOutcallResponse.Reply(200, List.of(), new byte[0]));
        assertThat(ic.awaitIngress(fetch)).isInstanceOf(CallResult.Reply.class);
        assertThat(ic.awaitIngress(stop)).isInstanceOf(CallResult.Reply.class);
        assertThat(TestIc.reject(ic.updateCall(USER, canister, "fetch", candid("https://example.org/x")))
                        .errorCode())
                .isEqualTo("IC0508");
    }

    @Test
    void awaitingAMessageThatWaitsForAnOutcallSaysWhatToDo() {
        MessageId id = startFetch();
        assertThatThrownBy(() -> ic.awaitIngress(id))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mockHttpOutcall");
        assertThatThrownBy(() -> ic.mockHttpOutcall(999, new HttpOutcallResponse.Reply(200, List.of(), new byte[0])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no HTTP outcall 999");
    }
}
