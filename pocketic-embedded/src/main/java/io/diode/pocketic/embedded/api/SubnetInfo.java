package io.diode.pocketic.embedded.api;

import java.util.List;
import org.ic4j.types.Principal;

/**
 * @param canisterRanges the canister ids this subnet allocates from, as inclusive [start, end] pairs
 */
public record SubnetInfo(Principal subnetId, String kind, int nodeCount, List<CanisterIdRange> canisterRanges) {

    public record CanisterIdRange(Principal start, Principal end) {}
}
