package io.diode.sample;

import java.math.BigInteger;
import org.ic4j.candid.annotations.Field;
import org.ic4j.candid.annotations.Name;
import org.ic4j.candid.types.Type;

/** The Factory's {@code create_zone} argument ({@code CreateZoneArgs} in factory.did). */
record CreateZoneArgs(
        @Name("zone_id") @Field(Type.TEXT) String zoneId,
        @Name("rpc_host") @Field(Type.TEXT) String rpcHost,
        @Name("rpc_path") @Field(Type.TEXT) String rpcPath,
        @Name("storage_limit_bytes") @Field(Type.NAT) BigInteger storageLimitBytes,
        @Name("membership_cache_seconds") @Field(Type.NAT) BigInteger membershipCacheSeconds,
        @Name("low_cycles_threshold") @Field(Type.NAT) BigInteger lowCyclesThreshold) {

    /** A zone with a 1 MB store, a 10-minute membership cache and the given top-up threshold. */
    static CreateZoneArgs of(String zoneId, BigInteger lowCyclesThreshold) {
        return new CreateZoneArgs(zoneId, "https://rpc.example", "/", BigInteger.valueOf(1_000_000),
                BigInteger.valueOf(600), lowCyclesThreshold);
    }
}
