package io.diode.pocketic.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.diode.pocketic.client.CandidArguments;
import io.diode.pocketic.client.PocketIc;
import io.diode.pocketic.scenario.JournalCanister;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.ic4j.candid.parser.IDLValue;
import org.ic4j.candid.types.Type;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/** What the extension prints when a test fails: the logs of the canisters the test created. */
class CanisterLogReportIT {

    /** Run only through the launcher below (nested classes are not picked up by failsafe). */
    @PocketIcTest
    static class FailingCanisterTest {
        @Test
        void fails(PocketIc pic) {
            Principal journal = pic.createCanister();
            pic.installCode(journal, JournalCanister.V1, CandidArguments.encode());
            pic.updateCall(journal, "inc", BigInteger.class);
            pic.updateCall(
                    journal, "print", Void.class, "the ledger disagrees", IDLValue.create(BigInteger.ONE, Type.NAT));
            throw new AssertionError("expected 2 entries, got 1");
        }
    }

    /** The test passes; a check after it fails. */
    @PocketIcTest
    static class FailingAfterEachTest {
        @Test
        void passes(PocketIc pic) {
            Principal journal = pic.createCanister();
            pic.installCode(journal, JournalCanister.V1, CandidArguments.encode());
            pic.updateCall(journal, "inc", BigInteger.class);
        }

        @org.junit.jupiter.api.AfterEach
        void verifyInvariants() {
            throw new AssertionError("invariant broken");
        }
    }

    /** A factory creates a child; the test fails. */
    @PocketIcTest
    static class FailingFactoryTest {
        static volatile Principal child;

        @Test
        void fails(PocketIc pic) {
            Principal factory = pic.createCanister();
            pic.installCode(factory, JournalCanister.FACTORY, CandidArguments.encode());
            child = pic.updateCall(factory, "create", Principal.class, "alpha");
            throw new AssertionError("the child should have said hello");
        }
    }

    @PocketIcTest(printCanisterLogs = false)
    static class QuietFailingCanisterTest {
        @Test
        void fails(PocketIc pic) {
            Principal journal = pic.createCanister();
            pic.installCode(journal, JournalCanister.V1, CandidArguments.encode());
            pic.updateCall(journal, "inc", BigInteger.class);
            throw new AssertionError("expected 2 entries, got 1");
        }
    }

    private static String standardErrorOf(Class<?> testClass, SummaryGeneratingListener summary) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            LauncherFactory.create()
                    .execute(
                            LauncherDiscoveryRequestBuilder.request()
                                    .selectors(selectClass(testClass))
                                    .build(),
                            summary);
        } finally {
            System.setErr(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        original.print(output);
        return output;
    }

    @Test
    void aFailedTestPrintsItsCanistersLogs() {
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        String output = standardErrorOf(FailingCanisterTest.class, summary);
        assertThat(summary.getSummary().getTotalFailureCount()).isEqualTo(1);
        assertThat(summary.getSummary().getFailures().getFirst().getException())
                .hasMessage("expected 2 entries, got 1");
        assertThat(output)
                .contains("fails(PocketIc) failed] canister logs:")
                .contains("--- logs of canister ")
                .containsPattern("\\[0 [^]]+] count is 1")
                .containsPattern("\\[1 [^]]+] the ledger disagrees");
    }

    @Test
    void aFailedAfterEachMethodPrintsThemToo() {
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        String output = standardErrorOf(FailingAfterEachTest.class, summary);
        assertThat(summary.getSummary().getTotalFailureCount()).isEqualTo(1);
        assertThat(output)
                .contains("passes(PocketIc) failed] canister logs:")
                .containsPattern("\\[0 [^]]+] count is 1");
    }

    @Test
    void canistersCreatedByTheTestsCanistersAreReportedToo() {
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        String output = standardErrorOf(FailingFactoryTest.class, summary);
        assertThat(summary.getSummary().getTotalFailureCount()).isEqualTo(1);
        assertThat(FailingFactoryTest.child).isNotNull();
        assertThat(output).contains("--- logs of canister " + FailingFactoryTest.child + " ");
    }

    @Test
    void theAnnotationTurnsItOff() {
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        String output = standardErrorOf(QuietFailingCanisterTest.class, summary);
        assertThat(summary.getSummary().getTotalFailureCount()).isEqualTo(1);
        assertThat(output).doesNotContain("canister logs:").doesNotContain("count is 1");
    }
}
