package io.diode.pocketic.embedded.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile JSON gets a 400 that says what is wrong, never a 500: documents nested too deep, numbers with a million
 * digits, cycle amounts above u128, times the engine cannot represent.
 */
class RestInputLimitsTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private ScriptedIcInstance engine;
    private PocketIcRestApi api;

    @BeforeEach
    void startApi() {
        api = new PocketIcRestApi(
                settings -> {
                    engine = new ScriptedIcInstance();
                    return engine;
                },
                64 << 20);
        assertThat(call("POST", "/instances", PocketIcRestApiTest.PICJS_CREATE).status())
                .isEqualTo(201);
    }

    @Test
    void deeplyNestedJsonIsA400() throws IOException {
        String nested = "[".repeat(100_000) + "]".repeat(100_000);

        RestResponse response = call("POST", "/instances/0/update/set_time", nested);

        assertThat(response.status()).isEqualTo(400);
        assertThat(message(response))
                .startsWith("malformed JSON in the request body")
                .contains("nesting depth");
    }

    @Test
    void aMillionDigitNumberIsA400() throws IOException {
        RestResponse response =
                call("POST", "/instances/0/update/set_time", "{\"nanos_since_epoch\":" + "9".repeat(1_000_000) + "}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(message(response))
                .startsWith("malformed JSON in the request body")
                .contains("Number value length");
    }

    @Test
    void cycleAmountsAboveU128AreA400() throws IOException {
        String canister = Base64.getEncoder().encodeToString(ScriptedIcInstance.CANISTER.getValue());
        RestResponse response = call(
                "POST",
                "/instances/0/update/add_cycles",
                "{\"canister_id\":\"" + canister + "\",\"amount\":340282366920938463463374607431768211456}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(message(response)).contains("amount").contains("340282366920938463463374607431768211455");
    }

    @Test
    void timesFromTwoToTheSixtyThirdNanosecondsAreA400() throws IOException {
        RestResponse atLimit =
                call("POST", "/instances/0/update/set_time", "{\"nanos_since_epoch\":9223372036854775808}");
        RestResponse maxU64 =
                call("POST", "/instances/0/update/set_time", "{\"nanos_since_epoch\":18446744073709551615}");
        RestResponse creating = call(
                "POST",
                "/instances",
                "{\"subnet_config_set\":{\"application\":[{\"state_config\":"
                        + "\"New\"}]},\"initial_time\":{\"Timestamp\":{\"nanos_since_epoch\":9223372036854775808}}}");

        for (RestResponse response : new RestResponse[] {atLimit, maxU64, creating}) {
            assertThat(response.status()).isEqualTo(400);
            assertThat(message(response)).contains("nanos_since_epoch").contains("9223372036854775807");
        }
    }

    private String message(RestResponse response) throws IOException {
        JsonNode body = mapper.readTree(response.body());
        JsonNode error = body.has("Error") ? body.get("Error") : body;
        return error.get("message").asText();
    }

    private RestResponse call(String method, String path, String body) {
        return api.handle(new RestRequest(method, path, Map.of(), body.getBytes(StandardCharsets.UTF_8)));
    }
}
