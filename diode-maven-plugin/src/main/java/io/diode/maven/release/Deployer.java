package io.diode.maven.release;

import io.diode.ic.Sha256;
import io.diode.ic.management.ChunkedInstall;
import io.diode.maven.build.BuildLog;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.ic4j.types.Principal;

/**
 * {@code deploy} for one canister: find or create it, then install, upgrade or reinstall the manifest's module,
 * unless the certified module hash on the network already equals the manifest's (a re-run changes nothing).
 * A module that does not fit one ingress message with its argument goes through the canister's chunk store
 * ({@link ChunkedInstall}, the toolkit's one policy).
 */
public final class Deployer {
    private final ReplicaGateway gateway;
    private final CanisterIds ids;
    private final NetworkSettings network;
    private final BuildLog log;

    /** @param ids the selected network's known canister ids, where created canisters are recorded */
    public Deployer(ReplicaGateway gateway, CanisterIds ids, BuildLog log) {
        this.gateway = gateway;
        this.ids = ids;
        this.network = ids.network();
        this.log = log;
    }

    /** @param cycles cycles for a canister created on a local network */
    public DeployOutcome deploy(
            ManifestModule module, DeployMode mode, byte[] initArgument, byte[] upgradeArgument, BigInteger cycles)
            throws ReleaseException {
        String name = module.name();
        Optional<Principal> known = ids.find(name);
        boolean created = false;
        Principal id;
        if (known.isPresent()) {
            id = known.get();
            ids.record(name, id);
        } else if (network.local()) {
            log.info("Canister " + name + ": creating it on " + network.name() + " with " + cycles + " cycles");
            id = gateway.provisionalCreateCanister(cycles);
            // Recorded before installing, so that a failed install is retried on the same canister.
            ids.record(name, id);
            created = true;
            log.info("Canister " + name + ": created " + id + " (recorded in "
                    + ids.file().path() + ")");
        } else {
            throw new ReleaseException("Canister " + name + " has no id on network " + network.name() + ". Create it"
                    + " first (for example with `dfx canister create " + name + " --network " + network.name()
                    + "` or through the Factory) and record the id in "
                    + ids.file().path() + " or in <canisterIds>.");
        }
        Optional<String> deployedHash = gateway.moduleHash(id);
        InstallMode installMode = installMode(name, mode, deployedHash);
        if (deployedHash.isPresent()
                && deployedHash.get().equalsIgnoreCase(module.moduleHash())
                && mode != DeployMode.REINSTALL) {
            log.info("Canister " + name + " (" + id + "): up to date, module " + shortHash(module.moduleHash()));
            return new DeployOutcome(name, id, "up to date", created, deployedHash, module.moduleHash(), false);
        }
        byte[] argument = installMode == InstallMode.UPGRADE ? upgradeArgument : initArgument;
        boolean keep = installMode == InstallMode.UPGRADE && module.enhancedOrthogonalPersistence();
        boolean chunked = ChunkedInstall.needsChunks(module.bytes(), argument);
        log.info("Canister " + name + " (" + id + "): " + installMode.candidName() + " module "
                + shortHash(module.moduleHash())
                + (deployedHash.map(hash -> " over " + shortHash(hash)).orElse(""))
                + " (" + module.bytes().length + " bytes" + (chunked ? ", in chunks" : "") + ")");
        try {
            if (chunked) {
                installInChunks(id, installMode, module, argument, keep);
            } else {
                gateway.installCode(id, installMode, module.bytes(), argument, keep);
            }
        } catch (CanisterCallException rejected) {
            if (!created && CanisterIds.isNotFound(rejected)) {
                throw ids.staleId(name, id, rejected);
            }
            throw rejected;
        }
        Optional<String> installed = gateway.moduleHash(id);
        if (installed.isEmpty() || !installed.get().equalsIgnoreCase(module.moduleHash())) {
            throw new ReleaseException(
                    "Canister " + name + " (" + id + ") reports module hash " + installed.orElse("(none)") + " after "
                            + installMode.candidName() + ", expected " + module.moduleHash() + ".");
        }
        String action = switch (installMode) {
            case INSTALL -> "installed";
            case UPGRADE -> "upgraded";
            case REINSTALL -> "reinstalled";
        };
        log.info("Canister " + name + " (" + id + "): " + action);
        return new DeployOutcome(name, id, action, created, deployedHash, module.moduleHash(), chunked);
    }

    private InstallMode installMode(String name, DeployMode mode, Optional<String> deployedHash)
            throws ReleaseException {
        return switch (mode) {
            case AUTO -> deployedHash.isPresent() ? InstallMode.UPGRADE : InstallMode.INSTALL;
            case REINSTALL -> InstallMode.REINSTALL;
            case UPGRADE -> {
                if (deployedHash.isEmpty()) {
                    throw new ReleaseException("Canister " + name + " has no code to upgrade on " + network.name()
                            + "; deploy with -Ddiode.mode=install or auto.");
                }
                yield InstallMode.UPGRADE;
            }
            case INSTALL -> {
                if (deployedHash.isPresent()) {
                    throw new ReleaseException("Canister " + name + " already has code on " + network.name()
                            + "; use -Ddiode.mode=upgrade (keeps state) or reinstall (wipes state).");
                }
                yield InstallMode.INSTALL;
            }
        };
    }

    private void installInChunks(Principal id, InstallMode mode, ManifestModule module, byte[] argument, boolean keep)
            throws ReleaseException {
        byte[] bytes = module.bytes();
        gateway.clearChunkStore(id);
        List<byte[]> hashes = new ArrayList<>();
        List<byte[]> pieces = ChunkedInstall.chunks(bytes);
        int chunks = pieces.size();
        for (int index = 0; index < chunks; index++) {
            byte[] chunk = pieces.get(index);
            byte[] hash = gateway.uploadChunk(id, chunk);
            if (!Arrays.equals(hash, Sha256.of(chunk))) {
                throw new ReleaseException("Canister " + module.name()
                        + ": the chunk store returned a wrong hash for chunk " + (index + 1) + " of " + chunks + ".");
            }
            hashes.add(hash);
            log.info("Canister " + module.name() + ": uploaded chunk " + (index + 1) + "/" + chunks);
        }
        gateway.installChunkedCode(id, mode, hashes, module.sha256Bytes(), argument, keep);
        gateway.clearChunkStore(id);
    }

    static String shortHash(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) : hash;
    }
}
