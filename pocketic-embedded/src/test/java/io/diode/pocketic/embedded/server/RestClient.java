package io.diode.pocketic.embedded.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.ic4j.candid.parser.IDLArgs;
import org.ic4j.candid.parser.IDLType;
import org.ic4j.candid.parser.IDLValue;
import org.ic4j.candid.types.Label;
import org.ic4j.candid.types.Type;
import org.ic4j.types.Principal;

/**
 * A minimal PocketIC REST client for this module's own tests and benchmark: raw requests plus the few
 * management calls needed to install a canister (Candid encoded with ic4j).
 */
final class RestClient {

    record Reply(int status, String body) {}

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();
    private final String baseUrl;

    RestClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    Reply send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .method(
                        method,
                        body.isEmpty()
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body());
    }

    JsonNode json(String method, String path, String body) throws IOException, InterruptedException {
        Reply reply = send(method, path, body);
        if (reply.status() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " answered " + reply.status() + ": " + reply.body());
        }
        return mapper.readTree(reply.body());
    }

    int createInstance() throws IOException, InterruptedException {
        return json("POST", "/instances", PocketIcRestApiTest.PICJS_CREATE)
                .get("Created")
                .get("instance_id")
                .asInt();
    }

    /** Creates a canister with cycles and installs {@code wasm} on it, through the management canister. */
    Principal installCanister(int instance, byte[] wasm) throws IOException, InterruptedException {
        return installCanister(instance, wasm, IDLArgs.create(List.of()).toBytes());
    }

    /** Creates a canister with cycles and installs {@code wasm} with the Candid init argument {@code initArg}. */
    Principal installCanister(int instance, byte[] wasm, byte[] initArg) throws IOException, InterruptedException {
        Map<Label, IDLType> createFields = new TreeMap<>();
        createFields.put(Label.createNamedLabel("amount"), IDLType.createType(Type.OPT, IDLType.createType(Type.NAT)));
        Map<Label, Object> create = new TreeMap<>();
        create.put(Label.createNamedLabel("amount"), Optional.of(new BigInteger("100000000000000000")));
        byte[] created = update(
                instance,
                Principal.fromString("aaaaa-aa"),
                "provisional_create_canister_with_cycles",
                IDLArgs.create(List.of(IDLValue.create(create, IDLType.createType(Type.RECORD, createFields))))
                        .toBytes());
        Map<?, ?> createdRecord =
                IDLArgs.fromBytes(created).getArgs().getFirst().getValue();
        Principal canisterId = (Principal) createdRecord.values().iterator().next();

        Map<Label, IDLType> modes = new TreeMap<>();
        modes.put(Label.createNamedLabel("install"), IDLType.createType(Type.NULL));
        modes.put(Label.createNamedLabel("reinstall"), IDLType.createType(Type.NULL));
        Map<Label, IDLType> installFields = new TreeMap<>();
        installFields.put(Label.createNamedLabel("arg"), IDLType.createType(Type.VEC, IDLType.createType(Type.NAT8)));
        installFields.put(
                Label.createNamedLabel("wasm_module"), IDLType.createType(Type.VEC, IDLType.createType(Type.NAT8)));
        installFields.put(Label.createNamedLabel("canister_id"), IDLType.createType(Type.PRINCIPAL));
        installFields.put(Label.createNamedLabel("mode"), IDLType.createType(Type.VARIANT, modes));
        Map<Label, Object> mode = new TreeMap<>();
        mode.put(Label.createNamedLabel("install"), null);
        Map<Label, Object> install = new TreeMap<>();
        install.put(Label.createNamedLabel("arg"), initArg);
        install.put(Label.createNamedLabel("wasm_module"), wasm);
        install.put(Label.createNamedLabel("canister_id"), canisterId);
        install.put(Label.createNamedLabel("mode"), mode);
        update(
                instance,
                Principal.fromString("aaaaa-aa"),
                "install_code",
                IDLArgs.create(List.of(IDLValue.create(install, IDLType.createType(Type.RECORD, installFields))))
                        .toBytes());
        return canisterId;
    }

    /** Submit then await, as agents do; returns the reply's Candid bytes or throws with the reject. */
    byte[] update(int instance, Principal canisterId, String method, byte[] argument)
            throws IOException, InterruptedException {
        JsonNode submitted = json(
                "POST",
                "/instances/" + instance + "/update/submit_ingress_message",
                callBody(canisterId, method, argument));
        if (submitted.has("Err")) {
            throw new IllegalStateException(method + " rejected: " + submitted.get("Err"));
        }
        JsonNode result = json(
                "POST",
                "/instances/" + instance + "/update/await_ingress_message",
                mapper.writeValueAsString(submitted.get("Ok")));
        return okBytes(method, result);
    }

    byte[] query(int instance, Principal canisterId, String method, byte[] argument)
            throws IOException, InterruptedException {
        return okBytes(
                method, json("POST", "/instances/" + instance + "/read/query", callBody(canisterId, method, argument)));
    }

    static String callBody(Principal canisterId, String method, byte[] argument) {
        return "{\"sender\":\"BA==\",\"canister_id\":\"" + Base64.getEncoder().encodeToString(canisterId.getValue())
                + "\",\"method\":\"" + method + "\",\"payload\":\""
                + Base64.getEncoder().encodeToString(argument)
                + "\",\"effective_principal\":\"None\"}";
    }

    private static byte[] okBytes(String method, JsonNode result) {
        if (!result.has("Ok")) {
            throw new IllegalStateException(method + " rejected: " + result.get("Err"));
        }
        return Base64.getDecoder().decode(result.get("Ok").asText());
    }
}
