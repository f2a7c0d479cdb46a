package io.diode.ic.management;

import io.diode.candid.CandidName;
import io.diode.candid.Principal;
import java.math.BigInteger;
import java.util.List;

/**
 * The fields of {@code definite_canister_settings} (a canister's settings as {@code canister_status} reports them)
 * the toolkit reads; see {@link CanisterStatusResult} for why a subset.
 */
public record DefiniteCanisterSettings(
        List<Principal> controllers,
        @CandidName("freezing_threshold") BigInteger freezingThreshold) {}
