package io.diode.pocketic.embedded.engine;

import java.math.BigInteger;

/**
 * The IC's published cycles costs for a 13-node application subnet ("Cycles cost formulas" table of the IC
 * documentation, 2025 figures).
 */
final class ApplicationSubnetFees implements FeeSchedule {

    private static final long NODES = 13;

    @Override
    public BigInteger canisterCreation() {
        return BigInteger.valueOf(500_000_000_000L);
    }

    @Override
    public BigInteger updateExecution() {
        return BigInteger.valueOf(5_000_000L);
    }

    @Override
    public BigInteger ingressReception(long messageBytes) {
        return BigInteger.valueOf(1_200_000L + 2_000L * messageBytes);
    }

    @Override
    public BigInteger interCanisterCall(long bytes) {
        return BigInteger.valueOf(260_000L + 1_000L * bytes);
    }

    @Override
    public BigInteger httpOutcall(long requestBytes, long maxResponseBytes) {
        // (3_000_000 + 60_000 * n) * n + 400 * n * request bytes + 800 * n * max response bytes
        return BigInteger.valueOf((3_000_000L + 60_000L * NODES) * NODES)
                .add(BigInteger.valueOf(400L * NODES).multiply(BigInteger.valueOf(requestBytes)))
                .add(BigInteger.valueOf(800L * NODES).multiply(BigInteger.valueOf(maxResponseBytes)));
    }

    @Override
    public BigInteger storagePerGiBSecond() {
        return BigInteger.valueOf(127_000L);
    }
}
