package io.diode.pocketic.embedded.engine;

import java.math.BigInteger;

/** The cycles the subnet charges, as the engine asks for them. */
interface FeeSchedule {

    BigInteger canisterCreation();

    /** Executing one update message, callback, timer or heartbeat (the engine does not meter instructions). */
    BigInteger updateExecution();

    /** Executing install_code's hooks. */
    BigInteger installExecution();

    /** Charged to the receiving canister when an ingress message is inducted. */
    BigInteger ingressReception(int methodBytes, int argumentBytes);

    /** Charged to the caller when it performs a call. */
    BigInteger interCanisterCall(int methodBytes, int argumentBytes);

    BigInteger httpOutcall(long requestBytes, long maxResponseBytes);

    /** Cycles to keep {@code bytes} for {@code nanos} nanoseconds. */
    BigInteger storage(long bytes, long nanos);

    BigInteger idleCyclesBurnedPerDay(long bytes);

    /** The balance below which a canister using {@code bytes} is frozen. */
    BigInteger freezingThreshold(long bytes, BigInteger freezingThresholdSeconds);

    /** Executing a management-canister operation the replica counts {@code instructions} for (snapshots). */
    BigInteger managementExecution(long instructions);
}
