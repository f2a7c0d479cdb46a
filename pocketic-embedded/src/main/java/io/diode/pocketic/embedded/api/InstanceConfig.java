package io.diode.pocketic.embedded.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to create an instance.
 *
 * @param initialTime       the instance's time before any {@link IcInstance#setTime}
 * @param subnets           the kinds of the instance's subnets (at least one; each named kind such as NNS at most
 *                          once). The engine orders them as PocketIC does (NNS, SNS, II, fiduciary, Bitcoin, system,
 *                          application, verified application) and gives them canister-id ranges in that order
 * @param instructionLimits the instructions one execution may use (the IC's by default)
 */
public record InstanceConfig(Instant initialTime, List<SubnetKind> subnets, InstructionLimits instructionLimits) {

    /** One application subnet starting at {@code initialTime}, with the IC's instruction limits. */
    public InstanceConfig(Instant initialTime) {
        this(initialTime, SubnetKind.APPLICATION);
    }

    /** One subnet of the given kind starting at {@code initialTime}, with the IC's instruction limits. */
    public InstanceConfig(Instant initialTime, SubnetKind subnetKind) {
        this(initialTime, List.of(subnetKind), InstructionLimits.APPLICATION_SUBNET);
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
        Objects.requireNonNull(instructionLimits, "instructionLimits");
        subnets = List.copyOf(Objects.requireNonNull(subnets, "subnets"));
        if (subnets.isEmpty()) {
            throw new IllegalArgumentException("an instance needs at least one subnet");
        }
        for (SubnetKind kind : SubnetKind.values()) {
            if (kind.isNamed() && subnets.stream().filter(kind::equals).count() > 1) {
                throw new IllegalArgumentException(
                        "an instance has at most one " + kind.pocketIcName() + " subnet, asked for "
                                + subnets.stream().filter(kind::equals).count());
            }
        }
    }

    /** The same configuration with other instruction limits (small ones make the limits' rejects easy to test). */
    public InstanceConfig withInstructionLimits(InstructionLimits limits) {
        return new InstanceConfig(initialTime, subnets, limits);
    }

    /** The same configuration with these subnets, e.g. {@code withSubnets(NNS, APPLICATION, APPLICATION)}. */
    public InstanceConfig withSubnets(SubnetKind... kinds) {
        return new InstanceConfig(initialTime, List.of(kinds), instructionLimits);
    }
}
