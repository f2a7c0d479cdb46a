package io.diode.pocketic.junit;

import io.diode.pocketic.client.PocketIc;
import io.diode.pocketic.server.RunningPocketIcServer;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a fresh {@link PocketIc} instance each (deleted after the test) on one server per test run, kept in
 * the root store and stopped when the run ends. Tests may also ask for the {@link RunningPocketIcServer}, e.g. to
 * create extra instances. See {@link PocketIcTest} and {@link PocketIcBackend}.
 */
public final class PocketIcExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PocketIcExtension.class);

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
        return pic;
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
