package io.diode.sample;

import java.math.BigInteger;
import org.ic4j.candid.annotations.Field;
import org.ic4j.candid.annotations.Name;
import org.ic4j.candid.types.Type;
import org.ic4j.types.Principal;

/** The Zone's init argument ({@code InitArgs} in zone.did), for installing a Zone without a Factory. */
record ZoneInitArgs(
        @Name("zone_id") @Field(Type.TEXT) String zoneId,
        @Name("rpc_host") @Field(Type.TEXT) String rpcHost,
        @Name("rpc_path") @Field(Type.TEXT) String rpcPath,
        @Name("factory") @Field(Type.PRINCIPAL) Principal factory,
        @Name("storage_limit_bytes") @Field(Type.NAT) BigInteger storageLimitBytes,
        @Name("version") @Field(Type.NAT) BigInteger version,
        @Name("membership_cache_seconds") @Field(Type.NAT) BigInteger membershipCacheSeconds,
        @Name("low_cycles_threshold") @Field(Type.NAT) BigInteger lowCyclesThreshold) {

    /** A Zone of {@code zoneId} that asks {@code https://rpc.example/v1/key}, with a 10-minute membership cache. */
    static ZoneInitArgs of(String zoneId, Principal factory, long storageLimitBytes) {
        return new ZoneInitArgs(zoneId, "https://rpc.example", "/v1/key", factory, BigInteger.valueOf(storageLimitBytes),
                BigInteger.ONE, BigInteger.valueOf(600), BigInteger.ZERO);
    }
}
