package io.diode.maven.release;

import io.diode.maven.build.BuildLog;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.ic4j.types.Principal;

/**
 * {@code upgrade}, the release flow: upgrade the factory to the manifest's module, check it reports the
 * manifest's version, ask it to upgrade its zone fleet batch by batch ({@code upgrade_zones}), then
 * version-check every zone: the manifest's zone version, and one module hash across the whole fleet. A factory failure stops the flow at once; a zone
 * that fails is reported and the others go on.
 */
public final class FleetUpgrade {
    /** The outcome of the whole flow: a line per canister. */
    public record Report(List<Line> lines, boolean dryRun) {
        public boolean succeeded() {
            return lines.stream().allMatch(Line::ok);
        }
    }

    /** One canister in the report. */
    public record Line(String canister, String role, String upgrade, String hash, String version, boolean ok) {}

    private final ReplicaGateway gateway;
    private final CanisterIds ids;
    private final NetworkSettings network;
    private final BuildLog log;

    public FleetUpgrade(ReplicaGateway gateway, CanisterIds ids, BuildLog log) {
        this.gateway = gateway;
        this.ids = ids;
        this.network = ids.network();
        this.log = log;
    }

    public Report run(
            ManifestModule factoryModule,
            ManifestModule zoneModule,
            byte[] upgradeArgument,
            int batchSize,
            boolean dryRun)
            throws ReleaseException {
        if (batchSize < 1) {
            throw new ReleaseException("diode.batchSize must be at least 1, not " + batchSize + ".");
        }
        Principal factory = ids.require(factoryModule.name());
        FactoryClient client = new FactoryClient(gateway, factory);
        Optional<String> factoryHash = gateway.moduleHash(factory);
        if (factoryHash.isEmpty()) {
            throw new ReleaseException("Factory " + factoryModule.name() + " (" + factory + ") has no code on "
                    + network.name() + "; deploy it first with diode:deploy.");
        }
        List<FactoryClient.Zone> zones = client.listZones();
        List<List<Principal>> batches = batches(zones, batchSize);
        log.info("Upgrade plan on " + network.name() + ":");
        log.info("  1. factory " + factoryModule.name() + " (" + factory + "): "
                + (factoryHash.get().equalsIgnoreCase(factoryModule.moduleHash())
                        ? "already at "
                        : "upgrade " + Deployer.shortHash(factoryHash.get()) + " -> ")
                + Deployer.shortHash(factoryModule.moduleHash()) + ", version "
                + Objects.toString(factoryModule.version(), "(not set)"));
        log.info("  2. zones: " + zones.size() + " canister(s) in " + batches.size() + " batch(es) of at most "
                + batchSize + " through upgrade_zones, to zone version "
                + Objects.toString(zoneModule.version(), "(not set)"));
        for (FactoryClient.Zone zone : zones) {
            log.info("       " + zone.canister() + " zone " + zone.zoneId() + " (now v" + zone.version() + ")");
        }
        log.info("  3. version check: the factory against " + factoryModule.name()
                + " in the manifest; every zone against version " + zoneModule.version()
                + " and one module hash across the fleet");
        if (dryRun) {
            log.info("Dry run (diode.dryRun=true): nothing was changed.");
            List<Line> lines = new ArrayList<>();
            lines.add(new Line(factory.toString(), "factory", "planned", "-", "-", true));
            for (FactoryClient.Zone zone : zones) {
                lines.add(new Line(
                        zone.canister().toString(),
                        "zone " + zone.zoneId(),
                        "planned",
                        "-",
                        "v" + zone.version(),
                        true));
            }
            return new Report(lines, true);
        }

        DeployOutcome factoryOutcome = new Deployer(gateway, ids, log)
                .deploy(factoryModule, DeployMode.UPGRADE, upgradeArgument, upgradeArgument, BigInteger.ZERO);
        VersionCheck check = new VersionCheck(gateway);
        VersionCheckRow factoryRow =
                check.check(factoryModule.name(), factory, factoryModule.moduleHash(), factoryModule.version());
        if (!factoryRow.matches()) {
            throw new ReleaseException("Factory " + factory + " reports module "
                    + factoryRow.actualHash().orElse("(none)")
                    + " and version " + factoryRow.actualVersion() + " after the upgrade, expected "
                    + factoryModule.moduleHash() + " and " + factoryModule.version() + ". The zones were not touched.");
        }
        List<Line> lines = new ArrayList<>();
        lines.add(new Line(
                factory.toString(), "factory", factoryOutcome.action(), "OK", factoryRow.actualVersion(), true));

        Map<Principal, FactoryClient.ZoneUpgrade> outcomes = new LinkedHashMap<>();
        int batchNumber = 0;
        for (List<Principal> batch : batches) {
            batchNumber++;
            log.info("Zones batch " + batchNumber + "/" + batches.size() + ": upgrading " + batch.size()
                    + " canister(s)");
            for (FactoryClient.ZoneUpgrade upgrade : client.upgradeZones(batch)) {
                outcomes.put(upgrade.canister(), upgrade);
                log.info("  " + upgrade.canister() + ": "
                        + switch (upgrade.kind()) {
                            case UPGRADED -> "upgraded ";
                            case ROLLED_BACK -> "ROLLED BACK, ";
                            case SKIPPED -> "skipped: ";
                            case FAILED -> "FAILED: ";
                        }
                        + upgrade.detail());
            }
        }
        // The factory installs the zone code it embeds, which moc compiles into the factory: its module differs
        // from the standalone zone.wasm, so the fleet's expected hash is the one the upgraded zones report, and
        // every zone must report that same hash and the manifest's zone version.
        Optional<String> fleetHash = Optional.empty();
        for (FactoryClient.Zone zone : zones) {
            FactoryClient.ZoneUpgrade upgrade = outcomes.get(zone.canister());
            if (upgrade != null && upgrade.upgraded()) {
                fleetHash = gateway.moduleHash(zone.canister());
                break;
            }
        }
        String expectedHash = fleetHash.orElse(zoneModule.moduleHash());
        for (FactoryClient.Zone zone : zones) {
            FactoryClient.ZoneUpgrade upgrade = outcomes.get(zone.canister());
            if (upgrade != null && upgrade.kind() == FactoryClient.UpgradeKind.SKIPPED) {
                // Its owners manage it: not upgraded by this release and not judged by its version.
                lines.add(new Line(
                        zone.canister().toString(),
                        "zone " + zone.zoneId(),
                        "skipped: " + upgrade.detail(),
                        "-",
                        "v" + zone.version(),
                        true));
                continue;
            }
            String upgradeText = upgrade == null
                    ? "not reported by the factory"
                    : switch (upgrade.kind()) {
                        case UPGRADED -> "upgraded " + upgrade.detail();
                        case ROLLED_BACK -> upgrade.detail();
                        default -> "failed: " + upgrade.detail();
                    };
            VersionCheckRow row =
                    check.check("zone " + zone.zoneId(), zone.canister(), expectedHash, zoneModule.version());
            boolean ok = upgrade != null && upgrade.upgraded() && row.matches();
            lines.add(new Line(
                    zone.canister().toString(),
                    "zone " + zone.zoneId(),
                    upgradeText,
                    row.actualHash().map(Deployer::shortHash).orElse("(none)")
                            + (row.hashMatches() ? "" : " (differs from the fleet)"),
                    row.actualVersion() + (row.versionMatches() ? "" : " (expected " + zoneModule.version() + ")"),
                    ok));
        }
        return new Report(lines, false);
    }

    public static TextTable table(Report report) {
        TextTable table = new TextTable("canister", "role", "upgrade", "module hash", "version", "result");
        for (Line line : report.lines()) {
            table.row(
                    line.canister(),
                    line.role(),
                    line.upgrade(),
                    line.hash(),
                    line.version(),
                    report.dryRun() ? "planned" : line.ok() ? "OK" : "FAILED");
        }
        return table;
    }

    private static List<List<Principal>> batches(List<FactoryClient.Zone> zones, int batchSize) {
        List<List<Principal>> batches = new ArrayList<>();
        for (int start = 0; start < zones.size(); start += batchSize) {
            batches.add(zones.subList(start, Math.min(zones.size(), start + batchSize)).stream()
                    .map(FactoryClient.Zone::canister)
                    .toList());
        }
        return batches;
    }
}
