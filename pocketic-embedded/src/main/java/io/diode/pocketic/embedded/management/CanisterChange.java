package io.diode.pocketic.embedded.management;

import java.util.List;
import java.util.Objects;
import org.ic4j.types.Principal;

/**
 * One entry of a canister's history ({@code change} in {@code ic.did}), as {@code canister_info} reports it.
 *
 * @param timestampNanos  when the change happened (nanoseconds since the epoch, unsigned)
 * @param canisterVersion the canister version after the change (unsigned)
 */
public record CanisterChange(long timestampNanos, long canisterVersion, Origin origin, Details details) {

    public CanisterChange {
        Objects.requireNonNull(origin);
        Objects.requireNonNull(details);
    }

    /** Who made the change: {@code change_origin}. */
    public sealed interface Origin {}

    public record FromUser(Principal userId) implements Origin {
        public FromUser {
            Objects.requireNonNull(userId);
        }
    }

    /** @param canisterVersion the calling canister's {@code sender_canister_version}, or null */
    public record FromCanister(Principal canisterId, Long canisterVersion) implements Origin {
        public FromCanister {
            Objects.requireNonNull(canisterId);
        }
    }

    /** What changed: {@code change_details}. */
    public sealed interface Details {}

    /** @param environmentVariablesHash null when the canister was created without environment variables */
    public record Creation(List<Principal> controllers, byte[] environmentVariablesHash) implements Details {
        public Creation {
            controllers = List.copyOf(controllers);
        }
    }

    public record CodeUninstall() implements Details {}

    /** The kind of deployment: {@code variant { install; reinstall; upgrade }} (no upgrade options here). */
    public enum DeploymentMode {
        INSTALL,
        REINSTALL,
        UPGRADE
    }

    public record CodeDeployment(DeploymentMode mode, byte[] moduleHash) implements Details {
        public CodeDeployment {
            Objects.requireNonNull(mode);
            Objects.requireNonNull(moduleHash);
        }
    }

    /**
     * A snapshot was loaded ({@code source = taken_from_canister}: the engine has no snapshot uploads).
     *
     * @param canisterVersion  the canister's version when the snapshot was taken
     * @param takenAtTimestamp nanoseconds since the epoch
     */
    public record LoadSnapshot(long canisterVersion, byte[] snapshotId, long takenAtTimestamp) implements Details {
        public LoadSnapshot {
            Objects.requireNonNull(snapshotId);
        }
    }

    public record ControllersChange(List<Principal> controllers) implements Details {
        public ControllersChange {
            controllers = List.copyOf(controllers);
        }
    }
}
