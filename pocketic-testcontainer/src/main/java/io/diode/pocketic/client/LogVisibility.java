package io.diode.pocketic.client;

import java.util.List;
import org.ic4j.types.Principal;

/**
 * Who may read a canister's logs with {@code fetch_canister_logs} ({@code log_visibility} in {@code ic.did}); the
 * canister's controllers always may.
 */
public sealed interface LogVisibility {

    /** Only controllers (the IC's default). */
    static LogVisibility controllers() {
        return new Controllers();
    }

    /** Anyone. */
    static LogVisibility everyone() {
        return new Public();
    }

    /** These principals (at most 10) besides the controllers. */
    static LogVisibility allowedViewers(List<Principal> viewers) {
        return new AllowedViewers(viewers);
    }

    record Controllers() implements LogVisibility {}

    record Public() implements LogVisibility {}

    record AllowedViewers(List<Principal> viewers) implements LogVisibility {
        public AllowedViewers {
            viewers = List.copyOf(viewers);
            if (viewers.size() > 10) {
                throw new IllegalArgumentException("at most 10 allowed viewers, not " + viewers.size());
            }
        }
    }
}
