package io.diode.pocketic.embedded.server;

import io.diode.pocketic.embedded.api.SubnetKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a create-instance request asks for.
 *
 * @param initialTime       the time to start at, instead of the wall-clock time
 * @param autoProgressDelay when present, the instance starts in auto-progress mode with this artificial delay
 * @param subnets           the kinds of the instance's subnets, as the request lists them (the engine orders them)
 */
public record InstanceSettings(
        Optional<Instant> initialTime, Optional<Duration> autoProgressDelay, List<SubnetKind> subnets) {

    public InstanceSettings {
        subnets = List.copyOf(subnets);
    }

    /** One application subnet, the wall-clock time, no auto progress. */
    public static InstanceSettings defaults() {
        return new InstanceSettings(Optional.empty(), Optional.empty(), List.of(SubnetKind.APPLICATION));
    }

    InstanceSettings withSubnets(List<SubnetKind> kinds) {
        return new InstanceSettings(initialTime, autoProgressDelay, kinds);
    }
}
