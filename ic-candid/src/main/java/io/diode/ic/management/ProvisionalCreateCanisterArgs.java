package io.diode.ic.management;

import io.diode.candid.CandidName;
import io.diode.candid.Principal;
import java.math.BigInteger;
import java.util.Optional;

/** {@code provisional_create_canister_with_cycles_args}. */
public record ProvisionalCreateCanisterArgs(
        Optional<BigInteger> amount,
        Optional<CanisterSettings> settings,
        @CandidName("specified_id") Optional<Principal> specifiedId,
        @CandidName("sender_canister_version") Optional<Long> senderCanisterVersion) {}
