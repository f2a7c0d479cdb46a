package io.diode.pocketic.embedded.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.diode.candid.IdlType;
import io.diode.candid.VariantValue;
import io.diode.pocketic.embedded.api.CallResult;
import io.diode.pocketic.embedded.api.IcInstance;
import io.diode.pocketic.embedded.management.TestCandid;
import io.diode.pocketic.embedded.management.TestManagement;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.ic4j.candid.parser.IDLArgs;
import org.ic4j.candid.parser.IDLValue;
import org.ic4j.types.Principal;

/** Test helpers: management-canister calls and Candid encoding through the instance's public API. */
final class TestIc {

    static final Principal USER = Principal.fromString("2vxsx-fae"); // anonymous is enough for most tests
    static final Principal ALICE = Principal.from(new byte[] {(byte) 0xA1, 0x1C, 0x0E, 0x01});
    static final Principal MALLORY = Principal.from(new byte[] {0x0B, 0x0A, 0x0D, 0x02});

    private TestIc() {}

    static byte[] candid(Object... values) {
        // ic4j types a BigInteger as int by default; the test canisters take nat
        return IDLArgs.create(Arrays.stream(values)
                        .map(value -> value instanceof BigInteger
                                ? IDLValue.create(value, org.ic4j.candid.types.Type.NAT)
                                : IDLValue.create(value))
                        .toList())
                .toBytes();
    }

    /** A single {@code blob} argument (ic4j cannot encode byte arrays as blobs). */
    static byte[] blob(byte[] data) {
        return TestCandid.encode(IdlType.blob(), data);
    }

    static byte[] noArgs() {
        return candid();
    }

    static byte[] reply(CallResult result) {
        assertThat(result).isInstanceOf(CallResult.Reply.class);
        return ((CallResult.Reply) result).data();
    }

    static CallResult.Reject reject(CallResult result) {
        assertThat(result).isInstanceOf(CallResult.Reject.class);
        return (CallResult.Reject) result;
    }

    static Object decodeSingle(byte[] candid) {
        return IDLArgs.fromBytes(candid).getArgs().get(0).getValue();
    }

    static BigInteger nat(CallResult result) {
        return (BigInteger) decodeSingle(reply(result));
    }

    static Principal createCanister(IcInstance ic, Principal controller, BigInteger cycles) {
        CallResult result = TestManagement.createCanister(ic, controller, cycles);
        return TestCandid.firstArgument(reply(result)).field("canister_id").principal();
    }

    static CallResult installCode(
            IcInstance ic, Principal sender, Principal canister, String mode, byte[] wasm, byte[] arg) {
        VariantValue modeValue = switch (mode) {
            case "upgrade" -> TestManagement.upgrade(Optional.empty(), Optional.of("keep"));
            case "upgrade-default" -> new VariantValue("upgrade", Optional.empty());
            case "upgrade-replace" -> TestManagement.upgrade(Optional.empty(), Optional.of("replace"));
            default -> VariantValue.of(mode);
        };
        return TestManagement.installCode(ic, sender, canister, modeValue, wasm, arg);
    }

    static CallResult management(IcInstance ic, Principal sender, String method, Principal canister) {
        return TestManagement.management(ic, sender, method, canister);
    }

    /** {@code update_settings} of one field by {@link #USER} (the controller {@link #deploy} sets): must succeed. */
    static void updateSettings(IcInstance ic, Principal canister, String field, Object value) {
        assertThat(TestManagement.updateSettings(ic, USER, canister, field, value))
                .as("update_settings %s", field)
                .isInstanceOf(CallResult.Reply.class);
    }

    /** A canister with {@code name}'s module installed by {@link #USER}. */
    static Principal deploy(IcInstance ic, String name, byte[] initArg) {
        Principal canister = createCanister(ic, USER, new BigInteger("100000000000000"));
        CallResult installed = installCode(ic, USER, canister, "install", MotokoCanisters.wasm(name), initArg);
        assertThat(installed).as("installing %s", name).isInstanceOf(CallResult.Reply.class);
        return canister;
    }

    static List<Principal> principals(Object decoded) {
        return Arrays.stream((Object[]) decoded).map(Principal.class::cast).toList();
    }
}
