package io.diode.maven.release;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ic4j.types.Principal;

/**
 * {@code version-check}: for each canister, the certified {@code module_hash} (read_state) against the
 * manifest's hash, and {@code get_version()} against the manifest's version. Reads only; the goal fails the
 * build when any row does not match.
 */
public final class VersionCheck {
    private final ReplicaGateway gateway;

    public VersionCheck(ReplicaGateway gateway) {
        this.gateway = gateway;
    }

    public VersionCheckRow check(String canister, Principal id, String expectedHash, String expectedVersion)
            throws ReleaseException {
        Optional<String> hash = gateway.moduleHash(id);
        String version;
        boolean read;
        if (hash.isEmpty()) {
            requireExists(id);
            version = "(no code)";
            read = false;
        } else if (expectedVersion == null) {
            // No version configured: the canister need not even have get_version.
            version = "(not checked)";
            read = false;
        } else {
            try {
                BigInteger reported = CanisterVersion.read(gateway, id);
                version = reported.toString();
                read = true;
            } catch (CanisterCallException rejected) {
                version = "(get_version rejected: reject code " + rejected.rejectCode() + ")";
                read = false;
            }
        }
        return new VersionCheckRow(canister, id.toString(), expectedHash, hash, expectedVersion, version, read);
    }

    /**
     * A canister without a certified module hash either has no code or does not exist at all (a stale id); only
     * {@code canister_status} tells them apart (a non-controller is refused, but not with "not found").
     *
     * @throws CanisterCallException the replica's "not found" rejection, for the caller to explain where the id came
     *     from ({@link CanisterIds#staleId})
     */
    private void requireExists(Principal id) throws ReleaseException {
        try {
            gateway.canisterStatus(id);
        } catch (CanisterCallException rejected) {
            if (CanisterIds.isNotFound(rejected)) {
                throw rejected;
            }
        }
    }

    public static TextTable table(List<VersionCheckRow> rows) {
        TextTable table =
                new TextTable("canister", "id", "module hash", "expected hash", "version", "expected", "result");
        for (VersionCheckRow row : rows) {
            List<String> problems = new ArrayList<>();
            if (!row.hashMatches()) {
                problems.add("hash");
            }
            if (!row.versionMatches()) {
                problems.add("version");
            }
            table.row(
                    row.canister(),
                    row.id(),
                    row.actualHash().map(Deployer::shortHash).orElse("(none)"),
                    Deployer.shortHash(row.expectedHash()),
                    row.actualVersion(),
                    row.expectedVersion() == null ? "(not set)" : row.expectedVersion(),
                    problems.isEmpty() ? "OK" : "MISMATCH (" + String.join(", ", problems) + ")");
        }
        return table;
    }
}
