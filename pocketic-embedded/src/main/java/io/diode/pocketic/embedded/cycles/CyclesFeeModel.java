package io.diode.pocketic.embedded.cycles;

import io.diode.ic.MessageLimits;
import java.math.BigInteger;
import java.time.Duration;

/**
 * The IC's published cycles prices, as pure functions. Every constant is a row of the "Cycles price breakdown"
 * table of the IC documentation's <em>Cycles cost formulas</em> page (dfinity/portal,
 * {@code docs/references/cycles-cost-formulas.mdx}, column "13-node subnets cycles cost"); a subnet of
 * {@code n} nodes pays {@code n / 13} times those prices ("Subnet replication factors", same documentation's
 * {@code gas-cost.mdx}), rounded down as the replica's scaling does. HTTPS outcalls have their own formula in
 * {@code n} ({@link #httpOutcallCost}).
 *
 * <p>Integer arithmetic throughout, in the order the replica's cycles account manager uses, so that results
 * match the IC to the cycle (e.g. {@code idle_cycles_burned_per_day}).
 */
public final class CyclesFeeModel {

    /** Nodes of the application subnet the table's prices are for. */
    public static final int REFERENCE_SUBNET_SIZE = 13;

    /** Row "Canister creation": paid by the created canister. */
    public static final long CANISTER_CREATION_FEE = 500_000_000_000L;
    /** Row "Compute percent allocated per second". */
    public static final long COMPUTE_PERCENT_ALLOCATED_PER_SECOND_FEE = 10_000_000L;
    /** Row "Update message execution": the base fee of every executed update message (and callback). */
    public static final long UPDATE_MESSAGE_EXECUTION_FEE = 5_000_000L;
    /** Row "1B executed instructions": 1 cycle per instruction. */
    public static final long BILLION_INSTRUCTIONS_FEE = 1_000_000_000L;
    /** The replica's fee per 10 instructions executed (its {@code ten_update_instructions_execution_fee}). */
    public static final long TEN_UPDATE_INSTRUCTIONS_EXECUTION_FEE = 10L;
    /** Wasm64 canisters pay this many times the per-instruction fee (bounds checks, larger working sets). */
    public static final long WASM64_INSTRUCTION_COST_OVERHEAD = 2L;
    /** Row "Xnet call": inter-canister call, request + response, paid by the sender. */
    public static final long XNET_CALL_FEE = 260_000L;
    /** Row "Xnet byte transmission": per byte of an inter-canister request or response, paid by the sender. */
    public static final long XNET_BYTE_TRANSMISSION_FEE = 1_000L;
    /** Row "Ingress message reception": paid by the receiving canister. */
    public static final long INGRESS_MESSAGE_RECEPTION_FEE = 1_200_000L;
    /** Row "Ingress byte reception": per byte of method name and argument, paid by the receiving canister. */
    public static final long INGRESS_BYTE_RECEPTION_FEE = 2_000L;
    /** Row "GiB storage per second". */
    public static final long GIB_STORAGE_PER_SECOND_FEE = 127_000L;

    /** HTTPS outcall formula: {@code base_fee = (3_000_000 + 60_000 * n) * n}. */
    public static final long HTTP_REQUEST_BASE_FEE = 3_000_000L;
    /** HTTPS outcall formula: the per-node part of the base fee, {@code 60_000 * n}. */
    public static final long HTTP_REQUEST_PER_NODE_FEE = 60_000L;
    /** HTTPS outcall formula: {@code 400 * request_bytes * n}. */
    public static final long HTTP_REQUEST_PER_BYTE_FEE = 400L;
    /** HTTPS outcall formula: {@code 800 * max_response_bytes * n}. */
    public static final long HTTP_RESPONSE_PER_BYTE_FEE = 800L;
    /** "{@code max_response_bytes} is either set by the canister or defaults to 2M" (the IC's 2 MB limit). */
    public static final long HTTP_MAX_RESPONSE_BYTES_DEFAULT = 2_000_000L;

    private static final BigInteger GIB = BigInteger.ONE.shiftLeft(30);
    private static final BigInteger BILLION = BigInteger.TEN.pow(9);
    private static final BigInteger NANOS_PER_SECOND = BILLION;

    /** The prices of a 13-node application subnet, which the engine simulates. */
    public static final CyclesFeeModel APPLICATION_SUBNET = new CyclesFeeModel(REFERENCE_SUBNET_SIZE);

    /**
     * The prices of a subnet that charges nothing, the engine's system subnets: every cost is zero, as the replica's
     * cost scaling makes it under its {@code CanisterCyclesCostSchedule::Free}.
     */
    public static final CyclesFeeModel FREE = new CyclesFeeModel(REFERENCE_SUBNET_SIZE, true);

