package io.diode.pocketic.embedded.engine;

import io.diode.pocketic.embedded.api.SubnetKind;
import io.diode.pocketic.embedded.cycles.CyclesFeeModel;
import io.diode.pocketic.embedded.cycles.FreezingThreshold;
import java.math.BigInteger;
import java.time.Duration;

/**
 * The fees of a subnet, from {@link CyclesFeeModel}, shaped as the engine asks for them. An application-type subnet's
 * fees scale with its node count (13 unless told otherwise); a system subnet charges nothing ({@link
 * CyclesFeeModel#FREE}): the IC charges canisters on system subnets no cycles for creation, execution, messages,
 * outcalls or storage, so their balances only change by transfers, and no freezing threshold applies.
 */
final class SubnetFees implements FeeSchedule {

    private final CyclesFeeModel model;

    /** The fees of a subnet of this kind (the fiduciary and SNS subnets have 34 nodes, the others 13). */
    static SubnetFees of(SubnetKind kind) {
        if (!kind.chargesCycles()) {
            return new SubnetFees(CyclesFeeModel.FREE);
        }
        int nodes = kind.nodeCount();
        return new SubnetFees(
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
