package io.diode.pocketic.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.diode.pocketic.client.PocketIc;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * A user's project that forgot the {@code pocketic-embedded} test dependency: its {@code @PocketIcTest} tests fail
 * (they used to be skipped, and the build passed), unless skipping is asked for. Runs JUnit in a child JVM whose
 * class path is this module's test class path without {@code pocketic-embedded}.
 */
class MissingEmbeddedDependencyIT {

    /** A user's test class: an instance per test, and one class-wide instance from {@code @BeforeAll}. */
    @PocketIcTest
    static class UserTest {
        @BeforeAll
        static void classWide(PocketIc pic) {}

        @Test
        void usesAnInstance(PocketIc pic) {}
    }

    /** Child JVM entry point: runs {@link UserTest}, prints the outcome. */
    public static void main(String[] args) {
        Launcher launcher = LauncherFactory.create();
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(UserTest.class))
                .build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request, listener);
        TestExecutionSummary summary = listener.getSummary();
        System.out.println("RESULT succeeded=" + summary.getTestsSucceededCount() + " failed="
                + (summary.getTestsFailedCount() + summary.getContainersFailedCount())
                + " aborted=" + (summary.getTestsAbortedCount() + summary.getContainersAbortedCount()));
        summary.getFailures()
                .forEach(failure ->
                        System.out.println("FAILURE " + failure.getException().getMessage()));
    }

    @Test
    void failsByDefault() throws Exception {
        String output = runWithoutEmbedded(List.of());
        assertThat(output)
                .contains("RESULT succeeded=0 failed=1 aborted=0")
                .contains("FAILURE PocketIC backend embedded is unavailable: io.diode:pocketic-embedded is not on the"
                        + " test class path (add it as a test-scoped dependency")
                .contains("-Dpocketic.skipUnavailable=embedded");
    }

    @Test
    void skipsOnlyWhenAskedTo() throws Exception {
        String output = runWithoutEmbedded(List.of("-Dpocketic.skipUnavailable=embedded"));
        assertThat(output).contains("RESULT succeeded=0 failed=0 aborted=1").doesNotContain("FAILURE");
    }

    private static String runWithoutEmbedded(List<String> properties) throws IOException, InterruptedException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> kept = Arrays.stream(classPath.split(File.pathSeparator))
                .filter(entry -> !entry.contains("pocketic-embedded"))
                .toList();
        assertThat(kept).hasSizeLessThan(classPath.split(File.pathSeparator).length);
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(properties);
        command.addAll(List.of(
                "-cp",
                kept.stream().collect(Collectors.joining(File.pathSeparator)),
                MissingEmbeddedDependencyIT.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return output;
    }
}
