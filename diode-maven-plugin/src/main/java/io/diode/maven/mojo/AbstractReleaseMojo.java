package io.diode.maven.mojo;

import io.diode.maven.build.BuildLog;
import io.diode.maven.build.CanisterManifest;
import io.diode.maven.build.ManifestEntry;
import io.diode.maven.release.CanisterIdFile;
import io.diode.maven.release.CanisterIds;
import io.diode.maven.release.Ic4jReplicaGateway;
import io.diode.maven.release.IdentityLoader;
import io.diode.maven.release.NetworkSettings;
import io.diode.maven.release.ReleaseException;
import io.diode.maven.release.ReplicaGateway;
import io.diode.maven.release.SigningIdentity;
import io.diode.maven.release.TextTable;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * What every release goal ({@code deploy}, {@code version-check}, {@code upgrade}, {@code status}) shares: the
 * network, the identity, the canister-id file and the manifest. The goals' work lives in plain classes of
 * {@code io.diode.maven.release}; this class maps parameters and turns {@link ReleaseException} into a build
 * failure with its message and no stack trace.
 */
abstract class AbstractReleaseMojo extends AbstractMojo {
    /** Maven's SLF4J provider reads a logger's level from this system property when the logger is created. */
    private static final String IC4J_LOG_LEVEL = "org.slf4j.simpleLogger.log.org.ic4j";

    /** The network to talk to: {@code local}, {@code ic} (mainnet) or one of {@code <networks>}. */
    @Parameter(property = "diode.network", defaultValue = "local")
    protected String network;

    /** Named networks; {@code local} (http://127.0.0.1:4943) and {@code ic} (https://icp-api.io) exist without it. */
    @Parameter
    protected List<Network> networks;

    /** Replaces the selected network's URL, for example the address of a test replica. */
    @Parameter(property = "diode.networkUrl")
    protected String networkUrl;

    /** PEM file of the identity that signs (Ed25519 or secp256k1, as {@code dfx identity export} writes); anonymous on local networks when absent. */
    @Parameter(property = "diode.identity")
    protected File identity;

    /** Canister ids per network, in dfx's {@code canister_ids.json} format; deploy adds the ids it creates. */
    @Parameter(property = "diode.canisterIdFile", defaultValue = "${project.basedir}/canister_ids.json")
    protected File canisterIdFile;

    /** Canister ids given in the POM ({@code <canisterIds><factory>rrkah-...</factory></canisterIds>}), for canisters created elsewhere. */
    @Parameter
    protected Map<String, String> canisterIds;

    /** The manifest {@code diode:build} wrote. */
    @Parameter(property = "diode.manifest", defaultValue = "${project.build.directory}/canisters/canisters.json")
    protected File manifest;

    /** Canister names (comma-separated) to act on; default: every canister in the manifest. */
    @Parameter(property = "diode.targets")
    protected List<String> targets;

    /** Turns off certificate and signature verification. Never against a network you do not control. */
    @Parameter(property = "diode.insecure", defaultValue = "false")
    protected boolean insecure;

    /** Check node signatures on query replies (certificates of update replies and read_state are always checked). */
    @Parameter(property = "diode.verifyQuerySignatures", defaultValue = "true")
    protected boolean verifyQuerySignatures;

    /**
     * Routes canister creation on a local network: a canister id in the replica's ranges. Default: the PocketIC
     * instance's {@code default_effective_canister_id}, else {@code aaaaa-aa}.
     */
    @Parameter(property = "diode.effectiveCanisterId")
    protected String effectiveCanisterId;

    /** Longest wait for one call, in seconds. */
    @Parameter(property = "diode.callTimeout", defaultValue = "300")
    protected int callTimeout;

    @Parameter(defaultValue = "${mojoExecution}", readonly = true)
    private MojoExecution mojoExecution;

