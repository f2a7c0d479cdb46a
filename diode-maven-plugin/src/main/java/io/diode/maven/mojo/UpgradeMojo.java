package io.diode.maven.mojo;

import io.diode.maven.build.CanisterManifest;
import io.diode.maven.release.CandidTextArgument;
import io.diode.maven.release.FleetUpgrade;
import io.diode.maven.release.ManifestModule;
import io.diode.maven.release.NetworkSettings;
import io.diode.maven.release.ReleaseException;
import io.diode.maven.release.ReplicaGateway;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code diode:upgrade}: the release flow. Upgrades the factory, has it upgrade its zone fleet in batches
 * ({@code upgrade_zones}), then version-checks the fleet and prints a per-canister report. Work: {@link FleetUpgrade}.
 */
@Mojo(name = "upgrade", threadSafe = true)
public class UpgradeMojo extends AbstractReleaseMojo {

    /** The factory canister's name in the manifest. */
    @Parameter(property = "diode.factory", defaultValue = "factory")
    private String factory;

    /** The manifest entry of the zone code the factory embeds (its hash and version are what zones must report). */
    @Parameter(property = "diode.zone", defaultValue = "zone")
    private String zone;

    /** Zones per {@code upgrade_zones} call. */
    @Parameter(property = "diode.batchSize", defaultValue = "10")
    private int batchSize;

    /** Print the plan and change nothing. */
    @Parameter(property = "diode.dryRun", defaultValue = "false")
    private boolean dryRun;

    /** The factory's upgrade argument, in Candid text or {@code hex:...}. */
    @Parameter(property = "diode.upgradeArgument")
    private String upgradeArgument;

    /** Skip the goal. */
    @Parameter(property = "diode.upgrade.skip", defaultValue = "false")
    private boolean skip;

    @Override
    protected boolean skipped() {
        return skip;
    }

    @Override
    protected void run() throws ReleaseException {
        CanisterManifest canisters = ManifestModule.readManifest(manifestPath());
        ManifestModule factoryModule = ManifestModule.load(manifestPath(), entry(canisters, factory));
        ManifestModule zoneModule = ManifestModule.load(manifestPath(), entry(canisters, zone));
        byte[] argument = CandidTextArgument.encode(upgradeArgument, "diode.upgradeArgument");
        NetworkSettings selected = selectedNetwork();
        FleetUpgrade.Report report;
        try (ReplicaGateway gateway = connect(selected, loadIdentity(selected))) {
            report = new FleetUpgrade(gateway, canisterIds(selected), log())
                    .run(factoryModule, zoneModule, argument, batchSize, dryRun);
        }
        print(FleetUpgrade.table(report));
        if (!report.succeeded()) {
            long failed = report.lines().stream().filter(line -> !line.ok()).count();
            throw new ReleaseException(
                    "Upgrade on " + selected.name() + ": " + failed + " canister(s) failed the upgrade or"
                            + " the version check (see the report above). Fix them and run diode:upgrade again; upgraded"
                            + " canisters are skipped by the factory's version check.");
        }
        if (!report.dryRun()) {
            getLog().info("Upgrade complete: the factory and " + (report.lines().size() - 1)
                    + " zone(s) match the manifest.");
        }
    }
}
