package io.diode.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.diode.pocketic.client.CandidArguments;
import io.diode.pocketic.client.PocketIc;
import io.diode.pocketic.junit.PocketIcTest;
import java.math.BigInteger;
import org.ic4j.types.Principal;
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
        Principal factory = pic.createCanister();
        pic.installCode(factory, manifest.wasm("factory"), CandidArguments.encode());

        BigInteger factoryVersion = pic.queryCall(factory, Principal.anonymous(), "get_version", BigInteger.class);
        BigInteger zoneCodeVersion = pic.queryCall(factory, Principal.anonymous(), "get_zone_code_version",
                BigInteger.class);

        assertThat(factoryVersion).isEqualTo(new BigInteger(manifest.version("factory")));
        assertThat(zoneCodeVersion).isEqualTo(new BigInteger(manifest.version("zone")));
    }
}
