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
import io.diode.pocketic.embedded.api.InstanceConfig;
import io.diode.pocketic.embedded.api.SubnetKind;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Behaviours checked against the replica's texts and Motoko's own drun test suite: reject texts as users and
 * calling canisters see them, failing cleanups, routing, environment variables, {@code cycles_burn128}, a
 * canister reading its own status, and system subnets. Uses the {@code motoko/replica} canister.
 */
class ReplicaSemanticsIT {

    private static final String HELP = "Consider gracefully handling failures from this canister or altering the"
            + " canister to handle exceptions. See documentation: "
            + "https://internetcomputer.org/docs/current/references/execution-errors";

    private IcInstance ic;
    private Principal canister;

    @BeforeEach
    void deploy() {
        ic = EmbeddedIc.create();
        canister = TestIc.deploy(ic, "replica", noArgs());
    }

    @AfterEach
    void close() {
        ic.close();
    }

    @Test
    void trapTextsEndWithTheReplicasHelpAndDocumentationLink() {
        CallResult.Reject explicit = reject(ic.updateCall(USER, canister, "explicitTrap", noArgs()));
        assertThat(explicit.errorCode()).isEqualTo("IC0503");
        assertThat(explicit.message())
                .isEqualTo("Error from Canister " + canister
                        + ": Canister called `ic0.trap` with message: 'stop here'.\n" + HELP + "#trapped-explicitly");

        CallResult.Reject wasmTrap = reject(ic.updateCall(USER, canister, "divideByZero", candid(BigInteger.TWO)));
        assertThat(wasmTrap.errorCode()).isEqualTo("IC0502");
        assertThat(wasmTrap.message())
                .startsWith("Error from Canister " + canister + ": Canister trapped: ")
                .endsWith(".\n" + HELP + "#trapped");
    }

    @Test
    void aCallingCanisterSeesTheErrorCodeInFrontOfTheRejectText() {
        String seen = (String) decodeSingle(reply(ic.updateCall(USER, canister, "callTrapping", noArgs())));
        assertThat(seen)
                .isEqualTo("IC0503: Error from Canister " + canister
                        + ": Canister called `ic0.trap` with message: 'stop here'.\n" + HELP + "#trapped-explicitly");
    }

    @Test
    void aCallingCanisterSeesTheManagementCanistersRejectsWithoutTheCode() {
        Principal other = TestIc.createCanister(ic, USER, BigInteger.TEN.pow(12));
        String seen = (String) decodeSingle(reply(ic.updateCall(USER, canister, "statusOf", candid(other))));
        assertThat(seen).startsWith("Only controllers of canister " + other);
    }

    @Test
    void aCallToAPrincipalNoSubnetHostsHasNoRoute() {
        String seen = (String) decodeSingle(reply(ic.updateCall(USER, canister, "callNowhere", noArgs())));
        // the text form of a 5-byte principal has 15 characters: no trailing dash
        assertThat(seen).isEqualTo("#destination_invalid No route to canister bfozs-kwa73-7nadi");
    }

    @Test
    void aTrappingCleanupIsReportedAfterTheCallbacksTrap() {
        CallResult.Reject rejected = reject(ic.updateCall(USER, canister, "trapInCallbackAndCleanup", noArgs()));
        assertThat(rejected.errorCode()).isEqualTo("IC0503");
        assertThat(rejected.message())
                .isEqualTo("Error from Canister " + canister
                        + ": Canister called `ic0.trap` with message: 'in the callback'\n\ncall_on_cleanup also failed:\n\n"
                        + "Canister called `ic0.trap` with message: 'in the cleanup'");
        // the canister still works
        assertThat(ic.updateCall(USER, canister, "ping", noArgs())).isInstanceOf(CallResult.Reply.class);
    }

