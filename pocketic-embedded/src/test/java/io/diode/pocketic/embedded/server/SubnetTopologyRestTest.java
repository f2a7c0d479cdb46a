package io.diode.pocketic.embedded.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The topology the REST API reports for an instance of several subnets, on the real engine (no canister code runs),
 * and canister creation on a chosen subnet through the effective principal.
 */
class SubnetTopologyRestTest {

    private static final String NEW = "{\"state_config\":\"New\",\"instruction_config\":\"Production\"}";
    private final ObjectMapper mapper = new ObjectMapper();
    private final PocketIcRestApi api = new PocketIcRestApi(EngineInstances.factory(), 1 << 20);

    @AfterEach
    void deleteInstances() {
        api.handle(new RestRequest("DELETE", "/instances/0", Map.of(), new byte[0]));
    }

    @Test
    void reportsEverySubnetWithItsKindRangesAndTheDefaultEffectiveCanisterId() throws IOException {
        JsonNode created = json(call(
                        "POST",
                        "/instances",
                        "{\"subnet_config_set\":{\"nns\":" + NEW + ",\"sns\":null,"
                                + "\"ii\":" + NEW + ",\"fiduciary\":" + NEW + ",\"bitcoin\":null,\"system\":[" + NEW
                                + "],"
                                + "\"application\":[" + NEW + "," + NEW + "],\"verified_application\":[]}}"))
                .get("Created");
        JsonNode topology = created.get("topology");
        assertThat(json(call("GET", "/instances/0/read/topology", ""))).isEqualTo(topology);

        JsonNode configs = topology.get("subnet_configs");
        List<String> kinds = new ArrayList<>();
        configs.forEach(config -> kinds.add(config.get("subnet_kind").asText()));
        assertThat(kinds).containsExactly("NNS", "II", "Fiduciary", "System", "Application", "Application");
        List<String> ids = new ArrayList<>();
        configs.fieldNames().forEachRemaining(ids::add);
        JsonNode nns = configs.get(ids.getFirst());
        assertThat(principal(nns.get("canister_ranges").get(0).get("start")))
                .hasToString("rwlgt-iiaaa-aaaaa-aaaaa-cai");
        assertThat(principal(nns.get("canister_ranges").get(1).get("end"))).hasToString("n5n4y-3aaaa-aaaaa-p777q-cai");
        assertThat(nns.get("size").asInt()).isEqualTo(40);
        JsonNode ii = configs.get(ids.get(1));
        assertThat(principal(ii.get("canister_ranges").get(0).get("start"))).hasToString("rdmx6-jaaaa-aaaaa-aaadq-cai");
        for (JsonNode config : configs) {
            assertThat(config.get("subnet_seed")).hasSize(32);
            assertThat(config.get("instruction_config").asText()).isEqualTo("Production");
        }
        // generated ranges go from the top of the id space down, one per subnet in PocketIC's order: the first
        // application subnet is the fifth subnet to get one (after NNS, II, fiduciary and system)
        JsonNode firstApplication = configs.get(ids.get(4));
        assertThat(firstApplication.get("canister_ranges")).hasSize(1);
        JsonNode start = firstApplication.get("canister_ranges").get(0).get("start");
        assertThat(topology.get("default_effective_canister_id")).isEqualTo(start);
        assertThat(principal(start).getValue()).startsWith(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xA0, 0, 0);

        // a subnet id as effective principal creates the canister on that subnet; get_subnet finds it there
        for (String subnetId : List.of(ids.getFirst(), ids.get(5))) {
            String canister = createOn(subnetId);
            JsonNode subnet =
                    json(call("POST", "/instances/0/read/get_subnet", "{\"canister_id\":\"" + canister + "\"}"));
            assertThat(Principal.from(
                            Base64.getDecoder().decode(subnet.get("subnet_id").asText())))
                    .hasToString(subnetId);
        }
        // each subnet has its own key; the first one's is the root key
        JsonNode nnsKey = json(call(
                "POST",
                "/instances/0/read/pub_key",
                "{\"subnet_id\":\"" + base64(Principal.fromString(ids.getFirst())) + "\"}"));
        JsonNode applicationKey = json(call(
                "POST",
                "/instances/0/read/pub_key",
                "{\"subnet_id\":\"" + base64(Principal.fromString(ids.get(5))) + "\"}"));
        assertThat(nnsKey).hasSize(133);
        assertThat(applicationKey).hasSize(133).isNotEqualTo(nnsKey);
    }

    @Test
    void anUnknownSubnetIdIsRefused() throws IOException {
        call("POST", "/instances", "{\"subnet_config_set\":{\"application\":[" + NEW + "]}}");
        RestResponse unknown = call(
                "POST",
                "/instances/0/read/pub_key",
                "{\"subnet_id\":\"" + base64(Principal.fromString("aaaaa-aa")) + "\"}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(json(unknown).get("message").asText())
                .contains("no subnet aaaaa-aa")
                .contains("read/topology");
    }

    /** provisional_create_canister_with_cycles with {"SubnetId": ...} as effective principal; the new id (base64). */
    private String createOn(String subnetId) throws IOException {
        // Candid of record { amount = null; settings = null; specified_id = null; sender_canister_version = null }
        byte[] argument = java.util.HexFormat.of().parseHex("4449444c016c000100");
        String body = "{\"sender\":\"" + base64(Principal.anonymous()) + "\",\"canister_id\":\""
                + base64(Principal.fromString("aaaaa-aa")) + "\",\"effective_principal\":{\"SubnetId\":\""
                + base64(Principal.fromString(subnetId)) + "\"},\"method\":\"provisional_create_canister_with_cycles\","
                + "\"payload\":\"" + Base64.getEncoder().encodeToString(argument) + "\"}";
        JsonNode result = json(call("POST", "/instances/0/update/execute_ingress_message", body));
        assertThat(result.has("Ok")).as("%s", result).isTrue();
        byte[] reply = Base64.getDecoder().decode(result.get("Ok").asText());
        // the reply is record { canister_id : principal }: its last 10 bytes are the id
        byte[] id = java.util.Arrays.copyOfRange(reply, reply.length - 10, reply.length);
        return Base64.getEncoder().encodeToString(id);
    }

    private RestResponse call(String method, String path, String body) {
        return api.handle(new RestRequest(method, path, Map.of(), body.getBytes(StandardCharsets.UTF_8)));
    }

    private JsonNode json(RestResponse response) throws IOException {
        return mapper.readTree(response.body());
    }

    private static Principal principal(JsonNode rawCanisterId) {
        return Principal.from(
                Base64.getDecoder().decode(rawCanisterId.get("canister_id").asText()));
    }

    private static String base64(Principal principal) {
        return Base64.getEncoder().encodeToString(principal.getValue());
    }
}
