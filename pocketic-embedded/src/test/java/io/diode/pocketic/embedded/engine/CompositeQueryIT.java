package io.diode.pocketic.embedded.engine;

import static io.diode.pocketic.embedded.engine.TestIc.USER;
import static io.diode.pocketic.embedded.engine.TestIc.candid;
import static io.diode.pocketic.embedded.engine.TestIc.decodeSingle;
import static io.diode.pocketic.embedded.engine.TestIc.nat;
import static io.diode.pocketic.embedded.engine.TestIc.noArgs;
import static io.diode.pocketic.embedded.engine.TestIc.reject;
import static io.diode.pocketic.embedded.engine.TestIc.reply;
import static org.assertj.core.api.Assertions.assertThat;

import io.diode.pocketic.embedded.api.CallResult;
import io.diode.pocketic.embedded.api.IcInstance;
import io.diode.pocketic.embedded.api.RejectCode;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.ic4j.candid.parser.IDLArgs;
import org.ic4j.candid.parser.IDLValue;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Composite queries between three instances of a real Motoko canister ({@code motoko/composite}): calls to queries
 * and composite queries, every change discarded, rejects, and the call graph's limits. The canisters are deployed
 * once; every test leaves their state as it found it (which is the point of the tests).
 */
class CompositeQueryIT {

    private static IcInstance ic;
    private static Principal a;
    private static Principal b;
    private static Principal c;

    @BeforeAll
    static void deploy() {
        ic = EmbeddedIc.create();
        a = TestIc.deploy(ic, "composite", noArgs());
        b = TestIc.deploy(ic, "composite", noArgs());
        c = TestIc.deploy(ic, "composite", noArgs());
        ic.updateCall(USER, a, "set", candid(BigInteger.valueOf(5)));
        ic.updateCall(USER, b, "set", candid(BigInteger.valueOf(10)));
        ic.updateCall(USER, c, "set", candid(BigInteger.valueOf(20)));
    }

    @AfterAll
    static void close() {
        ic.close();
    }

    private static List<BigInteger> nats(CallResult result) {
        return IDLArgs.fromBytes(reply(result)).getArgs().stream()
                .map(IDLValue::<BigInteger>getValue)
                .toList();
    }

    private static String text(CallResult result) {
        return (String) decodeSingle(reply(result));
    }

    private static void assertStatesUnchanged() {
        assertThat(nat(ic.query(USER, a, "value", noArgs()))).isEqualTo(5);
        assertThat(nat(ic.query(USER, b, "value", noArgs()))).isEqualTo(10);
        assertThat(nat(ic.query(USER, c, "value", noArgs()))).isEqualTo(20);
    }

    @Test
    void callsQueriesAndACompositeQueryAndDiscardsEveryChange() {
        List<BigInteger> combined = nats(ic.query(USER, a, "combined", candid(b, c)));

        // a's own change stays visible to its continuation; each call to b starts from b's state before the query
        // (its first bump is not seen by the second); c's composite query reads b through another call
        assertThat(combined)
                .containsExactly(
                        BigInteger.valueOf(1005),
                        BigInteger.valueOf(110),
                        BigInteger.valueOf(110),
                        BigInteger.valueOf(20),
                        BigInteger.valueOf(10));
        assertStatesUnchanged();
        // and the canisters still work normally afterwards, their next changes kept
        assertThat(nat(ic.updateCall(USER, b, "inc", noArgs()))).isEqualTo(11);
        ic.updateCall(USER, b, "set", candid(BigInteger.valueOf(10)));
        assertThat(nats(ic.query(USER, a, "combined", candid(b, c)))).element(1).isEqualTo(BigInteger.valueOf(110));
    }

    @Test
    void aCallToItselfSeesTheStateBeforeTheQuery() {
        assertThat(nats(ic.query(USER, a, "selfView", noArgs())))
                .containsExactly(BigInteger.valueOf(1005), BigInteger.valueOf(5));
        assertStatesUnchanged();
    }

    @Test
    void callingAnUpdateMethodIsRejected() {
        assertThat(text(ic.query(USER, a, "callUpdate", candid(b))))
                .isEqualTo("destination_invalid: Error from Canister " + b + ": Canister has no query method 'inc'.");
        assertStatesUnchanged();
    }

    @Test
    void aTrapInACalleeComesBackAsARejectToTheCallersCallback() {
        assertThat(text(ic.query(USER, a, "callTrapping", candid(b))))
                .startsWith("canister_error: Error from Canister " + b + ": Canister called `ic0.trap`")
                .contains("callee trapped on purpose");
        assertStatesUnchanged();
    }

    @Test
    void aCompositeQueryCalledAsAnUpdateIsRejected() {
        BigInteger balance = ic.cycleBalance(a);
        CallResult.Reject rejected = reject(ic.updateCall(USER, a, "combined", candid(b, c)));
        assertThat(rejected.code()).isEqualTo(RejectCode.CANISTER_ERROR);
        assertThat(rejected.errorCode()).isEqualTo("IC0527");
        assertThat(rejected.message()).isEqualTo("Composite query cannot be called in replicated mode");
        assertThat(ic.cycleBalance(a))
                .as("the execution attempt is charged, as on the IC")
                .isLessThan(balance);
        assertStatesUnchanged();
    }

    @Test
    void anUpdateCallingACompositeQueryGetsTheReject() {
        Principal wallet = TestIc.deploy(ic, "wallet", noArgs());
        String message = (String) decodeSingle(reply(ic.updateCall(USER, wallet, "callComposite", candid(a))));
        // a calling canister sees a system-made reject with its error code in front, as on the IC
        assertThat(message).isEqualTo("IC0527: Composite query cannot be called in replicated mode");
        assertStatesUnchanged();
    }

