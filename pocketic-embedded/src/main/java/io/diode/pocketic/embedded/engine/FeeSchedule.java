package io.diode.pocketic.embedded.engine;

import java.math.BigInteger;

/** The cycles the subnet charges, as the engine asks for them. */
interface FeeSchedule {

    BigInteger canisterCreation();

    /** The base fee of executing one update message, timer or heartbeat, charged before it runs. */
    BigInteger updateExecution();

    /** The per-instruction part of an execution's fee, charged once it has run (twice as much for Wasm64). */
    BigInteger instructions(long instructions, boolean wasm64);

    /** Base fee and instructions: what an execution with this many instructions costs in all. */
    BigInteger execution(long instructions, boolean wasm64);

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
