package io.diode.pocketic.client;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.ic4j.types.Principal;

/** The management canister's {@code canister_status} answer, the fields tests look at. */
public record CanisterStatus(
        RunningState status,
        List<Principal> controllers,
        BigInteger freezingThreshold,
        Optional<byte[]> moduleHash,
        BigInteger memorySize,
        BigInteger cycles,
        BigInteger idleCyclesBurnedPerDay) {

    public CanisterStatus {
        controllers = List.copyOf(controllers);
    }

    public enum RunningState {
        RUNNING,
        STOPPING,
        STOPPED
    }
}
