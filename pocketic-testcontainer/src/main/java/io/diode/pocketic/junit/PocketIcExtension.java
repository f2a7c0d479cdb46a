package io.diode.pocketic.junit;

import io.diode.pocketic.client.PocketIc;
import io.diode.pocketic.launcher.RunningPocketIcServer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Gives tests a fresh {@link PocketIc} instance each (deleted after the test) on one server per test run, kept in
 * the root store and stopped when the run ends. Tests may also ask for the {@link RunningPocketIcServer}, e.g. to
 * create extra instances. When a test that was given a {@link PocketIc} fails, the logs of the canisters it created
 * are printed to standard error (see {@link CanisterLogReport}); {@code @PocketIcTest(printCanisterLogs = false)} or
 * {@code -D}{@value #PRINT_LOGS_PROPERTY}{@code =false} turns that off. See {@link PocketIcTest} and
 * {@link PocketIcBackend}.
 */
public final class PocketIcExtension
        implements BeforeAllCallback,
                BeforeEachCallback,
                ParameterResolver,
                TestExecutionExceptionHandler,
                LifecycleMethodExecutionExceptionHandler {

    /** System property that turns printing canister logs of failed tests off ({@code false}). */
    public static final String PRINT_LOGS_PROPERTY = "pocketic.printCanisterLogs";

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(PocketIcExtension.class);
    private static final String INJECTED = "injected instances";

    /** Before {@code @BeforeAll} methods, which may ask for a class-wide instance: fail (or skip) the class once. */
    @Override
    public void beforeAll(ExtensionContext context) {
        BackendAvailability.requireAvailable(PocketIcBackend.selected());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        BackendAvailability.requireAvailable(PocketIcBackend.selected());
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == PocketIc.class || type == RunningPocketIcServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        RunningPocketIcServer server = server(context);
        if (parameter.getParameter().getType() == RunningPocketIcServer.class) {
            return server;
        }
        PocketIc pic = PocketIc.create(server.url());
        context.getStore(NAMESPACE).put(new Object(), new ClosingResource(pic));
        injected(context).add(pic);
        return pic;
    }

    @SuppressWarnings("unchecked")
    private static List<PocketIc> injected(ExtensionContext context) {
        return context.getStore(NAMESPACE)
                .getOrComputeIfAbsent(INJECTED, key -> new CopyOnWriteArrayList<PocketIc>(), List.class);
    }

    /** Prints the logs of the failed test's canisters while its instances still exist, then lets the failure be. */
    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        printLogs(context);
        throw failure;
    }

    /** A {@code @BeforeEach} method that was given the instance failed: its canisters' logs are printed too. */
    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        printLogs(context);
        throw failure;
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        printLogs(context);
        throw failure;
    }

    private static void printLogs(ExtensionContext context) {
        if (printsLogs(context)) {
            for (PocketIc pic : injected(context)) {
                String report = CanisterLogReport.of(pic);
                if (!report.isEmpty()) {
                    System.err.print("[" + context.getDisplayName() + " failed] canister logs:\n" + report);
                }
            }
        }
    }

    private static boolean printsLogs(ExtensionContext context) {
        if ("false".equalsIgnoreCase(System.getProperty(PRINT_LOGS_PROPERTY))) {
            return false;
        }
        Optional<PocketIcTest> annotation = context.getTestMethod()
                .flatMap(method -> AnnotationSupport.findAnnotation(method, PocketIcTest.class))
                .or(() -> context.getTestClass()
                        .flatMap(type -> AnnotationSupport.findAnnotation(type, PocketIcTest.class)));
        return annotation.map(PocketIcTest::printCanisterLogs).orElse(true);
    }

    private static RunningPocketIcServer server(ExtensionContext context) {
        PocketIcBackend backend = PocketIcBackend.selected();
        ExtensionContext.Store root = context.getRoot().getStore(NAMESPACE);
        return root.getOrComputeIfAbsent(backend, key -> new ClosingResource(backend.start()), ClosingResource.class)
                .server();
    }

    /** Closes what it holds when JUnit discards the store it lives in (both interfaces: JUnit 5.13+ prefers AutoCloseable). */
    private record ClosingResource(AutoCloseable resource)
            implements ExtensionContext.Store.CloseableResource, AutoCloseable {

        RunningPocketIcServer server() {
            return (RunningPocketIcServer) resource;
        }

        @Override
        public void close() throws Exception {
            resource.close();
        }
    }
}
