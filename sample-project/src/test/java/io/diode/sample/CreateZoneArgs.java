package io.diode.sample;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ic4j.candid.parser.IDLType;
import org.ic4j.candid.parser.IDLValue;
import org.ic4j.candid.types.Label;
import org.ic4j.candid.types.Type;
import org.ic4j.types.Principal;

/**
 * The Factory's {@code create_zone} argument ({@code CreateZoneArgs} in factory.did). Encoded field by field
 * ({@link #toCandid()}) because ic4j's POJO mapping has no way to say "vec principal" for a record component.
 */
record CreateZoneArgs(List<Principal> owners, String zoneId, String rpcHost, String rpcPath,
                      BigInteger storageLimitBytes, BigInteger membershipCacheSeconds, BigInteger lowCyclesThreshold) {

    /** The owner used when a test does not care who owns the zone. */
    static final Principal DEFAULT_OWNER = TestUsers.user("zone-owner");

    /** A zone owned by {@link #DEFAULT_OWNER} with a 1 MB store, a 10-minute membership cache and the given top-up threshold. */
    static CreateZoneArgs of(String zoneId, BigInteger lowCyclesThreshold) {
        return new CreateZoneArgs(List.of(DEFAULT_OWNER), zoneId, "https://rpc.example", "/", BigInteger.valueOf(1_000_000),
                BigInteger.valueOf(600), lowCyclesThreshold);
    }

    CreateZoneArgs withOwners(List<Principal> newOwners) {
        return new CreateZoneArgs(newOwners, zoneId, rpcHost, rpcPath, storageLimitBytes, membershipCacheSeconds,
                lowCyclesThreshold);
    }

    IDLValue toCandid() {
        Map<Label, Object> values = new TreeMap<>();
        Map<Label, IDLType> types = new TreeMap<>();
        put(values, types, "owners", owners.toArray(Principal[]::new),
                IDLType.createType(Type.VEC, IDLType.createType(Type.PRINCIPAL)));
        put(values, types, "zone_id", zoneId, IDLType.createType(Type.TEXT));
        put(values, types, "rpc_host", rpcHost, IDLType.createType(Type.TEXT));
        put(values, types, "rpc_path", rpcPath, IDLType.createType(Type.TEXT));
        put(values, types, "storage_limit_bytes", storageLimitBytes, IDLType.createType(Type.NAT));
        put(values, types, "membership_cache_seconds", membershipCacheSeconds, IDLType.createType(Type.NAT));
        put(values, types, "low_cycles_threshold", lowCyclesThreshold, IDLType.createType(Type.NAT));
        return IDLValue.create(values, IDLType.createType(Type.RECORD, types));
    }

    private static void put(Map<Label, Object> values, Map<Label, IDLType> types, String name, Object value, IDLType type) {
        values.put(Label.createNamedLabel(name), value);
        types.put(Label.createNamedLabel(name), type);
    }
}
