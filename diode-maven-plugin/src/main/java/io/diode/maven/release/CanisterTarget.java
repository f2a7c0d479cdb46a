package io.diode.maven.release;

import java.util.Optional;
import org.ic4j.types.Principal;

/**
 * Where one canister lives on the selected network: the id recorded in the canister-id file, else one given in
 * the plugin configuration ({@code <canisterIds>}).
 */
public final class CanisterTarget {
    private CanisterTarget() {
    }

    public static Optional<Principal> find(String canister, NetworkSettings network, CanisterIdFile idFile,
                                           java.util.Map<String, String> configuredIds) throws ReleaseException {
        Optional<Principal> recorded = idFile.find(canister, network.name());
        String configured = configuredIds == null ? null : configuredIds.get(canister);
        if (configured != null && !configured.isBlank()) {
            Principal given = CanisterIdFile.parsePrincipal(configured, "<canisterIds><" + canister + ">");
            if (recorded.isPresent() && !recorded.get().equals(given)) {
                throw new ReleaseException("Canister " + canister + " is " + recorded.get() + " on " + network.name()
                        + " according to " + idFile.path() + " but " + given + " in <canisterIds>. Remove one of them.");
            }
            return Optional.of(given);
        }
        return recorded;
    }

    /** Parses a canister id given in the configuration; {@code where} names the parameter. */
    public static Principal parse(String text, String where) throws ReleaseException {
        return CanisterIdFile.parsePrincipal(text, where);
    }

    /** Like {@link #find} but the canister must be known. */
    public static Principal require(String canister, NetworkSettings network, CanisterIdFile idFile,
                                    java.util.Map<String, String> configuredIds) throws ReleaseException {
        return find(canister, network, idFile, configuredIds).orElseThrow(() -> new ReleaseException(
                "Canister " + canister + " has no id on network " + network.name() + " in " + idFile.path()
                        + ". Deploy it first (diode:deploy) or record its id there or in <canisterIds>."));
    }
}
