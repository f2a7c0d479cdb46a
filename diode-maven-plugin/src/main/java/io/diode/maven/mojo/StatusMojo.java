package io.diode.maven.mojo;

import io.diode.maven.build.CanisterManifest;
import io.diode.maven.build.ManifestEntry;
import io.diode.maven.release.CanisterTarget;
import io.diode.maven.release.NetworkSettings;
import io.diode.maven.release.ReleaseException;
import io.diode.maven.release.ReplicaGateway;
import io.diode.maven.release.StatusReport;
import io.diode.maven.release.WasmModule;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** {@code diode:status}: run status, cycles, module hash and version of each canister. Work: {@link StatusReport}. */
@Mojo(name = "status", threadSafe = true)
public class StatusMojo extends AbstractReleaseMojo {

    /** Skip the goal. */
    @Parameter(property = "diode.status.skip", defaultValue = "false")
    private boolean skip;

    @Override
    protected String goal() {
        return "diode:status";
    }

    @Override
    protected boolean skipped() {
        return skip;
    }

    @Override
    protected void run() throws ReleaseException {
        CanisterManifest canisters = WasmModule.readManifest(manifestPath());
        List<ManifestEntry> entries = selectedEntries(canisters);
        NetworkSettings selected = selectedNetwork();
        List<StatusReport.Line> lines = new ArrayList<>();
        try (ReplicaGateway gateway = connect(selected, loadIdentity(selected))) {
            StatusReport report = new StatusReport(gateway);
            for (ManifestEntry entry : entries) {
                lines.add(report.status(entry.name(), CanisterTarget.require(entry.name(), selected, idFile(), canisterIds)));
            }
        }
        print(StatusReport.table(lines));
    }
}
