package io.diode.pocketic.embedded.management;

import java.math.BigInteger;

/** {@code canister_status}'s {@code query_stats}. */
public record QueryStats(
        BigInteger numCallsTotal,
        BigInteger numInstructionsTotal,
        BigInteger requestPayloadBytesTotal,
        BigInteger responsePayloadBytesTotal) {

    public static final QueryStats NONE =
            new QueryStats(BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO);
}
