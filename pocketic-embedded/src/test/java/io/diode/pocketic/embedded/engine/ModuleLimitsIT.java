package io.diode.pocketic.embedded.engine;

import static io.diode.pocketic.embedded.engine.TestIc.USER;
import static io.diode.pocketic.embedded.engine.TestIc.nat;
import static io.diode.pocketic.embedded.engine.TestIc.noArgs;
import static io.diode.pocketic.embedded.engine.TestIc.reject;
import static org.assertj.core.api.Assertions.assertThat;

import io.diode.candid.Leb128;
import io.diode.pocketic.embedded.api.CallResult;
import io.diode.pocketic.embedded.api.IcInstance;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.Test;

/**
 * A module over one of the replica's validation limits is refused at install_code with IC0505 and the replica's
 * text, and the canister stays as it was (each limit is covered by {@code wasm.ModuleLimitsTest}).
 */
class ModuleLimitsIT {

    /** A module defining {@code count} empty functions of type {@code [] -> []}. */
    private static byte[] moduleWithFunctions(int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        section(out, 1, new byte[] {1, 0x60, 0, 0});
        ByteArrayOutputStream functions = new ByteArrayOutputStream();
        Leb128.writeUnsigned(functions, count);
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        Leb128.writeUnsigned(code, count);
        for (int i = 0; i < count; i++) {
            functions.write(0);
            code.writeBytes(new byte[] {2, 0, 0x0B}); // size, no locals, end
        }
        section(out, 3, functions.toByteArray());
        section(out, 10, code.toByteArray());
        return out.toByteArray();
    }

    private static void section(ByteArrayOutputStream out, int id, byte[] content) {
        out.write(id);
        Leb128.writeUnsigned(out, content.length);
        out.writeBytes(content);
    }

    @Test
    void tooManyFunctionsIsRefusedAtInstallWithTheReplicasText() {
        try (IcInstance ic = EmbeddedIc.create()) {
            Principal canister = TestIc.createCanister(ic, USER, BigInteger.TEN.pow(13));

            CallResult.Reject refused =
                    reject(TestIc.installCode(ic, USER, canister, "install", moduleWithFunctions(50_001), noArgs()));

            assertThat(refused.errorCode()).isEqualTo("IC0505");
            assertThat(refused.message())
                    .isEqualTo("Error from Canister " + canister + ": Canister's Wasm module is"
                            + " not valid: Wasm module defined 50001 functions which exceeds the maximum number allowed"
                            + " 50000.");
            assertThat(ic.moduleHash(canister)).isEmpty();
            // the canister takes a module within the limits afterwards
            assertThat(TestIc.installCode(ic, USER, canister, "install", MotokoCanisters.wasm("stress"), noArgs()))
                    .isInstanceOf(CallResult.Reply.class);
            assertThat(nat(ic.query(USER, canister, "count", noArgs()))).isEqualTo(BigInteger.ZERO);
        }
    }
}
