package io.diode.ic.management;

import io.diode.candid.CandidName;
import io.diode.candid.Principal;
import java.util.List;

/** {@code log_visibility}: {@code variant { controllers; public; allowed_viewers : vec principal }}. */
public sealed interface LogVisibility {

    @CandidName("controllers")
    record Controllers() implements LogVisibility {}

    @CandidName("public")
    record Public() implements LogVisibility {}

    @CandidName("allowed_viewers")
    record AllowedViewers(List<Principal> viewers) implements LogVisibility {
        public AllowedViewers {
            viewers = List.copyOf(viewers);
        }
    }
}
