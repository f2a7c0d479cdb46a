package io.diode.pocketic.embedded.management;

import java.math.BigInteger;

/** {@code canister_status}'s {@code memory_metrics}, all in bytes. */
public record MemoryMetrics(
        BigInteger wasmMemorySize,
        BigInteger stableMemorySize,
        BigInteger globalMemorySize,
        BigInteger wasmBinarySize,
        BigInteger customSectionsSize,
        BigInteger canisterHistorySize,
        BigInteger wasmChunkStoreSize,
        BigInteger snapshotsSize) {

    public static final MemoryMetrics EMPTY = new MemoryMetrics(
            BigInteger.ZERO,
            BigInteger.ZERO,
            BigInteger.ZERO,
            BigInteger.ZERO,
            BigInteger.ZERO,
            BigInteger.ZERO,
            BigInteger.ZERO,
            BigInteger.ZERO);

    /** What {@code memory_size} reports: the sum of every part. */
    public BigInteger total() {
        return wasmMemorySize
                .add(stableMemorySize)
                .add(globalMemorySize)
                .add(wasmBinarySize)
                .add(customSectionsSize)
                .add(canisterHistorySize)
                .add(wasmChunkStoreSize)
                .add(snapshotsSize);
    }
}
