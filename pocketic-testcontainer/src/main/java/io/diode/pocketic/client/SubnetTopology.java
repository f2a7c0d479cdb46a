package io.diode.pocketic.client;

import java.util.List;
import org.ic4j.types.Principal;

/** One subnet of an instance: its id, kind, size and the canister id ranges it hosts. */
public record SubnetTopology(Principal subnetId, SubnetKind kind, int size, List<CanisterIdRange> canisterRanges) {

    public SubnetTopology {
        canisterRanges = List.copyOf(canisterRanges);
    }

    public record CanisterIdRange(Principal start, Principal end) {}
}