    private final int subnetSize;
    private final boolean free;

    public CyclesFeeModel(int subnetSize) {
        this(subnetSize, false);
    }

    private CyclesFeeModel(int subnetSize, boolean free) {
        if (subnetSize < 1) {
            throw new IllegalArgumentException("a subnet has at least one node, got " + subnetSize);
        }
        this.subnetSize = subnetSize;
        this.free = free;
    }

    public int subnetSize() {
        return subnetSize;
    }

    /** Paid out of the cycles a new canister starts with. */
    public BigInteger canisterCreationFee() {
        return scaled(BigInteger.valueOf(CANISTER_CREATION_FEE));
    }

    /**
     * Executing one update message (or response callback) that ran {@code instructions} instructions:
     * {@code base-fee + per-instruction-fee * number-of-instructions} ("Execution" formula).
     */
    public BigInteger executionCost(long instructions) {
        requireNonNegative(instructions, "instructions");
        return scaled(BigInteger.valueOf(UPDATE_MESSAGE_EXECUTION_FEE)).add(instructionsCost(instructions));
    }

    /**
     * The replica's execution fee for a canister whose memory is 64-bit or not: the base fee plus 10 cycles per 10
     * instructions (counted in whole tens), twice that for Wasm64 canisters (the replica's
     * {@code WASM64_INSTRUCTION_COST_OVERHEAD}).
     */
    public BigInteger executionCost(long instructions, boolean wasm64) {
        return scaled(BigInteger.valueOf(UPDATE_MESSAGE_EXECUTION_FEE).add(tenInstructionsFee(instructions, wasm64)));
    }

    /** The per-instruction part of {@link #executionCost(long, boolean)} alone. */
    public BigInteger instructionsCost(long instructions, boolean wasm64) {
        return scaled(tenInstructionsFee(instructions, wasm64));
    }

    private static BigInteger tenInstructionsFee(long instructions, boolean wasm64) {
        requireNonNegative(instructions, "instructions");
        long perTen = TEN_UPDATE_INSTRUCTIONS_EXECUTION_FEE * (wasm64 ? WASM64_INSTRUCTION_COST_OVERHEAD : 1);
        return BigInteger.valueOf(instructions / 10).multiply(BigInteger.valueOf(perTen));
    }

    /** The per-instruction part alone. */
    public BigInteger instructionsCost(long instructions) {
        requireNonNegative(instructions, "instructions");
        BigInteger cost = BigInteger.valueOf(instructions)
                .multiply(BigInteger.valueOf(BILLION_INSTRUCTIONS_FEE))
                .divide(BILLION);
        return scaled(cost);
    }

    /**
     * Receiving an ingress message: the reception fee plus the byte fee for its method name and argument.
     * Charged to the receiving canister when the message is inducted.
     */
    public BigInteger ingressInductionCost(int methodNameBytes, int argumentBytes) {
        requireNonNegative(methodNameBytes, "methodNameBytes");
        requireNonNegative(argumentBytes, "argumentBytes");
        long bytes = (long) methodNameBytes + argumentBytes;
        return scaled(BigInteger.valueOf(INGRESS_MESSAGE_RECEPTION_FEE)
                .add(BigInteger.valueOf(INGRESS_BYTE_RECEPTION_FEE).multiply(BigInteger.valueOf(bytes))));
    }

    /**
     * Sending an inter-canister request: the call fee (which covers request and response) plus the byte fee
     * for its method name and argument. Charged to the caller at {@code ic0.call_perform}.
     */
    public BigInteger xnetCallCost(int methodNameBytes, int argumentBytes) {
        requireNonNegative(methodNameBytes, "methodNameBytes");
        requireNonNegative(argumentBytes, "argumentBytes");
        long bytes = (long) methodNameBytes + argumentBytes;
        return scaled(BigInteger.valueOf(XNET_CALL_FEE)
                .add(BigInteger.valueOf(XNET_BYTE_TRANSMISSION_FEE).multiply(BigInteger.valueOf(bytes))));
    }

    /** Transmitting a response of {@code responseBytes}: the caller pays this when the response arrives. */
    public BigInteger xnetResponseTransmissionCost(int responseBytes) {
        requireNonNegative(responseBytes, "responseBytes");
        return scaled(BigInteger.valueOf(XNET_BYTE_TRANSMISSION_FEE).multiply(BigInteger.valueOf(responseBytes)));
    }

    /**
     * What a caller sets aside at call time for the largest possible response, {@link MessageLimits#MAX_PAYLOAD_BYTES}
     * (refunded down to the actual; IC interface specification, "Resource limits").
     */
    public BigInteger maxResponseTransmissionReservation() {
        return xnetResponseTransmissionCost(MessageLimits.MAX_PAYLOAD_BYTES);
    }

