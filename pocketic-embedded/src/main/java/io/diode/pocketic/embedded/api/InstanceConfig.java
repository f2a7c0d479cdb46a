package io.diode.pocketic.embedded.api;

import java.time.Instant;
import java.util.Objects;

/**
 * How to create an instance.
 *
 * @param initialTime the instance's time before any {@link IcInstance#setTime}
 * @param instructionLimits the instructions one execution may use (the IC's by default)
 */
public record InstanceConfig(Instant initialTime, InstructionLimits instructionLimits) {

    /** The real PocketIC starts at the current wall-clock time; so does this default. */
    public static InstanceConfig defaults() {
        return new InstanceConfig(Instant.now());
    }

    /** An instance starting at {@code initialTime} with the IC's instruction limits. */
    public InstanceConfig(Instant initialTime) {
        this(initialTime, InstructionLimits.APPLICATION_SUBNET);
    }

    public InstanceConfig {
        Objects.requireNonNull(initialTime, "initialTime");
        Objects.requireNonNull(instructionLimits, "instructionLimits");
    }

    /** The same configuration with other instruction limits (small ones make the limits' rejects easy to test). */
    public InstanceConfig withInstructionLimits(InstructionLimits limits) {
        return new InstanceConfig(initialTime, limits);
    }
}
