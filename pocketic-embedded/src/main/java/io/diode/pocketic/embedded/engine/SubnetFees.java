package io.diode.pocketic.embedded.engine;

import io.diode.pocketic.embedded.cycles.CyclesFeeModel;
import io.diode.pocketic.embedded.cycles.FreezingThreshold;
import java.math.BigInteger;
import java.time.Duration;

/**
 * The fees of an application subnet (13 nodes unless told otherwise: fees scale with the node count), from
 * {@link CyclesFeeModel}, shaped as the engine asks for them.
 */
final class SubnetFees implements FeeSchedule {

    private final CyclesFeeModel model;

    SubnetFees() {
        this(CyclesFeeModel.APPLICATION_SUBNET);
    }

    /** The fees of an application-type subnet of {@code nodes} nodes (the fiduciary and SNS subnets have 34). */
    SubnetFees(int nodes) {
        this(
                nodes == CyclesFeeModel.APPLICATION_SUBNET.subnetSize()
                        ? CyclesFeeModel.APPLICATION_SUBNET
                        : new CyclesFeeModel(nodes));
    }

    private SubnetFees(CyclesFeeModel model) {
        this.model = model;
    }

    @Override
    public BigInteger canisterCreation() {
        return model.canisterCreationFee();
    }

    @Override
    public BigInteger updateExecution() {
        return model.executionCost(0);
    }

    @Override
    public BigInteger instructions(long instructions, boolean wasm64) {
        return model.instructionsCost(instructions, wasm64);
    }

    @Override
    public BigInteger execution(long instructions, boolean wasm64) {
        return model.executionCost(instructions, wasm64);
    }

    @Override
    public BigInteger ingressReception(int methodBytes, int argumentBytes) {
        return model.ingressInductionCost(methodBytes, argumentBytes);
    }

    @Override
    public BigInteger interCanisterCall(int methodBytes, int argumentBytes) {
        return model.xnetCallCost(methodBytes, argumentBytes);
    }

    @Override
    public BigInteger httpOutcall(long requestBytes, long maxResponseBytes) {
        return model.httpOutcallCost(requestBytes, maxResponseBytes);
    }

    @Override
    public BigInteger storage(long bytes, long nanos) {
        return model.storageCost(bytes, Duration.ofNanos(nanos));
    }

    @Override
    public BigInteger idleCyclesBurnedPerDay(long bytes) {
        return model.idleCyclesBurnedPerDay(0, bytes, 0);
    }

    @Override
    public BigInteger freezingThreshold(long bytes, BigInteger freezingThresholdSeconds) {
        return FreezingThreshold.of(idleCyclesBurnedPerDay(bytes), freezingThresholdSeconds)
                .cycles();
    }

    @Override
    public BigInteger managementExecution(long instructions) {
        return model.executionCost(instructions);
    }
}
