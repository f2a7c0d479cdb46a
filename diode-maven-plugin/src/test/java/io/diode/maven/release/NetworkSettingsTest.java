package io.diode.maven.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkSettingsTest {

    @Test
    void builtInNetworksNeedNoConfiguration() throws ReleaseException {
        assertThat(NetworkSettings.select(null, List.of(), null))
                .isEqualTo(new NetworkSettings("local", URI.create("http://127.0.0.1:4943"), true));
        assertThat(NetworkSettings.select("ic", List.of(), null))
                .isEqualTo(new NetworkSettings("ic", URI.create("https://icp-api.io"), false));
    }

    @Test
    void configuredNetworkWinsAndTheUrlOverrideReplacesItsUrl() throws ReleaseException {
        NetworkSettings staging = new NetworkSettings("staging", URI.create("http://10.0.0.5:4943"), true);
        assertThat(NetworkSettings.select("staging", List.of(staging), null)).isEqualTo(staging);
        assertThat(NetworkSettings.select("staging", List.of(staging), "http://127.0.0.1:9999/instances/0"))
                .isEqualTo(new NetworkSettings("staging", URI.create("http://127.0.0.1:9999/instances/0"), true));
    }

    @Test
    void unknownNetworkListsTheKnownOnes() {
        NetworkSettings staging = new NetworkSettings("staging", URI.create("http://10.0.0.5:4943"), true);
        assertThatThrownBy(() -> NetworkSettings.select("prod", List.of(staging), null))
                .isInstanceOf(ReleaseException.class)
                .hasMessageContaining("Unknown network 'prod'")
                .hasMessageContaining("staging, local, ic");
    }

    @Test
    void urlsMustBeHttpWithAHost() {
        assertThatThrownBy(() -> NetworkSettings.parseUrl("ftp://example.org", "diode.networkUrl"))
                .hasMessageContaining("must be an http:// or https:// address");
        assertThatThrownBy(() -> NetworkSettings.select("local", List.of(), "not a url"))
                .isInstanceOf(ReleaseException.class)
                .hasMessageContaining("diode.networkUrl");
    }
}
