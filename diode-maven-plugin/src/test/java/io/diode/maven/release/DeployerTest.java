package io.diode.maven.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diode.ic.Sha256;
import io.diode.ic.management.ChunkedInstall;
import io.diode.maven.build.RecordingLog;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployerTest {
    private static final NetworkSettings LOCAL =
            new NetworkSettings("local", URI.create("http://127.0.0.1:4943"), true);
    private static final NetworkSettings MAINNET = new NetworkSettings("ic", URI.create("https://icp-api.io"), false);
    private static final byte[] INIT = {'D', 'I', 'D', 'L', 0, 1, 0x7d, 7};
    private static final byte[] UPGRADE = {'D', 'I', 'D', 'L', 0, 1, 0x7d, 9};

    @TempDir
    Path directory;

    private final FakeReplicaGateway gateway = new FakeReplicaGateway();
    private final RecordingLog log = new RecordingLog();

    private static ManifestModule module(String name, byte[] bytes, boolean eop) {
        return new ManifestModule(name, "1", bytes, Sha256.hex(bytes), eop);
    }

    private CanisterIdFile ids() {
        return new CanisterIdFile(directory.resolve("canister_ids.json"));
    }

    private Deployer deployer(NetworkSettings network) {
        return deployer(network, Map.of());
    }

    private Deployer deployer(NetworkSettings network, Map<String, String> configuredIds) {
        return new Deployer(gateway, new CanisterIds(network, ids(), configuredIds), log);
    }

    @Test
    void firstDeployCreatesRecordsAndInstallsThenARerunChangesNothing() throws ReleaseException {
        ManifestModule app = module("app", new byte[] {0, 'a', 's', 'm', 1}, false);
        Deployer deployer = deployer(LOCAL);

        DeployOutcome first = deployer.deploy(app, DeployMode.AUTO, INIT, UPGRADE, BigInteger.TEN);

        assertThat(first.created()).isTrue();
        assertThat(first.action()).isEqualTo("installed");
        assertThat(ids().find("app", "local")).contains(first.id());
        assertThat(gateway.journal).containsExactly("create 10", "install " + first.id() + " arg=4449444c00017d07");

        DeployOutcome second = deployer.deploy(app, DeployMode.AUTO, INIT, UPGRADE, BigInteger.TEN);

        assertThat(second.changed()).isFalse();
        assertThat(second.id()).isEqualTo(first.id());
        assertThat(gateway.journal).hasSize(2);
        assertThat(log.text()).contains("up to date");
    }

    @Test
    void changedModuleIsUpgradedWithTheUpgradeArgumentKeepingMainMemoryForEop() throws ReleaseException {
        Deployer deployer = deployer(LOCAL);
        Principal id = deployer.deploy(
                        module("app", new byte[] {1}, true), DeployMode.AUTO, INIT, UPGRADE, BigInteger.ONE)
                .id();

        DeployOutcome upgraded =
                deployer.deploy(module("app", new byte[] {2}, true), DeployMode.AUTO, INIT, UPGRADE, BigInteger.ONE);

        assertThat(upgraded.action()).isEqualTo("upgraded");
        assertThat(upgraded.previousHash()).contains(Sha256.hex(new byte[] {1}));
        assertThat(gateway.journal).last().isEqualTo("upgrade keep " + id + " arg=4449444c00017d09");
    }

    @Test
    void reinstallRunsEvenWhenTheHashIsEqual() throws ReleaseException {
        Deployer deployer = deployer(LOCAL);
        ManifestModule app = module("app", new byte[] {1}, true);
        deployer.deploy(app, DeployMode.AUTO, INIT, UPGRADE, BigInteger.ONE);

        assertThat(deployer.deploy(app, DeployMode.REINSTALL, INIT, UPGRADE, BigInteger.ONE)
                        .action())
                .isEqualTo("reinstalled");
        assertThat(gateway.journal).last().asString().startsWith("reinstall ");
    }

    @Test
    void modulesOverTheThresholdGoThroughTheChunkStore() throws ReleaseException {
        byte[] large = new byte[ChunkedInstall.MAX_INSTALL_CODE_BYTES + ChunkedInstall.CHUNK_BYTES + 5];
        new Random(7).nextBytes(large);
        DeployOutcome outcome =
                deployer(LOCAL).deploy(module("big", large, false), DeployMode.AUTO, INIT, UPGRADE, BigInteger.ONE);

        assertThat(outcome.chunked()).isTrue();
        assertThat(gateway.journal)
                .containsExactly(
                        "create 1",
                        "clear_chunk_store",
                        "upload_chunk 1048576",
                        "upload_chunk 1048576",
                        "upload_chunk " + (large.length - 2 * ChunkedInstall.CHUNK_BYTES),
                        "install_chunked_code install chunks=3",
                        "clear_chunk_store");
        assertThat(gateway.moduleHash(outcome.id())).contains(Sha256.hex(large));
    }

    @Test
    void theArgumentCountsTowardsTheOneMessageLimit() throws ReleaseException {
        byte[] module = new byte[ChunkedInstall.MAX_INSTALL_CODE_BYTES - 10];
        DeployOutcome outcome = deployer(LOCAL)
                .deploy(module("argued", module, false), DeployMode.AUTO, new byte[11], UPGRADE, BigInteger.ONE);

        assertThat(outcome.chunked()).isTrue();
    }

    @Test
    void mainnetNeedsAGivenIdAndRecordsIt() throws ReleaseException {
        Deployer deployer = deployer(MAINNET);
        ManifestModule app = module("app", new byte[] {1}, false);
        assertThatThrownBy(() -> deployer.deploy(app, DeployMode.AUTO, INIT, UPGRADE, BigInteger.ONE))
                .isInstanceOf(ReleaseException.class)
                .hasMessageContaining("Canister app has no id on network ic");
        assertThat(gateway.journal).isEmpty();

        Principal given = gateway.addCanister(Optional.empty());
        DeployOutcome outcome = deployer(MAINNET, Map.of("app", given.toString()))
                .deploy(app, DeployMode.AUTO, INIT, UPGRADE, BigInteger.ONE);

        assertThat(outcome.created()).isFalse();
        assertThat(outcome.id()).isEqualTo(given);
        assertThat(ids().find("app", "ic")).contains(given);
    }

    @Test
    void explicitModesRefuseWhatWouldLoseOrMissState() throws ReleaseException {
        Deployer deployer = deployer(LOCAL);
        ManifestModule app = module("app", new byte[] {1}, false);
        assertThatThrownBy(() -> deployer.deploy(app, DeployMode.UPGRADE, INIT, UPGRADE, BigInteger.ONE))
                .hasMessageContaining("has no code to upgrade");
        deployer.deploy(app, DeployMode.AUTO, INIT, UPGRADE, BigInteger.ONE);
        assertThatThrownBy(() -> deployer.deploy(
                        module("app", new byte[] {2}, false), DeployMode.INSTALL, INIT, UPGRADE, BigInteger.ONE))
                .hasMessageContaining("already has code")
                .hasMessageContaining("-Ddiode.mode=upgrade");
    }

    @Test
    void idInConfigurationThatContradictsTheFileIsAnError() throws ReleaseException {
        Principal recorded = gateway.addCanister(Optional.empty());
        ids().record("app", "local", recorded);
        assertThatThrownBy(() -> deployer(LOCAL, Map.of("app", "aaaaa-aa"))
                        .deploy(module("app", new byte[] {1}, false), DeployMode.AUTO, INIT, UPGRADE, BigInteger.ONE))
                .hasMessageContaining("Remove one of them");
    }
}
