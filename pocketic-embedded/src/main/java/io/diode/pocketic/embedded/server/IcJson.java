package io.diode.pocketic.embedded.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.diode.pocketic.embedded.api.CallResult;
import io.diode.pocketic.embedded.api.RejectCode;
import java.util.Base64;
import org.ic4j.types.Principal;

/**
 * The PocketIC REST API's JSON encodings of IC values: principals and blobs as base64, call results as
 * {@code {"Ok": base64}} or {@code {"Err": reject response}}, effective principals as serde enums.
 */
final class IcJson {

    private IcJson() {}

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    static String base64(Principal principal) {
        return base64(principal.getValue());
    }

    /** The PocketIC names of reject codes: the Rust enum variants. */
    static String rejectCodeName(RejectCode code) {
        return switch (code) {
            case SYS_FATAL -> "SysFatal";
            case SYS_TRANSIENT -> "SysTransient";
            case DESTINATION_INVALID -> "DestinationInvalid";
            case CANISTER_REJECT -> "CanisterReject";
            case CANISTER_ERROR -> "CanisterError";
            case SYS_UNKNOWN -> "SysUnknown";
        };
    }

    /** @param certified whether the result went through consensus: true for updates, false for queries */
    static ObjectNode rejectResponse(CallResult.Reject reject, boolean certified) {
        return JsonCodec.object()
                .put("reject_code", rejectCodeName(reject.code()))
                .put("reject_message", reject.message())
                .put("error_code", ErrorCodeName.of(reject.errorCode()))
                .put("certified", certified);
    }

    static ObjectNode canisterResult(CallResult result, boolean certified) {
        return switch (result) {
            case CallResult.Reply reply -> JsonCodec.object().put("Ok", base64(reply.data()));
            case CallResult.Reject reject -> {
                ObjectNode node = JsonCodec.object();
                node.set("Err", rejectResponse(reject, certified));
                yield node;
            }
        };
    }

    static JsonNode effectivePrincipal(EffectivePrincipal principal) {
        return switch (principal) {
            case EffectivePrincipal.None none -> com.fasterxml.jackson.databind.node.TextNode.valueOf("None");
            case EffectivePrincipal.Subnet subnet -> JsonCodec.object().put("SubnetId", base64(subnet.id()));
            case EffectivePrincipal.Canister canister -> JsonCodec.object().put("CanisterId", base64(canister.id()));
        };
    }

    static ObjectNode rawCanisterId(Principal principal) {
        return JsonCodec.object().put("canister_id", base64(principal));
    }
}
