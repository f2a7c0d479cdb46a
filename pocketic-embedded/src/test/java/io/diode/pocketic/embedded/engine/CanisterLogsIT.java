package io.diode.pocketic.embedded.engine;

import static io.diode.pocketic.embedded.engine.TestIc.ALICE;
import static io.diode.pocketic.embedded.engine.TestIc.MALLORY;
import static io.diode.pocketic.embedded.engine.TestIc.USER;
import static io.diode.pocketic.embedded.engine.TestIc.candid;
import static io.diode.pocketic.embedded.engine.TestIc.noArgs;
import static io.diode.pocketic.embedded.engine.TestIc.reject;
import static io.diode.pocketic.embedded.engine.TestIc.reply;
import static org.assertj.core.api.Assertions.assertThat;

import io.diode.candid.VariantValue;
import io.diode.ic.management.ManagementCandidTypes;
import io.diode.pocketic.embedded.api.CallResult;
import io.diode.pocketic.embedded.api.IcInstance;
import io.diode.pocketic.embedded.management.TestCandid;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** fetch_canister_logs of a real Motoko canister: what is recorded, who may read it, eviction, purging. */
class CanisterLogsIT {

    private IcInstance ic;
    private Principal journal;

    @BeforeEach
    void deploy() {
        ic = EmbeddedIc.create();
        journal = TestIc.deploy(ic, "journal", noArgs());
    }

    @AfterEach
    void close() {
        ic.close();
    }

    private CallResult fetch(Principal sender) {
        return ic.query(
                sender,
                IcInstance.MANAGEMENT_CANISTER,
                "fetch_canister_logs",
                TestCandid.encode(ManagementCandidTypes.CANISTER_ID_RECORD, Map.of("canister_id", journal)));
    }

    private List<TestCandid.Value> records(Principal sender) {
        return TestCandid.firstArgument(reply(fetch(sender)))
                .field("canister_log_records")
                .vec(value -> value);
    }

    private List<String> contents() {
        return records(USER).stream()
                .map(record -> new String(record.field("content").blob(), StandardCharsets.UTF_8))
                .toList();
    }

    private void logVisibility(VariantValue visibility) {
        TestIc.updateSettings(ic, journal, "log_visibility", visibility);
    }

    @Test
    void printsAndTrapsOfReplicatedExecutionsAreRecorded() {
        ic.updateCall(USER, journal, "inc", noArgs());
        ic.advanceTime(Duration.ofSeconds(5));
        CallResult.Reject trapped = reject(ic.updateCall(USER, journal, "failWith", candid("disk on fire")));
        assertThat(trapped.errorCode()).isEqualTo("IC0503");
        ic.query(USER, journal, "peek", noArgs()); // a query: not recorded
        ic.updateCall(USER, journal, "peek", noArgs()); // the same method run replicated: recorded

        List<TestCandid.Value> records = records(USER);
        assertThat(records)
                .extracting(record -> new String(record.field("content").blob(), StandardCharsets.UTF_8))
                .containsExactly("count is 1", "about to fail", "[TRAP]: disk on fire", "peek");
        assertThat(records).extracting(record -> record.field("idx").nat64()).containsExactly(0L, 1L, 2L, 3L);
        long first = records.get(0).field("timestamp_nanos").nat64();
        assertThat(records.get(1).field("timestamp_nanos").nat64()).isEqualTo(first + 5_000_000_000L);
        // the trap rolled the state back, not the log
        assertThat(TestIc.nat(ic.query(USER, journal, "get", noArgs()))).isEqualTo(1);
    }

    @Test
    void visibilityDecidesWhoMayFetch() {
        ic.updateCall(USER, journal, "inc", noArgs());
        CallResult.Reject refused = reject(fetch(MALLORY));
        assertThat(refused.errorCode()).isEqualTo("IC0406");
        assertThat(refused.message())
                .isEqualTo("Caller " + MALLORY + " is not allowed to query ic00 method fetch_canister_logs");

        logVisibility(VariantValue.of("public"));
        assertThat(records(MALLORY)).hasSize(1);

        logVisibility(new VariantValue("allowed_viewers", List.of(ALICE)));
        assertThat(records(ALICE)).hasSize(1);
        assertThat(records(USER)).hasSize(1); // controllers always may
        assertThat(reject(fetch(MALLORY)).errorCode()).isEqualTo("IC0406");
    }

    @Test
    void onlyAQueryMayFetch() {
        CallResult.Reject ingress = reject(TestIc.management(ic, USER, "fetch_canister_logs", journal));
        assertThat(ingress.errorCode()).isEqualTo("IC0406");
        assertThat(ingress.message())
                .isEqualTo("ic00 method fetch_canister_logs can not be called via ingress" + " messages");
        Principal nobody = Principal.fromString("rwlgt-iiaaa-aaaaa-aaaaa-cai");
        assertThat(reject(ic.query(
                                USER,
                                IcInstance.MANAGEMENT_CANISTER,
                                "fetch_canister_logs",
                                TestCandid.encode(
                                        ManagementCandidTypes.CANISTER_ID_RECORD, Map.of("canister_id", nobody))))
                        .errorCode())
                .isEqualTo("IC0301");
    }

    @Test
    void theOldestRecordsGiveWayToNewOnesBeyond4KiB() {
        String line = "x".repeat(100);
        ic.updateCall(USER, journal, "print", candid(line, BigInteger.valueOf(50)));
        List<TestCandid.Value> records = records(USER);
        // each record counts its 100 bytes plus 16 (index and timestamp): 35 of them fit in 4,096 bytes
        assertThat(records).hasSize(4096 / 116);
        assertThat(records.getFirst().field("idx").nat64()).isEqualTo(50L - 4096 / 116);
        assertThat(records.getLast().field("idx").nat64()).isEqualTo(49L);

        ic.updateCall(USER, journal, "print", candid("y".repeat(5000), BigInteger.ONE));
        List<TestCandid.Value> after = records(USER);
        assertThat(after).hasSize(1);
        assertThat(after.getFirst().field("content").blob()).hasSize(CanisterLog.MAX_CONTENT);
        assertThat(after.getFirst().field("idx").nat64()).isEqualTo(50L);
    }

    @Test
    void upgradesKeepTheLogReinstallsPurgeIt() {
        ic.updateCall(USER, journal, "inc", noArgs());
        assertThat(TestIc.installCode(ic, USER, journal, "upgrade", MotokoCanisters.wasm("journal-v2"), noArgs()))
                .isInstanceOf(CallResult.Reply.class);
        assertThat(contents()).containsExactly("count is 1");
        // a reinstall that fails (the module's init cannot decode the missing argument) leaves the log alone
        assertThat(TestIc.installCode(ic, USER, journal, "reinstall", MotokoCanisters.wasm("broken"), noArgs()))
                .isInstanceOf(CallResult.Reject.class);
        assertThat(contents()).startsWith("count is 1");
        assertThat(TestIc.installCode(ic, USER, journal, "reinstall", MotokoCanisters.wasm("journal"), noArgs()))
                .isInstanceOf(CallResult.Reply.class);
        assertThat(contents()).isEmpty();
        ic.updateCall(USER, journal, "inc", noArgs());
        List<TestCandid.Value> after = records(USER);
        assertThat(after).hasSize(1);
        assertThat(after.getFirst().field("idx").nat64()).isGreaterThanOrEqualTo(1L);
    }
}
