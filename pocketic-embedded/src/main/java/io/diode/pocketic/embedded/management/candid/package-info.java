/**
 * A small, strict Candid reader ({@link io.diode.pocketic.embedded.management.candid.CandidReader},
 * {@link io.diode.pocketic.embedded.management.candid.CandidValue}) and writer
 * ({@link io.diode.pocketic.embedded.management.candid.CandidEncoder},
 * {@link io.diode.pocketic.embedded.management.candid.CandidType}) for the management canister's messages.
 */
package io.diode.pocketic.embedded.management.candid;