    @Test
    void environmentVariablesComeFromTheSettingsInNameOrder() {
        assertThat((Object[]) decodeSingle(reply(ic.updateCall(USER, canister, "envVarNames", noArgs()))))
                .isEmpty();
        setEnvironmentVariables(List.of(
                Map.of("name", "zeta", "value", "last"),
                Map.of("name", "ALPHA", "value", "first"),
                Map.of("name", "mid", "value", "ü")));
        assertThat((Object[]) decodeSingle(reply(ic.updateCall(USER, canister, "envVarNames", noArgs()))))
                .containsExactly("ALPHA", "mid", "zeta");
        assertThat(decodeSingle(reply(ic.updateCall(USER, canister, "envVar", candid("mid")))))
                .isEqualTo(Optional.of("ü"));
        assertThat(decodeSingle(reply(ic.updateCall(USER, canister, "envVar", candid("other")))))
                .isEqualTo(Optional.empty());
    }

    @Test
    void cyclesBurnBurnsAtMostWhatIsAboveTheFreezingThreshold() {
        BigInteger before = ic.cycleBalance(canister);
        BigInteger burnt = nat(ic.updateCall(USER, canister, "burn", candid(BigInteger.valueOf(1_000_000_000L))));
        assertThat(burnt).isEqualTo(1_000_000_000L);
        assertThat(ic.cycleBalance(canister)).isLessThan(before.subtract(burnt).add(BigInteger.ONE));

        BigInteger all = nat(ic.updateCall(USER, canister, "burn", candid(BigInteger.TEN.pow(20))));
        assertThat(all).isPositive().isLessThan(before);
        assertThat(ic.cycleBalance(canister)).isPositive(); // the freezing threshold stays
    }

    @Test
    void everyExecutionThatCompletesRaisesTheCanisterVersionAndATrapDoesNot() {
        long installed = version();

        reply(ic.updateCall(USER, canister, "ping", noArgs()));
        assertThat(version()).isEqualTo(installed + 1);
        reject(ic.updateCall(USER, canister, "explicitTrap", noArgs()));
        assertThat(version()).as("a trap rolls the version back with the rest").isEqualTo(installed + 1);
        reply(ic.updateCall(USER, canister, "ownStatus", noArgs()));
        assertThat(version()).as("the update and its response callback").isEqualTo(installed + 3);
        reply(ic.updateCall(USER, canister, "version", noArgs()));
        assertThat(version()).as("a query called as an update keeps no state").isEqualTo(installed + 3);
    }

    private long version() {
        return ((Number) decodeSingle(reply(ic.query(USER, canister, "version", noArgs())))).longValue();
    }

    @Test
    void aCanisterReadsItsOwnStatusWithoutControllingItself() {
        assertThat(ic.controllers(canister)).doesNotContain(canister);
        Object[] controllers = (Object[]) decodeSingle(reply(ic.updateCall(USER, canister, "ownStatus", noArgs())));
        assertThat(controllers).containsExactly(USER);
    }

    @Test
    void rawRandIsAnsweredInTheNextRound() {
        io.diode.pocketic.embedded.api.MessageId id =
                ic.submitIngress(USER, canister, "randomBytes", noArgs(), canister);
        ic.tick(); // the call and raw_rand's execution
        assertThat(ic.ingressStatus(id)).isEmpty();
        ic.tick(); // the randomness arrives
        assertThat(nat(ic.ingressStatus(id).orElseThrow())).isEqualTo(32);
    }

    @Test
    void aMessageToACanisterWithoutCodeIsRefusedAtSubmission() {
        Principal empty = TestIc.createCanister(ic, USER, BigInteger.TEN.pow(12));
        io.diode.pocketic.embedded.api.MessageId id = ic.submitIngress(USER, empty, "m", noArgs(), empty);
        CallResult.Reject refused = reject(ic.ingressStatus(id).orElseThrow()); // no round ran
        assertThat(refused.errorCode()).isEqualTo("IC0537");
        assertThat(refused.message()).isEqualTo("Requested canister has no wasm module");
    }

    @Test
    void aCanisterCanHaveAtMost500CallsToOneCalleeInFlight() {
        assertThat(nat(ic.updateCall(USER, canister, "flood", candid(BigInteger.valueOf(600)))))
                .isEqualTo(500);
        // once those calls are answered, calls can be made again
        assertThat(nat(ic.updateCall(USER, canister, "flood", candid(BigInteger.valueOf(10)))))
                .isEqualTo(10);
    }

