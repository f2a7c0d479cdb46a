package io.diode.pocketic.junit;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * What to do when a backend cannot run: fail, with the reason and what to do. A test that silently skips
 * (a missing {@code pocketic-embedded} test dependency used to skip every test and pass the build) hides a
 * broken set-up, so skipping is an explicit opt-in: {@code -Dpocketic.skipUnavailable=true} for every backend,
 * or a comma-separated list of backends ({@code -Dpocketic.skipUnavailable=container} where Docker is optional).
 */
public final class BackendAvailability {

    public static final String SKIP_UNAVAILABLE_PROPERTY = "pocketic.skipUnavailable";

    private BackendAvailability() {}

    /**
     * @throws BackendUnavailableException when the backend cannot run and skipping it was not asked for
     * @throws org.opentest4j.TestAbortedException when it cannot run and {@code pocketic.skipUnavailable} names it
     */
    public static void requireAvailable(PocketIcBackend backend) {
        requireAvailable(backend, backend.unavailableReason(), System.getProperty(SKIP_UNAVAILABLE_PROPERTY));
    }

    static void requireAvailable(PocketIcBackend backend, Optional<String> reason, String skipSetting) {
        if (reason.isEmpty()) {
            return;
        }
        String name = backend.name().toLowerCase(Locale.ROOT);
        String message = "PocketIC backend " + name + " is unavailable: " + reason.get();
        if (skips(backend, skipSetting)) {
            Assumptions.abort(message + " (skipped: -D" + SKIP_UNAVAILABLE_PROPERTY + "=" + skipSetting + ")");
        }
        throw new BackendUnavailableException(message + ". Fix that, choose another backend with -D"
                + PocketIcBackend.BACKEND_PROPERTY + "=embedded|container|binary, or, to skip these tests instead"
                + " of failing, set -D" + SKIP_UNAVAILABLE_PROPERTY + "=" + name + " (or =true for every backend).");
    }

    static boolean skips(PocketIcBackend backend, String skipSetting) {
        if (skipSetting == null || skipSetting.isBlank()) {
            return false;
        }
        String setting = skipSetting.strip().toLowerCase(Locale.ROOT);
        if (setting.equals("true") || setting.equals("all")) {
            return true;
        }
        return Arrays.stream(setting.split(","))
                .map(String::strip)
                .anyMatch(entry -> entry.equals(backend.name().toLowerCase(Locale.ROOT)));
    }

    /** A backend that cannot run, and no opt-in to skip it. */
    public static final class BackendUnavailableException extends IllegalStateException {
        BackendUnavailableException(String message) {
            super(message);
        }
    }
}
