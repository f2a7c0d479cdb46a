package io.diode.pocketic.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Base64;
import java.util.Objects;
import org.ic4j.types.Principal;

/**
 * Where the IC routes a call: a canister id (calls to {@code aaaaa-aa} about a canister), a subnet (creating a
 * canister on a chosen subnet), or none (the server picks).
 */
public sealed interface EffectivePrincipal {

    EffectivePrincipal NONE = new None();

    static EffectivePrincipal canister(Principal canisterId) {
        return new Canister(canisterId);
    }

    static EffectivePrincipal subnet(Principal subnetId) {
        return new Subnet(subnetId);
    }

    /** The serde encoding PocketIC uses: {@code "None"}, {@code {"CanisterId": b64}}, {@code {"SubnetId": b64}}. */
    JsonNode toJson();

    record None() implements EffectivePrincipal {
        @Override
        public JsonNode toJson() {
            return TextNode.valueOf("None");
        }
    }

    record Canister(Principal id) implements EffectivePrincipal {
        public Canister {
            Objects.requireNonNull(id, "id");
        }

        @Override
        public JsonNode toJson() {
            return JsonNodeFactory.instance
                    .objectNode()
                    .put("CanisterId", Base64.getEncoder().encodeToString(id.getValue()));
        }
    }

    record Subnet(Principal id) implements EffectivePrincipal {
        public Subnet {
            Objects.requireNonNull(id, "id");
        }

        @Override
        public JsonNode toJson() {
            return JsonNodeFactory.instance
                    .objectNode()
                    .put("SubnetId", Base64.getEncoder().encodeToString(id.getValue()));
        }
    }
}
