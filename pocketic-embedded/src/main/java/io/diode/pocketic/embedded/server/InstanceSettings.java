package io.diode.pocketic.embedded.server;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What a create-instance request asks for beyond the one application subnet every instance has.
 *
 * @param initialTime       the time to start at, instead of the wall-clock time
 * @param autoProgressDelay when present, the instance starts in auto-progress mode with this artificial delay
 */
public record InstanceSettings(Optional<Instant> initialTime, Optional<Duration> autoProgressDelay) {

    public static InstanceSettings defaults() {
        return new InstanceSettings(Optional.empty(), Optional.empty());
    }
}
