package io.diode.pocketic.embedded.engine;

import java.math.BigInteger;

/**
 * The fees of a system subnet: none. The IC charges canisters on system subnets no cycles for creation,
 * execution, messages, outcalls or storage, so their balances only change by transfers, and no freezing
 * threshold applies.
 */
final class SystemSubnetFees implements FeeSchedule {

    @Override
    public BigInteger canisterCreation() {
        return BigInteger.ZERO;
    }

    @Override
    public BigInteger updateExecution() {
        return BigInteger.ZERO;
    }

    @Override
    public BigInteger instructions(long instructions, boolean wasm64) {
        return BigInteger.ZERO;
    }

    @Override
    public BigInteger execution(long instructions, boolean wasm64) {
        return BigInteger.ZERO;
    }

    @Override
    public BigInteger managementExecution(long instructions) {
        return BigInteger.ZERO;
    }

    @Override
    public BigInteger ingressReception(int methodBytes, int argumentBytes) {
        return BigInteger.ZERO;
    }

    @Override
    public BigInteger interCanisterCall(int methodBytes, int argumentBytes) {
        return BigInteger.ZERO;
    }

    @Override
    public BigInteger httpOutcall(long requestBytes, long maxResponseBytes) {
        return BigInteger.ZERO;
    }

    @Override
    public BigInteger storage(long bytes, long nanos) {
        return BigInteger.ZERO;
    }

    @Override
    public BigInteger idleCyclesBurnedPerDay(long bytes) {
        return BigInteger.ZERO;
    }

    @Override
    public BigInteger freezingThreshold(long bytes, BigInteger freezingThresholdSeconds) {
        return BigInteger.ZERO;
    }
}
