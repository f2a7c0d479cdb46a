package io.diode.maven.mojo;

import io.diode.maven.build.CanisterManifest;
import io.diode.maven.build.ManifestEntry;
import io.diode.maven.release.CandidTextArgument;
import io.diode.maven.release.DeployMode;
import io.diode.maven.release.DeployOutcome;
import io.diode.maven.release.Deployer;
import io.diode.maven.release.ManifestModule;
import io.diode.maven.release.NetworkSettings;
import io.diode.maven.release.ReleaseException;
import io.diode.maven.release.ReplicaGateway;
import io.diode.maven.release.SigningIdentity;
import io.diode.maven.release.TextTable;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code diode:deploy}: creates (local networks) and installs or upgrades the manifest's canisters; a canister
 * whose deployed module already equals the manifest's is left alone. Work: {@link Deployer}.
 */
@Mojo(name = "deploy", threadSafe = true)
public class DeployMojo extends AbstractReleaseMojo {

    /** {@code auto} (install when empty, else upgrade), {@code install}, {@code upgrade} or {@code reinstall}. */
    @Parameter(property = "diode.mode", defaultValue = "auto")
    private String mode;

    /** Init arguments per canister, in Candid text ({@code <factory>(record { a = 1 : nat })</factory>}) or {@code hex:4449444c...}. */
    @Parameter
    private Map<String, String> initArguments;

    /** Upgrade arguments per canister, as {@code initArguments}. */
    @Parameter
    private Map<String, String> upgradeArguments;

    /** Init argument for the only selected canister (command line); overrides {@code initArguments}. */
    @Parameter(property = "diode.initArgument")
    private String initArgument;

    /** Upgrade argument for the only selected canister (command line); overrides {@code upgradeArguments}. */
    @Parameter(property = "diode.upgradeArgument")
    private String upgradeArgument;

    /** Cycles for a canister created on a local network. */
    @Parameter(property = "diode.cycles", defaultValue = "100000000000000")
    private String cycles;

    /** Skip the goal. */
    @Parameter(property = "diode.deploy.skip", defaultValue = "false")
    private boolean skip;

    @Override
    protected boolean skipped() {
        return skip;
    }

    @Override
    protected void run() throws ReleaseException {
        DeployMode deployMode = parseMode();
        BigInteger cycleAmount = parseCycles();
        CanisterManifest canisters = ManifestModule.readManifest(manifestPath());
        List<ManifestEntry> entries = selectedEntries(canisters);
        if ((initArgument != null || upgradeArgument != null) && entries.size() != 1) {
            throw new ReleaseException(
                    "-Ddiode.initArgument and -Ddiode.upgradeArgument apply to one canister; select it with"
                            + " -Ddiode.targets=<name> or use <initArguments>/<upgradeArguments>.");
        }
        List<ManifestModule> modules = new ArrayList<>();
        List<byte[][]> arguments = new ArrayList<>();
        for (ManifestEntry entry : entries) {
            modules.add(ManifestModule.load(manifestPath(), entry));
            // Encoded before any network call, so a typo fails the build before anything changes.
            String init = initArgument != null
                    ? initArgument
                    : initArguments == null ? null : initArguments.get(entry.name());
            String upgrade = upgradeArgument != null
                    ? upgradeArgument
                    : upgradeArguments == null ? null : upgradeArguments.get(entry.name());
            arguments.add(new byte[][] {
                CandidTextArgument.encode(init, "the init argument of " + entry.name()),
                CandidTextArgument.encode(upgrade, "the upgrade argument of " + entry.name())
            });
        }
        NetworkSettings selected = selectedNetwork();
        SigningIdentity signer = loadIdentity(selected);
        List<DeployOutcome> outcomes = new ArrayList<>();
        try (ReplicaGateway gateway = connect(selected, signer)) {
            Deployer deployer = new Deployer(gateway, canisterIds(selected), log());
            for (int index = 0; index < modules.size(); index++) {
                outcomes.add(deployer.deploy(
                        modules.get(index),
                        deployMode,
                        arguments.get(index)[0],
                        arguments.get(index)[1],
                        cycleAmount));
            }
        }
        TextTable table = new TextTable("canister", "id", "action", "module hash");
        for (DeployOutcome outcome : outcomes) {
            table.row(
                    outcome.canister(),
                    outcome.id().toString(),
                    (outcome.created() ? "created, " : "") + outcome.action(),
                    outcome.moduleHash());
        }
        print(table);
        long changed = outcomes.stream().filter(DeployOutcome::changed).count();
        getLog().info(
                        changed == 0
                                ? "Nothing to deploy: every canister is up to date."
                                : "Deployed " + changed + " of " + outcomes.size() + " canister(s) to "
                                        + selected.name() + ".");
    }

    private DeployMode parseMode() throws ReleaseException {
        try {
            return DeployMode.valueOf(mode.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw new ReleaseException("diode.mode is '" + mode + "'; use auto, install, upgrade or reinstall.");
        }
    }

    private BigInteger parseCycles() throws ReleaseException {
        try {
            BigInteger amount = new BigInteger(cycles.trim().replace("_", ""));
            if (amount.signum() < 0) {
                throw new NumberFormatException("negative");
            }
            return amount;
        } catch (NumberFormatException malformed) {
            throw new ReleaseException(
                    "diode.cycles is '" + cycles + "'; give a whole number of cycles such as 100000000000000.");
        }
    }
}
