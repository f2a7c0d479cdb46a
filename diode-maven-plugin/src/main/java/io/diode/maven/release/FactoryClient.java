package io.diode.maven.release;

import io.diode.candid.CandidEncoder;
import io.diode.candid.IdlType;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ic4j.types.Principal;

/**
 * The Factory's fleet interface ({@code sample-project/src/main/candid/factory.did}): {@code list_zones} and
 * {@code upgrade_zones} drive {@code diode:upgrade}; {@code get_fleet_monitoring} feeds {@code diode:status}.
 */
public final class FactoryClient {
    /** One zone canister the factory manages. */
    public record Zone(Principal canister, String zoneId, BigInteger version) {}

    /** What {@code upgrade_zones} did to one canister. */
    public enum UpgradeKind {
        UPGRADED,
        /** The upgrade failed and the snapshot taken before it was loaded back. */
        ROLLED_BACK,
        /** Not attempted (a self-managed zone: its owners upgrade it). */
        SKIPPED,
        FAILED
    }

    /** What {@code upgrade_zones} reported for one canister; {@code snapshotId} in hex when one was taken. */
    public record ZoneUpgrade(
            Principal canister, Optional<String> zoneId, UpgradeKind kind, String detail, Optional<String> snapshotId) {
        public boolean upgraded() {
            return kind == UpgradeKind.UPGRADED;
        }
    }

    /** One balance reading of a zone by the factory, and what it deposited right after. */
    public record BalanceSample(long atNs, BigInteger balance, BigInteger deposited) {}

    /** A zone's cycles over time as the factory sees them ({@code ZoneMonitoring} in factory.did). */
    public record ZoneMonitoring(
            Principal canister,
            String zoneId,
            String custody,
            List<BalanceSample> samples,
            Optional<BigInteger> balance,
            BigInteger freezingLimit,
            Optional<BigInteger> burnPerDay,
            Optional<BigInteger> secondsUntilFreezing) {
        public boolean selfManaged() {
            return custody.equals("SelfManaged");
        }
    }

    private final ReplicaGateway gateway;
    private final Principal factory;

    public FactoryClient(ReplicaGateway gateway, Principal factory) {
        this.gateway = gateway;
        this.factory = factory;
    }

    public List<Zone> listZones() throws ReleaseException {
        byte[] reply = gateway.query(factory, "list_zones", CanisterVersion.NO_ARGUMENTS);
        CandidReply candid = CandidReply.of("list_zones");
        List<Zone> zones = new ArrayList<>();
        for (Object element : candid.vector(CandidReply.firstValue(reply, "list_zones"), "the zone list")) {
            Map<String, Object> record = candid.record(element, "a zone record");
            zones.add(new Zone(
                    candid.principal(candid.field(record, "canister"), "canister"),
                    candid.text(candid.field(record, "zone_id"), "zone_id"),
                    candid.nat(candid.field(record, "version"), "version")));
        }
        return zones;
    }

    public List<ZoneMonitoring> fleetMonitoring() throws ReleaseException {
        byte[] reply = gateway.query(factory, "get_fleet_monitoring", CanisterVersion.NO_ARGUMENTS);
        CandidReply candid = CandidReply.of("get_fleet_monitoring");
        List<ZoneMonitoring> zones = new ArrayList<>();
        for (Object element : candid.vector(CandidReply.firstValue(reply, "get_fleet_monitoring"), "the fleet")) {
            Map<String, Object> zone = candid.record(element, "a zone's monitoring");
            List<BalanceSample> samples = new ArrayList<>();
            for (Object sampleValue : candid.vector(candid.field(zone, "samples"), "samples")) {
                Map<String, Object> sample = candid.record(sampleValue, "a sample");
                samples.add(new BalanceSample(
                        candid.nat(candid.field(sample, "at_ns"), "at_ns").longValueExact(),
                        candid.nat(candid.field(sample, "balance"), "balance"),
                        candid.nat(candid.field(sample, "deposited"), "deposited")));
            }
            zones.add(new ZoneMonitoring(
                    candid.principal(candid.field(zone, "canister"), "canister"),
                    candid.text(candid.field(zone, "zone_id"), "zone_id"),
                    candid.variant(candid.field(zone, "custody"), "custody", "Factory", "SelfManaged")
                            .getKey(),
                    samples,
                    optionalNat(candid, zone, "balance"),
                    candid.nat(candid.field(zone, "freezing_limit_cycles"), "freezing_limit_cycles"),
                    optionalNat(candid, zone, "burn_cycles_per_day"),
                    optionalNat(candid, zone, "seconds_until_freezing")));
        }
        return zones;
    }

