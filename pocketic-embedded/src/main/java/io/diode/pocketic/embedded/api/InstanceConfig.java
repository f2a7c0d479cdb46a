package io.diode.pocketic.embedded.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

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

    /** The real PocketIC starts at the current wall-clock time; so does this default. */
    public static InstanceConfig defaults() {
        return new InstanceConfig(Instant.now());
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
                throw new IllegalArgumentException("an instance has at most one " + kind.pocketIcName()
                        + " subnet, asked for " + subnets.stream().filter(kind::equals).count());
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
