package io.diode.pocketic.junit;

import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * What to do when a backend cannot run: on a developer's machine the test is skipped with the reason; in CI
 * ({@code CI=true}) it fails, because there a missing backend means a broken build machine, not a choice.
 */
public final class BackendAvailability {

    private BackendAvailability() {
    }

    /** @throws org.opentest4j.TestAbortedException off CI, @throws IllegalStateException in CI */
    public static void requireAvailable(PocketIcBackend backend) {
        requireAvailable(backend, backend.unavailableReason(), isCi());
    }

    static void requireAvailable(PocketIcBackend backend, Optional<String> reason, boolean ci) {
        if (reason.isEmpty()) {
            return;
        }
        String message = "PocketIC backend " + backend.name().toLowerCase() + " is unavailable: " + reason.get();
        if (ci) {
            throw new IllegalStateException(message + " (CI=true: a backend must not be skipped in CI)");
        }
        Assumptions.abort(message);
    }

    static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }
}
