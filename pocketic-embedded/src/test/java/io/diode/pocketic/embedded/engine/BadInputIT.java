package io.diode.pocketic.embedded.engine;

import static io.diode.pocketic.embedded.engine.TestIc.MALLORY;
import static io.diode.pocketic.embedded.engine.TestIc.USER;
import static io.diode.pocketic.embedded.engine.TestIc.candid;
import static io.diode.pocketic.embedded.engine.TestIc.nat;
import static io.diode.pocketic.embedded.engine.TestIc.noArgs;
import static io.diode.pocketic.embedded.engine.TestIc.reject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diode.pocketic.embedded.api.CallResult;
import io.diode.pocketic.embedded.api.CanisterNotFoundException;
import io.diode.pocketic.embedded.api.IcInstance;
import io.diode.pocketic.embedded.api.RejectCode;
import io.diode.pocketic.embedded.wasm.TestModuleBuilder;
import java.math.BigInteger;
import java.time.Instant;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad input gets the IC's reject, and nothing else changes: after each case, the counter still counts.
 */
class BadInputIT {

    private static final Principal NOWHERE = CanisterIdAllocator.principalOf(CanisterIdAllocator.FIRST + 999);

    private IcInstance ic;
    private Principal counter;
    private Principal wallet;

    @BeforeEach
    void deploy() {
        ic = EmbeddedIc.create();
        counter = TestIc.deploy(ic, "counter", candid(BigInteger.TEN));
        wallet = TestIc.deploy(ic, "wallet", noArgs());
    }

    @AfterEach
    void counterIsIntactAndClose() {
        assertThat(nat(ic.updateCall(USER, counter, "inc", noArgs()))).isEqualTo(11);
        ic.close();
    }

    @Test
    void invalidWasmIsRejectedAndTheCanisterStaysEmpty() {
        Principal empty = TestIc.createCanister(ic, USER, BigInteger.TEN.pow(13));
        CallResult.Reject notWasm =
                reject(TestIc.installCode(ic, USER, empty, "install", "not a module".getBytes(), noArgs()));
        assertThat(notWasm.errorCode()).isEqualTo("IC0505");
        assertThat(notWasm.message()).contains("Wasm module is not valid");
        byte[] truncated = java.util.Arrays.copyOf(MotokoCanisters.wasm("counter"), 1000);
        assertThat(reject(TestIc.installCode(ic, USER, empty, "install", truncated, noArgs()))
                        .errorCode())
                .isEqualTo("IC0505");
        CallResult.Reject call = reject(ic.updateCall(USER, empty, "inc", noArgs()));
        assertThat(call.errorCode()).isEqualTo("IC0537");
        // refused at submission, with the text of the replica's ingress filter
        assertThat(call.message()).isEqualTo("Requested canister has no wasm module");
    }

    @Test
    void aModuleWithAMutableReferenceGlobalIsRefusedAtInstallAndAnUpgradeToItKeepsTheOldCode() {
        TestModuleBuilder module = new TestModuleBuilder();
        int unit = module.type(new int[0], new int[0]);
        module.memory(0, 1, 1);
        module.global(TestModuleBuilder.FUNCREF, true, new byte[] {(byte) 0xD0, TestModuleBuilder.FUNCREF});
        module.exportFunction("canister_update go", module.function(unit, new byte[] {0}, new byte[] {0x0B}));
        Principal empty = TestIc.createCanister(ic, USER, BigInteger.TEN.pow(13));

        CallResult.Reject refused = reject(TestIc.installCode(ic, USER, empty, "install", module.build(), noArgs()));
        assertThat(refused.errorCode()).isEqualTo("IC0505");
        assertThat(refused.message()).contains("mutable globals of v128 or reference type", "globals [0]");
        assertThat(reject(ic.updateCall(USER, empty, "go", noArgs())).errorCode())
                .as("nothing was installed")
                .isEqualTo("IC0537");
        assertThat(reject(TestIc.installCode(ic, USER, counter, "upgrade", module.build(), noArgs()))
                        .errorCode())
                .isEqualTo("IC0505");
        assertThat(nat(ic.query(USER, counter, "get", noArgs()))).isEqualTo(10);
    }

