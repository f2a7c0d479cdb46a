package io.diode.pocketic.embedded.api;

import java.time.Instant;
import java.util.Objects;

/**
 * How to create an instance.
 *
 * @param initialTime       the instance's time before any {@link IcInstance#setTime}
 * @param subnetKind        the kind of the instance's one subnet, which decides whether cycles are charged
 * @param instructionLimits the instructions one execution may use (the IC's by default)
 */
public record InstanceConfig(Instant initialTime, SubnetKind subnetKind, InstructionLimits instructionLimits) {

    /** An application subnet starting at {@code initialTime}, with the IC's instruction limits. */
    public InstanceConfig(Instant initialTime) {
        this(initialTime, SubnetKind.APPLICATION);
    }

    /** A subnet of the given kind starting at {@code initialTime}, with the IC's instruction limits. */
    public InstanceConfig(Instant initialTime, SubnetKind subnetKind) {
        this(initialTime, subnetKind, InstructionLimits.APPLICATION_SUBNET);
    }

    /** The real PocketIC starts at the current wall-clock time; so does this default. */
    public static InstanceConfig defaults() {
        return new InstanceConfig(Instant.now());
    }

    public InstanceConfig {
        Objects.requireNonNull(initialTime, "initialTime");
        Objects.requireNonNull(subnetKind, "subnetKind");
        Objects.requireNonNull(instructionLimits, "instructionLimits");
    }

    /** The same configuration with other instruction limits (small ones make the limits' rejects easy to test). */
    public InstanceConfig withInstructionLimits(InstructionLimits limits) {
        return new InstanceConfig(initialTime, subnetKind, limits);
    }
}
