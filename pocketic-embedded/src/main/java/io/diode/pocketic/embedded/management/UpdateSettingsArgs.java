package io.diode.pocketic.embedded.management;

import java.util.Objects;
import org.ic4j.types.Principal;

/** {@code update_settings_args}; {@code senderCanisterVersion} is unsigned, or null. */
public record UpdateSettingsArgs(Principal canisterId, CanisterSettings settings, Long senderCanisterVersion) {
    public UpdateSettingsArgs {
        Objects.requireNonNull(canisterId);
        Objects.requireNonNull(settings);
    }
}