    private static Optional<BigInteger> optionalNat(CandidReply candid, Map<String, Object> record, String name)
            throws ReleaseException {
        Optional<?> value = candid.optional(candid.field(record, name), name);
        return value.isEmpty() ? Optional.empty() : Optional.of(candid.nat(value.get(), name));
    }

    /**
     * Asks the factory to upgrade {@code batch} to the zone code it embeds. A factory-level error (for example
     * {@code NotAuthorized}) is a {@link CanisterCallException}-free {@link ReleaseException}; per-zone failures
     * are results.
     */
    public List<ZoneUpgrade> upgradeZones(List<Principal> batch) throws ReleaseException {
        byte[] argument = CandidEncoder.encode(
                IdlType.opt(IdlType.vec(IdlType.Primitive.PRINCIPAL)),
                Optional.of(batch.stream()
                        .map(canister -> io.diode.candid.Principal.fromBytes(canister.getValue()))
                        .toList()));
        byte[] reply = gateway.update(factory, "upgrade_zones", argument);
        CandidReply candid = CandidReply.of("upgrade_zones");
        Map.Entry<String, Object> result =
                candid.variant(CandidReply.firstValue(reply, "upgrade_zones"), "the result", "ok", "err");
        if (result.getKey().equals("err")) {
            String error = candid.variant(
                            result.getValue(),
                            "the error",
                            "NotAuthorized",
                            "AlreadyExists",
                            "CreationFailed",
                            "CreationInProgress",
                            "InsufficientCycles",
                            "InvalidArguments",
                            "RefillInProgress")
                    .getKey();
            throw new ReleaseException("Factory " + factory + " refused upgrade_zones: " + error
                    + (error.equals("NotAuthorized") ? " (the identity must be a controller of the factory)" : "")
                    + ".");
        }
        List<ZoneUpgrade> upgrades = new ArrayList<>();
        for (Object element : candid.vector(result.getValue(), "the upgrade list")) {
            Map<String, Object> entry = candid.record(element, "an upgrade entry");
            Principal canister = candid.principal(candid.field(entry, "canister"), "canister");
            Optional<?> zoneId = candid.optional(candid.field(entry, "zone_id"), "zone_id");
            Map.Entry<String, Object> outcome = candid.variant(
                    candid.field(entry, "outcome"), "outcome", "Upgraded", "RolledBack", "Skipped", "Failed");
            Optional<String> zone = zoneId.map(Object::toString);
            switch (outcome.getKey()) {
                case "Upgraded" -> {
                    Map<String, Object> upgraded = candid.record(outcome.getValue(), "Upgraded");
                    Optional<String> snapshot = CandidReply.has(upgraded, "snapshot_id")
                            ? Optional.of(HexFormat.of()
                                    .formatHex(candid.blob(candid.field(upgraded, "snapshot_id"), "snapshot_id")))
                            : Optional.empty();
                    upgrades.add(new ZoneUpgrade(
                            canister,
                            zone,
                            UpgradeKind.UPGRADED,
                            "v" + candid.nat(candid.field(upgraded, "from_version"), "from_version") + " -> v"
                                    + candid.nat(candid.field(upgraded, "to_version"), "to_version")
                                    + snapshot.map(id -> " (snapshot " + id + ")")
                                            .orElse(""),
                            snapshot));
                }
                case "RolledBack" -> {
                    Map<String, Object> rolledBack = candid.record(outcome.getValue(), "RolledBack");
                    String snapshot = HexFormat.of()
                            .formatHex(candid.blob(candid.field(rolledBack, "snapshot_id"), "snapshot_id"));
                    boolean restored = Boolean.TRUE.equals(candid.field(rolledBack, "restored"));
                    upgrades.add(new ZoneUpgrade(
                            canister,
                            zone,
                            UpgradeKind.ROLLED_BACK,
                            "rolled back to snapshot " + snapshot + (restored ? "" : " (NOT restored)") + ": "
                                    + candid.text(candid.field(rolledBack, "reason"), "reason"),
                            Optional.of(snapshot)));
                }
                case "Skipped" ->
                    upgrades.add(new ZoneUpgrade(
                            canister,
                            zone,
                            UpgradeKind.SKIPPED,
                            candid.text(outcome.getValue(), "Skipped"),
                            Optional.empty()));
                default ->
                    upgrades.add(new ZoneUpgrade(
                            canister,
                            zone,
                            UpgradeKind.FAILED,
                            candid.text(outcome.getValue(), "Failed"),
                            Optional.empty()));
            }
        }
        return upgrades;
    }
}
