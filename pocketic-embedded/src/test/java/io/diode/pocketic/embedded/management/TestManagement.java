package io.diode.pocketic.embedded.management;

import io.diode.candid.VariantValue;
import io.diode.ic.management.ManagementCandidTypes;
import io.diode.pocketic.embedded.api.CallResult;
import io.diode.pocketic.embedded.api.IcInstance;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.ic4j.types.Principal;

/** Management-canister calls as a user submits them: ingress messages through the instance's public API. */
public final class TestManagement {

    private TestManagement() {}

    public static CallResult createCanister(IcInstance ic, Principal controller, BigInteger cycles) {
        Map<String, Object> args = new HashMap<>();
        args.put("amount", Optional.of(cycles));
        args.put("settings", Optional.empty());
        args.put("specified_id", Optional.empty());
        args.put("sender_canister_version", Optional.empty());
        CallResult result = ic.awaitIngress(ic.submitIngress(
                controller,
                IcInstance.MANAGEMENT_CANISTER,
                "provisional_create_canister_with_cycles",
                TestCandid.encode(ManagementCandidTypes.PROVISIONAL_CREATE_CANISTER_WITH_CYCLES_ARGS, args),
                IcInstance.MANAGEMENT_CANISTER));
        return result;
    }

    public static CallResult installCode(
            IcInstance ic, Principal sender, Principal canister, VariantValue modeValue, byte[] wasm, byte[] arg) {
        Map<String, Object> args = new HashMap<>();
        args.put("mode", modeValue);
        args.put("canister_id", canister);
        args.put("wasm_module", wasm);
        args.put("arg", arg);
        args.put("sender_canister_version", Optional.empty());
        return ic.awaitIngress(ic.submitIngress(
                sender,
                IcInstance.MANAGEMENT_CANISTER,
                "install_code",
                TestCandid.encode(ManagementCandidTypes.INSTALL_CODE_ARGS, args),
                canister));
    }

    public static CallResult management(IcInstance ic, Principal sender, String method, Principal canister) {
        return ic.awaitIngress(ic.submitIngress(
                sender,
                IcInstance.MANAGEMENT_CANISTER,
                method,
                TestCandid.encode(ManagementCandidTypes.CANISTER_ID_RECORD, Map.of("canister_id", canister)),
                canister));
    }
}