    @Test
    void theCallGraphIsAtMostSixCallsDeep() {
        assertThat(nat(ic.query(USER, a, "chain", candid(BigInteger.valueOf(6)))))
                .isEqualTo(11);
        CallResult.Reject tooDeep = reject(ic.query(USER, a, "chain", candid(BigInteger.valueOf(7))));
        assertThat(tooDeep.errorCode()).isEqualTo("IC0525");
        assertThat(tooDeep.message()).isEqualTo("Composite query calls exceeded the maximum call depth.");
        assertStatesUnchanged();
    }

    @Test
    void theCallGraphMakesAtMost99Calls() {
        assertThat(nat(ic.query(USER, a, "fanOut", candid(b, BigInteger.valueOf(99)))))
                .isEqualTo(990);
        CallResult.Reject tooMany = reject(ic.query(USER, a, "fanOut", candid(b, BigInteger.valueOf(100))));
        assertThat(tooMany.errorCode()).isEqualTo("IC0526");
        assertThat(tooMany.message()).isEqualTo("Composite query calls exceeded the instruction limit.");
        assertStatesUnchanged();
    }

    @Test
    void theCallGraphHasAWallTimeLimit() {
        Subnet subnet = ((EmbeddedIc) ic).subnetState();
        CallResult.Reject timedOut = reject(
                new CompositeQuery(subnet, subnet.canister(a), 0).run(USER, "fanOut", candid(b, BigInteger.TWO)));
        assertThat(timedOut.errorCode()).isEqualTo("IC0528");
        assertThat(timedOut.message()).isEqualTo("Composite query call exceeded the time limit.");
        assertStatesUnchanged();
    }

    @Test
    void aPlainQueryCannotCall() {
        // Motoko refuses to compile a call in a query, so this canister is written in WebAssembly directly
        Principal caller = TestIc.createCanister(ic, USER, new BigInteger("100000000000000"));
        assertThat(TestIc.installCode(ic, USER, caller, "install", queryThatCalls(), noArgs()))
                .isInstanceOf(CallResult.Reply.class);
        CallResult.Reject refused = reject(ic.query(USER, caller, "callFromQuery", noArgs()));
        assertThat(refused.errorCode()).isEqualTo("IC0504");
        assertThat(refused.message()).contains("\"ic0_call_new\" cannot be executed in non-replicated query mode");
    }

    /**
     * A module exporting {@code canister_query callFromQuery}, which calls {@code ic0.call_new} (with empty callee
     * and method) and {@code ic0.call_perform}.
     */
    private static byte[] queryThatCalls() {
        ByteArrayOutputStream module = new ByteArrayOutputStream();
        module.writeBytes(new byte[] {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00});
        byte i32 = 0x7F;
        section(module, 1, new byte[] {
            3, 0x60, 8, i32, i32, i32, i32, i32, i32, i32, i32, 0, // call_new
            0x60, 0, 1, i32, // call_perform
            0x60, 0, 0
        }); // the query
        ByteArrayOutputStream imports = new ByteArrayOutputStream();
        imports.write(2);
        importFunction(imports, "call_new", 0);
        importFunction(imports, "call_perform", 1);
        section(module, 2, imports.toByteArray());
        section(module, 3, new byte[] {1, 2});
        section(module, 5, new byte[] {1, 0x00, 1});
        ByteArrayOutputStream exports = new ByteArrayOutputStream();
        exports.write(2);
        name(exports, "canister_query callFromQuery");
        exports.writeBytes(new byte[] {0x00, 2});
        name(exports, "memory");
        exports.writeBytes(new byte[] {0x02, 0});
        section(module, 7, exports.toByteArray());
        byte[] body = {
            0, 0x41, 0, 0x41, 0, 0x41, 0, 0x41, 0, 0x41, 0, 0x41, 0, 0x41, 0, 0x41, 0, 0x10, 0, 0x10, 1, 0x1A, 0x0B
        };
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        code.write(1);
        code.write(body.length);
        code.writeBytes(body);
        section(module, 10, code.toByteArray());
        return module.toByteArray();
    }

    private static void section(ByteArrayOutputStream module, int id, byte[] content) {
        module.write(id);
        module.write(content.length); // every section here is shorter than 128 bytes: one LEB128 byte
        module.writeBytes(content);
    }

    private static void importFunction(ByteArrayOutputStream imports, String field, int type) {
        name(imports, "ic0");
        name(imports, field);
        imports.write(0x00);
        imports.write(type);
    }

    private static void name(ByteArrayOutputStream out, String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length);
        out.writeBytes(bytes);
    }

    @Test
    void aCompositeQueryThatMakesNoCallsAnswersDirectly() {
        assertThat(nat(ic.query(USER, a, "chain", candid(BigInteger.ZERO)))).isEqualTo(5);
    }

    @Test
    void callsToMissingCanistersAndTheManagementCanisterAreRejected() {
        Principal missing = Principal.fromString("rrkah-fqaaa-aaaaa-aaaaq-cai");
        assertThat(text(ic.query(USER, a, "callTrapping", candid(missing))))
                .isEqualTo("destination_invalid: Canister " + missing + " not found");
        assertThat(text(ic.query(USER, a, "callTrapping", candid(IcInstance.MANAGEMENT_CANISTER))))
                .startsWith("destination_invalid: ");
    }
}
