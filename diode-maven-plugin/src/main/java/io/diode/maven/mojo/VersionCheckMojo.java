package io.diode.maven.mojo;

import io.diode.maven.build.CanisterManifest;
import io.diode.maven.build.ManifestEntry;
import io.diode.maven.release.CanisterCallException;
import io.diode.maven.release.CanisterIds;
import io.diode.maven.release.NetworkSettings;
import io.diode.maven.release.ReleaseException;
import io.diode.maven.release.ReplicaGateway;
import io.diode.maven.release.VersionCheck;
import io.diode.maven.release.VersionCheckRow;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.ic4j.types.Principal;

/**
 * {@code diode:version-check}: compares each canister's certified module hash and {@code get_version()} with the
 * manifest, prints a table and fails the build on any mismatch. Work: {@link VersionCheck}.
 */
@Mojo(name = "version-check", threadSafe = true)
public class VersionCheckMojo extends AbstractReleaseMojo {

    /** Skip the goal. */
    @Parameter(property = "diode.versionCheck.skip", defaultValue = "false")
    private boolean skip;

    @Override
    protected boolean skipped() {
        return skip;
    }

    @Override
    protected void run() throws ReleaseException {
        CanisterManifest canisters = io.diode.maven.release.ManifestModule.readManifest(manifestPath());
        List<ManifestEntry> entries = selectedEntries(canisters);
        NetworkSettings selected = selectedNetwork();
        List<VersionCheckRow> rows = new ArrayList<>();
        CanisterIds ids = canisterIds(selected);
        try (ReplicaGateway gateway = connect(selected, loadIdentity(selected))) {
            VersionCheck check = new VersionCheck(gateway);
            for (ManifestEntry entry : entries) {
                Principal id = ids.require(entry.name());
                try {
                    rows.add(check.check(entry.name(), id, entry.moduleHash(), entry.version()));
                } catch (CanisterCallException rejected) {
                    if (CanisterIds.isNotFound(rejected)) {
                        throw ids.staleId(entry.name(), id, rejected);
                    }
                    throw rejected;
                }
            }
        }
        print(VersionCheck.table(rows));
        List<String> mismatched = rows.stream()
                .filter(row -> !row.matches())
                .map(VersionCheckRow::canister)
                .toList();
        if (!mismatched.isEmpty()) {
            throw new ReleaseException(
                    "Version check failed on " + selected.name() + " for " + String.join(", ", mismatched)
                            + ": the deployed module or version differs from " + manifest + " (see the table above).");
        }
        getLog().info("Version check passed: " + rows.size() + " canister(s) match the manifest.");
    }
}
