package io.diode.maven.release;

import java.util.Optional;
import org.ic4j.types.Principal;

/**
 * Where one canister lives on the selected network: the id recorded in the canister-id file, else one given in
 * the plugin configuration ({@code <canisterIds>}).
 */
public final class CanisterIds {
    private CanisterIds() {}

    public static Optional<Principal> find(
            String canister,
            NetworkSettings network,
            CanisterIdFile idFile,
            java.util.Map<String, String> configuredIds)
            throws ReleaseException {
        Optional<Principal> recorded = idFile.find(canister, network.name());
        String configured = configuredIds == null ? null : configuredIds.get(canister);
        if (configured != null && !configured.isBlank()) {
            Principal given = CanisterIdFile.parsePrincipal(configured, "<canisterIds><" + canister + ">");
            if (recorded.isPresent() && !recorded.get().equals(given)) {
                throw new ReleaseException(
                        "Canister " + canister + " is " + recorded.get() + " on " + network.name() + " according to "
                                + idFile.path() + " but " + given + " in <canisterIds>. Remove one of them.");
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
    public static Principal require(
            String canister,
            NetworkSettings network,
            CanisterIdFile idFile,
            java.util.Map<String, String> configuredIds)
            throws ReleaseException {
        return find(canister, network, idFile, configuredIds)
                .orElseThrow(() -> new ReleaseException(
                        "Canister " + canister + " has no id on network " + network.name() + " in " + idFile.path()
                                + ". Deploy it first (diode:deploy) or record its id there or in <canisterIds>."));
    }

    /** Whether a rejection says the canister does not exist (the replica's IC0301 "Canister … not found", reject code 3). */
    public static boolean isNotFound(CanisterCallException rejected) {
        return rejected.rejectCode() == 3 && rejected.getMessage().contains("not found");
    }

    /**
     * The error for a recorded id the network does not know: a canister-id file left from an earlier network (a
     * restarted replica, a new PocketIC instance) or an id meant for another network.
     */
    public static ReleaseException staleId(
            String canister,
            Principal id,
            NetworkSettings network,
            CanisterIdFile idFile,
            java.util.Map<String, String> configuredIds,
            CanisterCallException rejected) {
        boolean configured = configuredIds != null
                && configuredIds.get(canister) != null
                && !configuredIds.get(canister).isBlank();
        String source = configured
                ? "<canisterIds><" + canister + "> in the POM"
                : idFile.path().toString();
        String fix = configured
                ? "Correct or remove <canisterIds><" + canister + ">."
                : "If the network was reset, delete the entry \"" + canister + "\" -> \"" + network.name() + "\" from "
                        + idFile.path() + " (or the whole file) and diode:deploy creates and records a new canister;"
                        + " otherwise correct the id there.";
        return new ReleaseException("Canister " + canister + " (" + id + ") does not exist on network " + network
                + ": the replica says \"" + rejected.getMessage() + "\". The id comes from " + source
                + ", so it is stale or belongs to another network. " + fix);
    }
}