    @Test
    void aBestEffortCallCarriesItsDeadlineAndExpires() {
        long now = ic.time().getEpochSecond() * 1_000_000_000L + ic.time().getNano();
        Object deadline = decodeSingle(reply(ic.updateCall(USER, canister, "deadlineOfBestEffortCall", noArgs())));
        assertThat(((Number) deadline).longValue()).isEqualTo(now + 5_000_000_000L);
        assertThat(((Number) decodeSingle(reply(ic.updateCall(USER, canister, "deadline", noArgs())))).longValue())
                .as("an ingress message has no deadline")
                .isZero();

        io.diode.pocketic.embedded.api.MessageId id =
                ic.submitIngress(USER, canister, "bestEffortCall", noArgs(), canister);
        ic.tick();
        ic.advanceTime(java.time.Duration.ofSeconds(2));
        ic.tick();
        assertThat(decodeSingle(reply(ic.ingressStatus(id).orElseThrow())))
                .isEqualTo("#system_unknown Call deadline has expired.");
        ic.tick(); // the late reply finds no callback and is dropped
        assertThat(ic.updateCall(USER, canister, "ping", noArgs())).isInstanceOf(CallResult.Reply.class);
    }

    @Test
    void aSystemSubnetChargesNoCycles() {
        try (IcInstance system =
                EmbeddedIc.create(new InstanceConfig(Instant.parse("2026-01-01T00:00:00Z"), SubnetKind.SYSTEM))) {
            assertThat(system.subnet().kind()).isEqualTo("System");
            Principal onSystem = TestIc.deploy(system, "replica", noArgs());
            BigInteger before = system.cycleBalance(onSystem);
            system.updateCall(USER, onSystem, "ping", noArgs());
            system.advanceTime(java.time.Duration.ofDays(1));
            system.tick();
            assertThat(system.cycleBalance(onSystem)).isEqualTo(before);
        }
    }

    @Test
    void theLowMemoryHookRunsOnceEachTimeMemoryRunsLow() {
        ic.tick();
        assertThat(nat(ic.query(USER, canister, "lowMemoryHookRuns", noArgs()))).isZero();
        // within 3 GiB - 1 byte of the default 3 GiB wasm_memory_limit: low at once
        updateSettings("wasm_memory_threshold", BigInteger.valueOf((3L << 30) - 1));
        ic.tick();
        ic.tick();
        assertThat(nat(ic.query(USER, canister, "lowMemoryHookRuns", noArgs()))).isEqualTo(1);
        updateSettings("wasm_memory_threshold", BigInteger.ZERO); // no longer low: the hook is armed again
        ic.tick();
        updateSettings("wasm_memory_threshold", BigInteger.valueOf((3L << 30) - 1));
        ic.tick();
        assertThat(nat(ic.query(USER, canister, "lowMemoryHookRuns", noArgs()))).isEqualTo(2);
    }

    @Test
    void theLowMemoryHookRunsInTheRoundOfTheMessageThatUsedTheMemory() {
        long memory = nat(ic.query(USER, canister, "memorySize", noArgs())).longValueExact();
        // low once the canister grows by more than 1 MiB under the default 3 GiB wasm_memory_limit
        updateSettings("wasm_memory_threshold", BigInteger.valueOf((3L << 30) - memory - (1 << 20)));
        ic.tick();
        assertThat(nat(ic.query(USER, canister, "lowMemoryHookRuns", noArgs()))).isZero();

        io.diode.pocketic.embedded.api.MessageId id =
                ic.submitIngress(USER, canister, "allocate", candid(BigInteger.valueOf(64)), canister);
        ic.tick();

        assertThat(ic.ingressStatus(id)).isPresent();
        assertThat(nat(ic.query(USER, canister, "lowMemoryHookRuns", noArgs()))).isEqualTo(1);
    }

    private void setEnvironmentVariables(List<Map<String, String>> variables) {
        updateSettings("environment_variables", variables);
    }

    private void updateSettings(String name, Object value) {
        TestIc.updateSettings(ic, canister, name, value);
    }
}
