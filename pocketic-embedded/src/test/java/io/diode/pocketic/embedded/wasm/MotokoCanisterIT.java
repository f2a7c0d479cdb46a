package io.diode.pocketic.embedded.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs a real moc-compiled canister (memory64 + table64) through lowering and GraalWasm. */
class MotokoCanisterIT {

    private static WasmRuntime runtime;
    private static CompiledModule counter;
    private TestSystemApi api;
    private WasmInstance instance;

    @BeforeAll
    static void compile() {
        runtime = new WasmRuntime();
        counter = runtime.compile(resource("/wasm/counter.wasm"));
    }

    @AfterAll
    static void closeRuntime() {
        runtime.close();
    }

    @BeforeEach
    void install() {
        api = new TestSystemApi();
        instance = runtime.instantiate(counter, api.imports(counter.module()));
        api.newMessage(TestSystemApi.candidEmpty());
        instance.invoke("canister_init");
    }

    @AfterEach
    void close() {
        instance.close();
    }

    static byte[] resource(String name) {
        try (InputStream in = MotokoCanisterIT.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] update(String method, byte[] argument) {
        api.newMessage(argument);
        instance.invoke("canister_update " + method);
        assertThat(api.replied).as("replied to " + method).isTrue();
        return api.reply.toByteArray();
    }

    @Test
    void counterCountsAcrossUpdatesAndQueries() {
        assertThat(TestSystemApi.decodeNat(update("inc", TestSystemApi.candidEmpty())))
                .isEqualTo(1);
        assertThat(TestSystemApi.decodeNat(update("inc", TestSystemApi.candidEmpty())))
                .isEqualTo(2);
        assertThat(TestSystemApi.decodeNat(update("add", TestSystemApi.candidNat(40))))
                .isEqualTo(42);
        api.newMessage(TestSystemApi.candidEmpty());
        instance.invoke("canister_query get");
        assertThat(TestSystemApi.decodeNat(api.reply.toByteArray())).isEqualTo(42);
    }

    @Test
    void textArgumentsAndDebugPrint() {
        byte[] reply = update("greet", TestSystemApi.candidText("Motoko"));
        assertThat(TestSystemApi.decodeText(reply)).isEqualTo("Hello, Motoko!");
        assertThat(api.debugPrints).containsExactly("greeting Motoko");
    }

    @Test
    void hostTrapSurfacesAsTheHostExceptionAndSnapshotRollsBack() {
        update("add", TestSystemApi.candidNat(5));
        WasmInstance.Snapshot before = instance.snapshot();
        api.newMessage(TestSystemApi.candidEmpty());
        assertThatThrownBy(() -> instance.invoke("canister_update fail_after_inc"))
                .isInstanceOf(TestSystemApi.CanisterTrapped.class)
                .hasMessageContaining("deliberate failure");
        instance.restore(before);
        assertThat(TestSystemApi.decodeNat(update("inc", TestSystemApi.candidEmpty())))
                .isEqualTo(6);
    }

    @Test
    void incrementalSnapshotsEqualFullCopiesOfMemory() {
        assertThat(counter.tracksDirtyPages()).isTrue();
        WasmInstance.Snapshot running = instance.snapshot();
        for (int i = 0; i < 30; i++) {
            update("add", TestSystemApi.candidNat(i));
            update("greet", TestSystemApi.candidText("name " + i + "x".repeat(i * 100)));
            update("grow", TestSystemApi.candidNat(i * 50L));
            instance.snapshot(running);
            byte[] full = instance.memory().read(0, (int) instance.memory().size());
            assertThat(running.memoryBytes()).as("after round " + i).isEqualTo(full);
        }
    }

    @Test
    void incrementalRestoreUndoesEveryChange() {
        WasmInstance.Snapshot running = instance.snapshot();
        update("add", TestSystemApi.candidNat(3));
        instance.snapshot(running);
        byte[] saved = running.memoryBytes().clone();
        update("grow", TestSystemApi.candidNat(2_000));
        update("greet", TestSystemApi.candidText("y".repeat(5_000)));
        api.newMessage(TestSystemApi.candidEmpty());
        assertThatThrownBy(() -> instance.invoke("canister_update fail_after_inc"))
                .isInstanceOf(TestSystemApi.CanisterTrapped.class);
        instance.restore(running);
        assertThat(instance.memory().read(0, (int) instance.memory().size())).isEqualTo(saved);
        assertThat(TestSystemApi.decodeNat(update("inc", TestSystemApi.candidEmpty())))
                .isEqualTo(4);
    }

    @Test
    void queriesRolledBackAfterEachCall() {
        update("add", TestSystemApi.candidNat(9));
        WasmInstance.Snapshot running = instance.snapshot();
        for (int i = 0; i < 20; i++) {
            instance.snapshot(running);
            api.newMessage(TestSystemApi.candidEmpty());
            instance.invoke("canister_query get");
            assertThat(TestSystemApi.decodeNat(api.reply.toByteArray())).isEqualTo(9 + i);
            instance.restore(running);
            update("inc", TestSystemApi.candidEmpty());
        }
    }

    @Test
    void divisionByZeroIsATypedTrap() {
        api.newMessage(TestSystemApi.candidInts(7, 0));
        assertThatThrownBy(() -> instance.invoke("canister_update div"))
                .isInstanceOfSatisfying(
                        WasmTrap.class, trap -> assertThat(trap.kind()).isEqualTo(WasmTrap.Kind.DIVIDE_BY_ZERO))
                .hasMessageContaining("divide by zero");
    }

    @Test
    void deepRecursionIsAStackOverflowTrap() {
        WasmInstance.Snapshot before = instance.snapshot();
        api.newMessage(TestSystemApi.candidNat(10_000_000));
        assertThatThrownBy(() -> instance.invoke("canister_update recurse"))
                .isInstanceOfSatisfying(
                        WasmTrap.class, trap -> assertThat(trap.kind()).isEqualTo(WasmTrap.Kind.STACK_OVERFLOW));
        // a trap leaves the runtime mid-message (moc then refuses new messages); rolled back, it works again
        instance.restore(before);
        assertThat(TestSystemApi.decodeNat(update("inc", TestSystemApi.candidEmpty())))
                .isEqualTo(1);
    }
}
