package io.diode.pocketic.embedded.api;

import java.time.Instant;
import java.util.Objects;

/**
 * How to create an instance.
 *
 * @param initialTime the instance's time before any {@link IcInstance#setTime}
 */
public record InstanceConfig(Instant initialTime) {

    /** The real PocketIC starts at the current wall-clock time; so does this default. */
    public static InstanceConfig defaults() {
        return new InstanceConfig(Instant.now());
    }

    public InstanceConfig {
        Objects.requireNonNull(initialTime, "initialTime");
    }
}