    /**
     * Storing {@code bytes} for {@code duration}: {@code bytes * 127_000 * seconds / GiB}, to the nanosecond,
     * rounded down once. Charge over the whole time since the last charge (keeping the remainder's time, as
     * the replica keeps its last-charge timestamp) rather than summing per-round charges, which would round
     * away cycles every round.
     */
    public BigInteger storageCost(long bytes, Duration duration) {
        requireNonNegative(bytes, "bytes");
        BigInteger cost = BigInteger.valueOf(bytes)
                .multiply(BigInteger.valueOf(GIB_STORAGE_PER_SECOND_FEE))
                .multiply(nanos(duration))
                .divide(GIB.multiply(NANOS_PER_SECOND));
        return scaled(cost);
    }

    /** Holding a compute allocation of {@code percent} for {@code duration}, to the nanosecond, rounded down. */
    public BigInteger computeAllocationCost(int percent, Duration duration) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("compute allocation is a percentage (0..100), got " + percent);
        }
        return scaled(BigInteger.valueOf(COMPUTE_PERCENT_ALLOCATED_PER_SECOND_FEE)
                .multiply(nanos(duration))
                .multiply(BigInteger.valueOf(percent))
                .divide(NANOS_PER_SECOND));
    }

    /**
     * {@code canister_status}'s {@code idle_cycles_burned_per_day}: one day of storage and compute allocation.
     *
     * @param memoryAllocation bytes reserved by the canister's settings; when positive the canister pays for
     *                         the whole allocation, when zero for what it uses
     * @param memoryUsage      bytes the canister uses (Wasm and stable memory, module, chunks, …)
     */
    public BigInteger idleCyclesBurnedPerDay(long memoryAllocation, long memoryUsage, int computeAllocation) {
        requireNonNegative(memoryAllocation, "memoryAllocation");
        requireNonNegative(memoryUsage, "memoryUsage");
        long chargedBytes = memoryAllocation > 0 ? memoryAllocation : memoryUsage;
        Duration day = Duration.ofDays(1);
        return storageCost(chargedBytes, day).add(computeAllocationCost(computeAllocation, day));
    }

    /**
     * The cost of an HTTPS outcall, charged to the calling canister when it calls {@code http_request}
     * ("HTTPS outcalls" formula): {@code (3_000_000 + 60_000 * n) * n + (400 * request_bytes +
     * 800 * max_response_bytes) * n}.
     *
     * @param requestBytes     see {@link HttpOutcallRequestSize}
     * @param maxResponseBytes the request's {@code max_response_bytes}, or null for the 2 MB default
     */
    public BigInteger httpOutcallCost(long requestBytes, Long maxResponseBytes) {
        requireNonNegative(requestBytes, "requestBytes");
        long responseBytes = maxResponseBytes == null ? HTTP_MAX_RESPONSE_BYTES_DEFAULT : maxResponseBytes;
        requireNonNegative(responseBytes, "maxResponseBytes");
        BigInteger nodes = BigInteger.valueOf(subnetSize);
        BigInteger baseFee = BigInteger.valueOf(HTTP_REQUEST_BASE_FEE)
                .add(BigInteger.valueOf(HTTP_REQUEST_PER_NODE_FEE).multiply(nodes))
                .multiply(nodes);
        BigInteger sizeFee = BigInteger.valueOf(HTTP_REQUEST_PER_BYTE_FEE)
                .multiply(BigInteger.valueOf(requestBytes))
                .add(BigInteger.valueOf(HTTP_RESPONSE_PER_BYTE_FEE).multiply(BigInteger.valueOf(responseBytes)))
                .multiply(nodes);
        return free ? BigInteger.ZERO : baseFee.add(sizeFee);
    }

    /** A 13-node price on this subnet: {@code cost * n / 13}, rounded down; nothing on a free one. */
    private BigInteger scaled(BigInteger referenceCost) {
        if (free) {
            return BigInteger.ZERO;
        }
        if (subnetSize == REFERENCE_SUBNET_SIZE) {
            return referenceCost;
        }
        return referenceCost.multiply(BigInteger.valueOf(subnetSize)).divide(BigInteger.valueOf(REFERENCE_SUBNET_SIZE));
    }

    private static BigInteger nanos(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a duration to charge cannot be negative: " + duration);
        }
        return BigInteger.valueOf(duration.getSeconds())
                .multiply(NANOS_PER_SECOND)
                .add(BigInteger.valueOf(duration.getNano()));
    }

    private static void requireNonNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " cannot be negative: " + value);
        }
    }
}
