package io.diode.maven.release;

import java.util.Map;
import java.util.Optional;
import org.ic4j.types.Principal;

/**
 * The canister ids a release goal knows on the selected network: the ones recorded in the canister-id file, and the
 * ones given in the plugin configuration ({@code <canisterIds>}) for canisters created elsewhere.
 */
public final class CanisterIds {
    private final NetworkSettings network;
    private final CanisterIdFile file;
    private final Map<String, String> configured;

    /** @param configured the POM's {@code <canisterIds>}: canister name to id; null when it has none */
    public CanisterIds(NetworkSettings network, CanisterIdFile file, Map<String, String> configured) {
        this.network = network;
        this.file = file;
        this.configured = configured == null ? Map.of() : configured;
    }

    public NetworkSettings network() {
        return network;
    }

    public CanisterIdFile file() {
        return file;
    }

    public Optional<Principal> find(String canister) throws ReleaseException {
        Optional<Principal> recorded = file.find(canister, network.name());
        if (isConfigured(canister)) {
            Principal given =
                    CanisterIdFile.parsePrincipal(configured.get(canister), "<canisterIds><" + canister + ">");
            if (recorded.isPresent() && !recorded.get().equals(given)) {
                throw new ReleaseException("Canister " + canister + " is " + recorded.get() + " on " + network.name()
                        + " according to " + file.path() + " but " + given + " in <canisterIds>. Remove one of them.");
            }
            return Optional.of(given);
        }
        return recorded;
    }

    /** Like {@link #find} but the canister must be known. */
    public Principal require(String canister) throws ReleaseException {
        return find(canister)
                .orElseThrow(() -> new ReleaseException(
                        "Canister " + canister + " has no id on network " + network.name() + " in " + file.path()
                                + ". Deploy it first (diode:deploy) or record its id there or in <canisterIds>."));
    }

    /** Records the id of a canister created on this network in the canister-id file. */
    public void record(String canister, Principal id) throws ReleaseException {
        file.record(canister, network.name(), id);
    }

    /** Parses a canister id given in the configuration; {@code where} names the parameter. */
    public static Principal parse(String text, String where) throws ReleaseException {
        return CanisterIdFile.parsePrincipal(text, where);
    }

    /** Whether a rejection says the canister does not exist (the replica's IC0301 "Canister … not found", reject code 3). */
    public static boolean isNotFound(CanisterCallException rejected) {
        return rejected.rejectCode() == 3 && rejected.getMessage().contains("not found");
    }

    /**
     * The error for a known id the network does not know: a canister-id file left from an earlier network (a
     * restarted replica, a new PocketIC instance) or an id meant for another network.
     */
    public ReleaseException staleId(String canister, Principal id, CanisterCallException rejected) {
        boolean fromPom = isConfigured(canister);
        String source = fromPom
                ? "<canisterIds><" + canister + "> in the POM"
                : file.path().toString();
        String fix = fromPom
                ? "Correct or remove <canisterIds><" + canister + ">."
                : "If the network was reset, delete the entry \"" + canister + "\" -> \"" + network.name() + "\" from "
                        + file.path() + " (or the whole file) and diode:deploy creates and records a new canister;"
                        + " otherwise correct the id there.";
        return new ReleaseException("Canister " + canister + " (" + id + ") does not exist on network " + network
                + ": the replica says \"" + rejected.getMessage() + "\". The id comes from " + source
                + ", so it is stale or belongs to another network. " + fix);
    }

    private boolean isConfigured(String canister) {
        String given = configured.get(canister);
        return given != null && !given.isBlank();
    }
}
