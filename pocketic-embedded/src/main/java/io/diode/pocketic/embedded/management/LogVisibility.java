package io.diode.pocketic.embedded.management;

import java.util.List;
import org.ic4j.types.Principal;

/** Who may read a canister's logs: {@code variant { controllers; public; allowed_viewers : vec principal }}. */
public sealed interface LogVisibility {

    LogVisibility CONTROLLERS = new Controllers();
    LogVisibility PUBLIC = new Public();

    record Controllers() implements LogVisibility {}

    record Public() implements LogVisibility {}

    record AllowedViewers(List<Principal> viewers) implements LogVisibility {
        public AllowedViewers {
            viewers = List.copyOf(viewers);
        }
    }
}
