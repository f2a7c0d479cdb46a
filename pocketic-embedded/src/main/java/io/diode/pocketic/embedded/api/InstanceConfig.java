package io.diode.pocketic.embedded.api;

import java.time.Instant;
import java.util.Objects;

/**
 * How to create an instance.
 *
 * @param initialTime the instance's time before any {@link IcInstance#setTime}
 * @param subnetKind  the kind of the instance's one subnet, which decides whether cycles are charged
 */
public record InstanceConfig(Instant initialTime, SubnetKind subnetKind) {

    /** An application subnet starting at {@code initialTime}. */
    public InstanceConfig(Instant initialTime) {
        this(initialTime, SubnetKind.APPLICATION);
    }

    /** The real PocketIC starts at the current wall-clock time; so does this default. */
    public static InstanceConfig defaults() {
        return new InstanceConfig(Instant.now());
    }

    public InstanceConfig {
        Objects.requireNonNull(initialTime, "initialTime");
        Objects.requireNonNull(subnetKind, "subnetKind");
    }
}
