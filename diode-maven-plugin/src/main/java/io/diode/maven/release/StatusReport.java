package io.diode.maven.release;

import java.util.Optional;
import org.ic4j.types.Principal;

/**
 * {@code status}: per canister, its run status, cycles balance and module hash (from {@code canister_status},
 * which needs a controller; otherwise the certified module hash only) and the version it reports.
 */
public final class StatusReport {
    /** One canister's line. */
    public record Line(String canister, String id, String status, String cycles, String moduleHash, String version) {}

    private final ReplicaGateway gateway;

    public StatusReport(ReplicaGateway gateway) {
        this.gateway = gateway;
    }

    public Line status(String canister, Principal id) throws ReleaseException {
        String status;
        String cycles;
        Optional<String> hash;
        try {
            CanisterStatus canisterStatus = gateway.canisterStatus(id);
            status = canisterStatus.status();
            cycles = String.format("%,d", canisterStatus.cycles());
            hash = canisterStatus.moduleHash();
        } catch (CanisterCallException notController) {
            // canister_status is for controllers only; the module hash is public state.
            status = CanisterIds.isNotFound(notController) ? "(no such canister: stale id?)" : "(not a controller)";
            cycles = "-";
            hash = gateway.moduleHash(id);
        }
        String version;
        if (hash.isEmpty()) {
            version = "(no code)";
        } else {
            try {
                version = CanisterVersion.read(gateway, id).toString();
            } catch (CanisterCallException rejected) {
                version = "(get_version rejected: reject code " + rejected.rejectCode() + ")";
            }
        }
        return new Line(canister, id.toString(), status, cycles, hash.orElse("(none)"), version);
    }

    public static TextTable table(java.util.List<Line> lines) {
        TextTable table = new TextTable("canister", "id", "status", "cycles", "module hash", "version");
        for (Line line : lines) {
            table.row(line.canister(), line.id(), line.status(), line.cycles(), line.moduleHash(), line.version());
        }
        return table;
    }
}