    protected BuildLog log() {
        return new MavenBuildLog(getLog());
    }

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skipped()) {
            getLog().info(goal() + " skipped");
            return;
        }
        if (System.getProperty(IC4J_LOG_LEVEL) == null) {
            // ic4j-agent logs each failure with its stack trace at ERROR before throwing it; the goals report every
            // failure once, with what to do. -Dorg.slf4j.simpleLogger.log.org.ic4j=debug brings ic4j's log back.
            System.setProperty(IC4J_LOG_LEVEL, "off");
        }
        try {
            run();
        } catch (ReleaseException userError) {
            throw new MojoFailureException(userError.getMessage());
        } catch (RuntimeException | LinkageError | AssertionError unexpected) {
            throw new MojoExecutionException(goal() + " failed unexpectedly: " + unexpected, unexpected);
        } catch (Error agentError) {
            // ic4j reports its failures as java.lang.Error subclasses (AgentError, CandidError, PemError).
            if (agentError instanceof VirtualMachineError fatal) {
                throw fatal;
            }
            throw new MojoExecutionException(goal() + " failed: " + agentError.getMessage(), agentError);
        }
    }

    /** The goal as users type it ({@code diode:deploy}), for messages. */
    private String goal() {
        return mojoExecution.getMojoDescriptor().getFullGoalName();
    }

    protected abstract boolean skipped();

    protected abstract void run() throws ReleaseException, MojoFailureException;

    protected NetworkSettings selectedNetwork() throws ReleaseException {
        List<NetworkSettings> configured = new ArrayList<>();
        if (networks != null) {
            for (Network entry : networks) {
                if (entry.name == null || entry.name.isBlank()) {
                    throw new ReleaseException("A <network> in the plugin configuration has no <name>.");
                }
                configured.add(new NetworkSettings(
                        entry.name.trim(),
                        entry.url == null || entry.url.isBlank()
                                ? null
                                : NetworkSettings.parseUrl(entry.url.trim(), "<network> " + entry.name),
                        entry.local));
            }
        }
        return NetworkSettings.select(network, configured, networkUrl);
    }

    protected SigningIdentity loadIdentity(NetworkSettings selected) throws ReleaseException {
        return new IdentityLoader(log()).load(identity == null ? null : identity.toPath(), selected);
    }

    /** The canister ids known on {@code selected}: the canister-id file's and the POM's {@code <canisterIds>}. */
    protected CanisterIds canisterIds(NetworkSettings selected) {
        return new CanisterIds(selected, new CanisterIdFile(canisterIdFile.toPath()), canisterIds);
    }

    protected Path manifestPath() {
        return manifest.toPath();
    }

    protected ReplicaGateway connect(NetworkSettings selected, SigningIdentity signer) throws ReleaseException {
        getLog().info("Network " + selected + " as " + signer);
        java.util.Optional<org.ic4j.types.Principal> effective = java.util.Optional.empty();
        if (effectiveCanisterId != null && !effectiveCanisterId.isBlank()) {
            effective = java.util.Optional.of(CanisterIds.parse(effectiveCanisterId, "diode.effectiveCanisterId"));
        }
        return Ic4jReplicaGateway.connect(
                        selected, signer, Duration.ofSeconds(callTimeout), verifyQuerySignatures, insecure, log())
                .creationEffectiveCanisterId(effective);
    }

    /** The manifest entries named by {@code targets}, or all of them. */
    protected List<ManifestEntry> selectedEntries(CanisterManifest canisters) throws ReleaseException {
        if (targets == null || targets.isEmpty()) {
            return canisters.canisters();
        }
        List<ManifestEntry> selected = new ArrayList<>();
        for (String name : targets) {
            selected.add(entry(canisters, name.trim()));
        }
        return selected;
    }

    protected ManifestEntry entry(CanisterManifest canisters, String name) throws ReleaseException {
        return canisters.canisters().stream()
                .filter(candidate -> candidate.name().equals(name))
                .findFirst()
                .orElseThrow(() ->
                        new ReleaseException("Unknown canister '" + name + "': the manifest " + manifest + " lists "
                                + String.join(
                                        ", ",
                                        canisters.canisters().stream()
                                                .map(ManifestEntry::name)
                                                .toList()) + "."));
    }

    protected void print(TextTable table) {
        for (String line : table.lines()) {
            getLog().info(line);
        }
    }
}
