package io.diode.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.diode.canisters.FactoryActor;
import io.diode.pocketic.client.PocketIc;
import io.diode.pocketic.junit.PocketIcTest;
import java.math.BigInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 6, version check: the versions recorded in the build manifest are the ones the installed canisters report,
 * so a deployment tool comparing manifest against {@code get_version} sees no false drift.
 */
@PocketIcTest
class VersionCheckIT {

    private static CanisterManifestFile manifest;

    @BeforeAll
    static void readManifest() {
        manifest = CanisterManifestFile.readBuildOutput();
    }

    @Test
    void installedFactoryReportsTheManifestVersionsOfItselfAndOfTheZoneCodeItEmbeds(PocketIc pic) {
        FactoryActor factory =
                pic.setupCanister(manifest.wasm("factory"), FactoryActor.class).actor();

        assertThat(factory.getVersion()).isEqualTo(new BigInteger(manifest.version("factory")));
        assertThat(factory.getZoneCodeVersion()).isEqualTo(new BigInteger(manifest.version("zone")));
    }
}
