package io.diode.pocketic.embedded.engine;

import java.math.BigInteger;

/** The cycles the subnet charges, as the engine asks for them. */
interface FeeSchedule {

    BigInteger canisterCreation();

    /** Base charge for executing one update message (the engine does not meter instructions). */
    BigInteger updateExecution();

    BigInteger ingressReception(long messageBytes);

    /** Charged to the caller when it performs a call of {@code bytes} (method name + argument). */
    BigInteger interCanisterCall(long bytes);

    BigInteger httpOutcall(long requestBytes, long maxResponseBytes);

    /** Cycles to keep one GiB for one second. */
    BigInteger storagePerGiBSecond();

    /** Cycles to keep {@code bytes} for {@code nanos} nanoseconds. */
    default BigInteger storage(long bytes, long nanos) {
        return storagePerGiBSecond().multiply(BigInteger.valueOf(bytes)).multiply(BigInteger.valueOf(nanos))
                .divide(BigInteger.valueOf(1L << 30).multiply(BigInteger.valueOf(1_000_000_000L)));
    }

    /** The balance below which the canister is frozen: idle burn over {@code freezingThresholdSeconds}. */
    default BigInteger freezingThreshold(long bytes, BigInteger freezingThresholdSeconds) {
        return storagePerGiBSecond().multiply(BigInteger.valueOf(bytes)).multiply(freezingThresholdSeconds)
                .divide(BigInteger.valueOf(1L << 30));
    }

    default BigInteger idleCyclesBurnedPerDay(long bytes) {
        return storage(bytes, 86_400L * 1_000_000_000L);
    }
}
