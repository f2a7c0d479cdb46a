package io.diode.ic.management;

import io.diode.candid.CandidName;
import io.diode.candid.Principal;
import java.util.Optional;

/** {@code update_settings_args}. */
public record UpdateSettingsArgs(
        @CandidName("canister_id") Principal canisterId,
        CanisterSettings settings,
        @CandidName("sender_canister_version") Optional<Long> senderCanisterVersion) {}
