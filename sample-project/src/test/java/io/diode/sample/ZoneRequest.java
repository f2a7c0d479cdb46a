package io.diode.sample;

import java.math.BigInteger;
import org.ic4j.candid.annotations.Field;
import org.ic4j.candid.annotations.Name;
import org.ic4j.candid.types.Type;

/** A zone owner's {@code request_zone} argument ({@code ZoneRequest} in factory.did). */
record ZoneRequest(
        @Name("zone_id") @Field(Type.TEXT) String zoneId,
        @Name("owner_evm_address") @Field(Type.TEXT) String ownerEvmAddress,
        @Name("rpc_host") @Field(Type.TEXT) String rpcHost,
        @Name("rpc_path") @Field(Type.TEXT) String rpcPath,
        @Name("storage_limit_bytes") @Field(Type.NAT) BigInteger storageLimitBytes,
        @Name("membership_cache_seconds") @Field(Type.NAT) BigInteger membershipCacheSeconds,
        @Name("low_cycles_threshold") @Field(Type.NAT) BigInteger lowCyclesThreshold) {

    /** A request for {@code zoneId} by the holder of {@code ownerAddress}, RPC at {@code https://rpc.example/eth}. */
    static ZoneRequest of(String zoneId, String ownerAddress) {
        return new ZoneRequest(zoneId, ownerAddress, "https://rpc.example", "/eth", BigInteger.valueOf(1_000_000),
                BigInteger.valueOf(600), BigInteger.ZERO);
    }
}
