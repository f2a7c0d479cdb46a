package io.diode.pocketic.embedded.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

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

    /** The IC mainnet's genesis, 06 May 2021 21:17:10 CEST: PocketIC's time for an instance not told otherwise. */
    public static final Instant GENESIS = Instant.parse("2021-05-06T19:17:10Z");

    /**
     * PocketIC's time for a new instance: the requested initial time, or {@link #GENESIS}, plus the nanosecond by
     * which the server bumps every subnet's time while creating the instance, to keep time strictly monotone
     * (rs/pocket_ic_server/src/pocket_ic.rs, {@code PocketIc::try_new}).
     */
    public static Instant startTime(Optional<Instant> requested) {
        return requested.orElse(GENESIS).plusNanos(1);
    }

    /** A new instance as PocketIC creates one without an initial time: at {@link #GENESIS} + 1 ns. */
    public static InstanceConfig defaults() {
        return new InstanceConfig(startTime(Optional.empty()));
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
