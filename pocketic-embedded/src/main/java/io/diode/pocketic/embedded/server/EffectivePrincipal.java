package io.diode.pocketic.embedded.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import org.ic4j.types.Principal;

/**
 * Where a call is routed, as PocketIC's {@code RawEffectivePrincipal}: {@code "None"},
 * {@code {"SubnetId": base64}} or {@code {"CanisterId": base64}}.
 */
sealed interface EffectivePrincipal {

    record None() implements EffectivePrincipal {}

    record Subnet(Principal id) implements EffectivePrincipal {}

    record Canister(Principal id) implements EffectivePrincipal {}

    static EffectivePrincipal parse(JsonNode node, String what) {
        if (node.isTextual() && node.textValue().equals("None")) {
            return new None();
        }
        if (node.isObject() && node.size() == 1) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            Map.Entry<String, JsonNode> field = fields.next();
            String fieldWhat = what + " (" + field.getKey() + ")";
            switch (field.getKey()) {
                case "SubnetId" -> {
                    return new Subnet(RequestObject.principalFrom(
                            RequestObject.decodeBase64(field.getValue(), fieldWhat), fieldWhat));
                }
                case "CanisterId" -> {
                    return new Canister(RequestObject.principalFrom(
                            RequestObject.decodeBase64(field.getValue(), fieldWhat), fieldWhat));
                }
                default -> {}
            }
        }
        throw RestApiException.badRequest(
                what + " must be \"None\", {\"SubnetId\": base64} or {\"CanisterId\": base64}, not "
                        + RequestObject.describe(node));
    }
}
