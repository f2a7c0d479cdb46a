package io.diode.maven.mojo;

import io.diode.maven.build.CanisterManifest;
import io.diode.maven.build.ManifestEntry;
import io.diode.maven.release.CanisterIds;
import io.diode.maven.release.FactoryClient;
import io.diode.maven.release.FleetReportPage;
import io.diode.maven.release.FleetStatus;
import io.diode.maven.release.ManifestModule;
import io.diode.maven.release.NetworkSettings;
import io.diode.maven.release.ReleaseException;
import io.diode.maven.release.ReplicaGateway;
import io.diode.maven.release.StatusReport;
import java.io.File;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.ic4j.types.Principal;

/**
 * {@code diode:status}: run status, cycles, module hash and version of each canister; then, when the manifest has the
 * factory, its fleet: each zone's cycles, burn per day and runway, an HTML report with each zone's balance over time,
 * and a failure when a zone's runway is below {@code diode.minRunwayDays}. Work: {@link StatusReport},
 * {@link FleetStatus}, {@link FleetReportPage}.
 */
@Mojo(name = "status", threadSafe = true)
public class StatusMojo extends AbstractReleaseMojo {

    /** The factory canister's name in the manifest; its fleet is reported when it is selected and deployed. */
    @Parameter(property = "diode.factory", defaultValue = "factory")
    private String factory;

    /** Where the fleet report (HTML with a balance chart per zone) is written. */
    @Parameter(property = "diode.fleetReport", defaultValue = "${project.build.directory}/diode/fleet-status.html")
    private File fleetReport;

    /** Fail the build when a zone the factory manages has fewer days of cycles left than this (unset: never). */
    @Parameter(property = "diode.minRunwayDays")
    private Double minRunwayDays;

    /** Skip the goal. */
    @Parameter(property = "diode.status.skip", defaultValue = "false")
    private boolean skip;

    @Override
    protected boolean skipped() {
        return skip;
    }

    @Override
    protected void run() throws ReleaseException {
        CanisterManifest canisters = ManifestModule.readManifest(manifestPath());
        List<ManifestEntry> entries = selectedEntries(canisters);
        NetworkSettings selected = selectedNetwork();
        List<StatusReport.Line> lines = new ArrayList<>();
        List<FactoryClient.ZoneMonitoring> fleet = null;
        CanisterIds ids = canisterIds(selected);
        try (ReplicaGateway gateway = connect(selected, loadIdentity(selected))) {
            StatusReport report = new StatusReport(gateway);
            for (ManifestEntry entry : entries) {
                Principal id = ids.require(entry.name());
                lines.add(report.status(entry.name(), id));
                if (entry.name().equals(factory)) {
                    fleet = new FactoryClient(gateway, id).fleetMonitoring();
                }
            }
        }
        print(StatusReport.table(lines));
        if (fleet == null) {
            return;
        }
        getLog().info("Fleet of " + factory + ": " + fleet.size() + " zone(s)");
        print(FleetStatus.table(fleet));
        FleetReportPage.write(fleetReport.toPath(), selected.name(), Instant.now(), fleet);
        getLog().info("Fleet report: " + fleetReport);
        if (minRunwayDays != null) {
            List<FactoryClient.ZoneMonitoring> low = FleetStatus.belowRunway(fleet, minRunwayDays);
            if (!low.isEmpty()) {
                throw new ReleaseException(
                        low.size() + " zone(s) have less than " + minRunwayDays + " days of cycles left: "
                                + String.join(
                                        ", ",
                                        low.stream()
                                                .map(zone -> zone.zoneId() + " ("
                                                        + FleetStatus.runwayDays(zone)
                                                                .map(Object::toString)
                                                                .orElse("?") + " days)")
                                                .toList())
                                + ". Top them up (raise the factory's refill target or deposit cycles), or lower diode.minRunwayDays.");
            }
        }
    }
}
