package io.diode.pocketic.embedded.engine;

import static io.diode.pocketic.embedded.engine.TestIc.USER;
import static io.diode.pocketic.embedded.engine.TestIc.candid;
import static io.diode.pocketic.embedded.engine.TestIc.nat;
import static io.diode.pocketic.embedded.engine.TestIc.noArgs;
import static io.diode.pocketic.embedded.engine.TestIc.reject;
import static org.assertj.core.api.Assertions.assertThat;

import io.diode.pocketic.embedded.api.CallResult;
import io.diode.pocketic.embedded.api.IcInstance;
import io.diode.pocketic.embedded.management.TestCandid;
import java.math.BigInteger;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code wasm_memory_limit} setting as the replica enforces it: an update that leaves the Wasm memory above it
 * fails with IC0539 and the replica's text, and is rolled back; 0 means no limit; the default is 3 GiB.
 */
class WasmMemoryLimitIT {

    private IcInstance ic;
    private Principal canister;

    @BeforeEach
    void deploy() {
        ic = EmbeddedIc.create();
        canister = TestIc.deploy(ic, "stress", noArgs());
    }

    @AfterEach
    void close() {
        ic.close();
    }

    private void setWasmMemoryLimit(long bytes) {
        TestIc.updateSettings(ic, canister, "wasm_memory_limit", BigInteger.valueOf(bytes));
    }

    private BigInteger wasmMemoryLimitInStatus() {
        byte[] status = TestIc.reply(TestIc.management(ic, USER, "canister_status", canister));
        return TestCandid.firstArgument(status)
                .field("settings")
                .field("wasm_memory_limit")
                .nat();
    }

    @Test
    void anUpdateGrowingPastTheLimitFailsWithIc0539AndIsRolledBack() {
        assertThat(wasmMemoryLimitInStatus()).isEqualTo(BigInteger.valueOf(3L << 30));
        assertThat(nat(ic.updateCall(USER, canister, "allocate", candid(BigInteger.valueOf(2)))))
                .isEqualTo(BigInteger.valueOf(2));
        setWasmMemoryLimit(24L << 20);

        CallResult.Reject refused = reject(ic.updateCall(USER, canister, "allocate", candid(BigInteger.valueOf(30))));

        assertThat(refused.errorCode()).isEqualTo("IC0539");
        assertThat(refused.message())
                .startsWith("Error from Canister " + canister + ": Canister exceeded its current"
                        + " Wasm memory limit of 25165824 bytes. The peak Wasm memory usage was ")
                .endsWith("the developer can increase the Wasm memory limit in the canister settings.");
        assertThat(nat(ic.query(USER, canister, "kept_mib", noArgs()))).isEqualTo(BigInteger.valueOf(2));
        // within the limit, updates go on
        assertThat(nat(ic.updateCall(USER, canister, "allocate", candid(BigInteger.ONE))))
                .isEqualTo(BigInteger.valueOf(3));

        setWasmMemoryLimit(0); // no limit
        assertThat(nat(ic.updateCall(USER, canister, "allocate", candid(BigInteger.valueOf(30)))))
                .isEqualTo(BigInteger.valueOf(33));
    }
}
