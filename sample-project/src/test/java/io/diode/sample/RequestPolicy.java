package io.diode.sample;

import java.math.BigInteger;
import org.ic4j.candid.annotations.Field;
import org.ic4j.candid.annotations.Name;
import org.ic4j.candid.types.Type;

/** The Factory's rules for owner requests ({@code RequestPolicy} in factory.did): {@code configure_requests}. */
record RequestPolicy(
        @Name("creations_per_period") @Field(Type.NAT) BigInteger creationsPerPeriod,
        @Name("period_seconds") @Field(Type.NAT) BigInteger periodSeconds,
        @Name("owner_role") @Field(Type.NAT) BigInteger ownerRole,
        @Name("refused_retry_seconds") @Field(Type.NAT) BigInteger refusedRetrySeconds) {

    static RequestPolicy of(long creationsPerPeriod, long periodSeconds, long ownerRole, long refusedRetrySeconds) {
        return new RequestPolicy(BigInteger.valueOf(creationsPerPeriod), BigInteger.valueOf(periodSeconds),
                BigInteger.valueOf(ownerRole), BigInteger.valueOf(refusedRetrySeconds));
    }
}
