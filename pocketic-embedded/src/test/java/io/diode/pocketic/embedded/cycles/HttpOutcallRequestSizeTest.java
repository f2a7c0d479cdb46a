package io.diode.pocketic.embedded.cycles;

import static org.assertj.core.api.Assertions.assertThat;

import io.diode.pocketic.embedded.api.HttpHeader;
import io.diode.pocketic.embedded.management.HttpMethod;
import io.diode.pocketic.embedded.management.HttpRequestArgs;
import io.diode.pocketic.embedded.management.HttpTransform;
import io.diode.pocketic.embedded.management.ManagementArgumentDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.Test;

class HttpOutcallRequestSizeTest {

    @Test
    void countsUrlTransformBodyAndHeadersOfADecodedRequest() throws IOException {
        byte[] candid;
        try (InputStream in = getClass().getResourceAsStream("/management/candid-fixtures/http_request_full.hex")) {
            candid = HexFormat.of().parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim());
        }
        HttpRequestArgs request = ManagementArgumentDecoder.httpRequest(candid);

        // url 30 + "transform" 9 + context 2 + body 2 + headers ("Content-Type" 12 + "application/json" 16
        // + "X-Zone" 6 + "é" 2 bytes of UTF-8)
        assertThat(HttpOutcallRequestSize.of(request)).isEqualTo(79);
        // (3M + 60K * 13) * 13 + (400 * 79 + 800 * 2,000) * 13
        assertThat(CyclesFeeModel.APPLICATION_SUBNET.httpOutcallCost(
                        HttpOutcallRequestSize.of(request), request.maxResponseBytes()))
                .isEqualTo(49_140_000L + (31_600L + 1_600_000L) * 13);
    }

    @Test
    void aBareGetIsJustItsUrl() {
        HttpRequestArgs request =
                new HttpRequestArgs("https://a.io/", null, HttpMethod.GET, List.of(), null, null, null, null);

        assertThat(HttpOutcallRequestSize.of(request)).isEqualTo(13);
    }

    @Test
    void transformWithoutBody() {
        HttpRequestArgs request = new HttpRequestArgs(
                "u",
                null,
                HttpMethod.HEAD,
                List.of(new HttpHeader("k", "vv")),
                null,
                new HttpTransform(Principal.fromString("aaaaa-aa"), "t", new byte[4]),
                null,
                null);

        assertThat(HttpOutcallRequestSize.of(request)).isEqualTo(1 + 1 + 4 + 1 + 2);
    }
}