    @Test
    void invalidWasmForAnUpgradeKeepsTheOldCode() {
        CallResult.Reject rejected = reject(TestIc.installCode(
                ic, USER, counter, "upgrade", new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0, 99}, noArgs()));
        assertThat(rejected.errorCode()).isEqualTo("IC0505");
        assertThat(nat(ic.query(USER, counter, "get", noArgs()))).isEqualTo(10);
    }

    @Test
    void wrongCandidArgumentTrapsInTheCanister() {
        CallResult.Reject rejected = reject(ic.updateCall(USER, counter, "add", candid("not a number")));
        assertThat(rejected.errorCode()).isEqualTo("IC0503");
        assertThat(rejected.message()).contains("IDL error");
        CallResult.Reject garbage = reject(ic.updateCall(USER, counter, "add", new byte[] {1, 2, 3}));
        assertThat(garbage.errorCode()).isEqualTo("IC0503");
    }

    @Test
    void malformedManagementArgumentIsRejected() {
        CallResult result = ic.awaitIngress(ic.submitIngress(
                USER, IcInstance.MANAGEMENT_CANISTER, "canister_status", new byte[] {'D', 'I', 'D', 'L', 9}, counter));
        assertThat(reject(result).errorCode()).isEqualTo("IC0408");
        assertThat(reject(ic.awaitIngress(ic.submitIngress(
                                USER, IcInstance.MANAGEMENT_CANISTER, "no_such_method", noArgs(), counter)))
                        .errorCode())
                .isEqualTo("IC0407");
    }

    @Test
    void missingMethodsAndCanisters() {
        CallResult.Reject noMethod = reject(ic.updateCall(USER, counter, "nope", noArgs()));
        assertThat(noMethod.errorCode()).isEqualTo("IC0536");
        assertThat(noMethod.message()).contains("has no update method 'nope'");
        CallResult.Reject noQuery = reject(ic.query(USER, counter, "inc", noArgs()));
        assertThat(noQuery.message()).contains("has no query method 'inc'");
        CallResult.Reject noCanister = reject(ic.updateCall(USER, NOWHERE, "inc", noArgs()));
        assertThat(noCanister.errorCode()).isEqualTo("IC0301");
        assertThat(noCanister.code()).isEqualTo(RejectCode.DESTINATION_INVALID);
        assertThatThrownBy(() -> ic.cycleBalance(NOWHERE)).isInstanceOf(CanisterNotFoundException.class);
    }

    @Test
    void stoppedCanisterRejectsCallsUntilStarted() {
        assertThat(TestIc.management(ic, USER, "stop_canister", counter)).isInstanceOf(CallResult.Reply.class);
        CallResult.Reject stopped = reject(ic.updateCall(USER, counter, "inc", noArgs()));
        assertThat(stopped.errorCode()).isEqualTo("IC0508");
        assertThat(stopped.message()).isEqualTo("Canister " + counter + " is stopped");
        assertThat(reject(ic.query(USER, counter, "get", noArgs())).errorCode()).isEqualTo("IC0508");
        assertThat(TestIc.management(ic, USER, "start_canister", counter)).isInstanceOf(CallResult.Reply.class);
    }

    @Test
    void oversizedArguments() {
        byte[] big = TestIc.blob(new byte[2 * 1024 * 1024 + 1]);
        CallResult.Reject ingress = reject(ic.updateCall(USER, counter, "blobSize", big));
        assertThat(ingress.message()).contains("more than the limit of 2097152 bytes");
        assertThat(nat(ic.updateCall(USER, counter, "blobSize", TestIc.blob(new byte[1024 * 1024]))))
                .isEqualTo(1024 * 1024);
        CallResult.Reject interCanister = reject(
                ic.updateCall(USER, wallet, "sendBlob", candid(counter, BigInteger.valueOf(2 * 1024 * 1024 + 1))));
        assertThat(interCanister.message()).contains("exceed 2097152 bytes");
        assertThat(nat(ic.updateCall(USER, wallet, "sendBlob", candid(counter, BigInteger.valueOf(100_000)))))
                .isEqualTo(100_000);
    }

    @Test
    void onlyControllersManageACanister() {
        for (String method :
                new String[] {"stop_canister", "start_canister", "delete_canister", "canister_status", "uninstall_code"
                }) {
            CallResult.Reject rejected = reject(TestIc.management(ic, MALLORY, method, counter));
            assertThat(rejected.errorCode()).as(method).isEqualTo("IC0512");
            assertThat(rejected.message())
                    .contains("Only controllers of canister " + counter)
                    .contains("ic00 method " + method);
        }
        CallResult.Reject install = reject(TestIc.installCode(
                ic, MALLORY, counter, "reinstall", MotokoCanisters.wasm("counter"), candid(BigInteger.ZERO)));
        assertThat(install.errorCode()).isEqualTo("IC0512");
    }

    @Test
    void timeCannotGoBackwardsAndUnknownMessagesAreErrors() {
        Instant now = ic.time();
        assertThatThrownBy(() -> ic.setTime(now.minusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("backwards");
        assertThatThrownBy(() -> ic.awaitIngress(new io.diode.pocketic.embedded.api.MessageId(new byte[32])))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTimeTheIcCannotCountIsRefusedAndTheClockStays() {
        Instant now = ic.time();
        assertThatThrownBy(() -> ic.setTime(Instant.parse("2300-01-01T00:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside that range");
        assertThat(ic.time()).isEqualTo(now);
    }

    @Test
    void ingressToCanisterOnlyManagementMethodsIsRefused() {
        CallResult.Reject rejected = reject(
                ic.awaitIngress(ic.submitIngress(USER, IcInstance.MANAGEMENT_CANISTER, "raw_rand", noArgs(), counter)));
        assertThat(rejected.message()).contains("Only canisters can call ic00 method raw_rand");
    }
}
