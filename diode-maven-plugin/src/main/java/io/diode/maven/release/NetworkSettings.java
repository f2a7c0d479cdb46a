package io.diode.maven.release;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One IC network the goals talk to. A local network (a replica, PocketIC or the embedded engine on this machine)
 * publishes its own root key, which the agent fetches at start-up; anonymous callers and provisional canister
 * creation are allowed there only. Mainnet ({@code ic}) certificates are checked against the IC root key built
 * into ic4j-agent.
 *
 * @param name  the name used in {@code -Ddiode.network} and as the key in the canister-id file
 * @param url   the replica or boundary-node URL (the IC HTTP interface lives under {@code <url>/api/v2})
 * @param local whether this is a local development network
 */
public record NetworkSettings(String name, URI url, boolean local) {
    public static final String LOCAL = "local";
    public static final String MAINNET = "ic";
    /** The replica address {@code dfx start} listens on. */
    public static final URI DEFAULT_LOCAL_URL = URI.create("http://127.0.0.1:4943");
    /** The IC's boundary nodes. */
    public static final URI DEFAULT_MAINNET_URL = URI.create("https://icp-api.io");

    public NetworkSettings {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a network needs a name");
        }
    }

    /**
     * The network named {@code selected}: from {@code configured} when listed there, else the built-in
     * {@code local} or {@code ic}; {@code urlOverride} (from {@code -Ddiode.networkUrl}) replaces its URL.
     */
    public static NetworkSettings select(String selected, List<NetworkSettings> configured, String urlOverride)
            throws ReleaseException {
        String name = selected == null || selected.isBlank() ? LOCAL : selected.trim();
        Optional<NetworkSettings> found = configured.stream()
                .filter(network -> network.name().equals(name))
                .findFirst();
        NetworkSettings network;
        if (found.isPresent()) {
            network = found.get();
        } else if (name.equals(LOCAL)) {
            network = new NetworkSettings(LOCAL, DEFAULT_LOCAL_URL, true);
        } else if (name.equals(MAINNET)) {
            network = new NetworkSettings(MAINNET, DEFAULT_MAINNET_URL, false);
        } else {
            List<String> known = new java.util.ArrayList<>(
                    configured.stream().map(NetworkSettings::name).toList());
            for (String builtIn : List.of(LOCAL, MAINNET)) {
                if (!known.contains(builtIn)) {
                    known.add(builtIn);
                }
            }
            throw new ReleaseException("Unknown network '" + name + "'. Known networks: " + String.join(", ", known)
                    + ". Add it to the plugin's <networks> or choose one with -Ddiode.network=<name>.");
        }
        if (urlOverride != null && !urlOverride.isBlank()) {
            network = new NetworkSettings(
                    network.name(), parseUrl(urlOverride.trim(), "diode.networkUrl"), network.local());
        }
        if (network.url() == null) {
            throw new ReleaseException(
                    "Network '" + name + "' has no <url>; set one in <networks> or with -Ddiode.networkUrl.");
        }
        return network;
    }

    /** Parses a network URL from configuration; only http and https are accepted. */
    public static URI parseUrl(String text, String where) throws ReleaseException {
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException malformed) {
            throw new ReleaseException(
                    "The URL '" + text + "' in " + where + " is malformed: " + malformed.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new ReleaseException("The URL '" + text + "' in " + where
                    + " must be an http:// or https:// address with a host, for example http://127.0.0.1:4943.");
        }
        return uri;
    }

    @Override
    public String toString() {
        return name + " (" + url + (local ? ", local" : "") + ")";
    }
}
