package io.diode.pocketic.embedded.wasm;

import static io.diode.pocketic.embedded.wasm.TestModuleBuilder.code;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An upgrade that keeps main memory runs the new instance over the old instance's memory itself
 * ({@link WasmRuntime#instantiateOverMemoryOf}): what the old code left is what the new code sees, closing the old
 * instance hands the memory over, and closing the new one first (a failed upgrade) gives it back exactly as it was.
 * On the hand-built memory64 module of {@link WasmRuntimeTest}.
 */
class MemoryTakeoverTest {

    private static final int PAGE = 65_536;
    private static WasmRuntime runtime;
    private static CompiledModule compiled;
    private final List<WasmInstance> instances = new ArrayList<>();
    private WasmInstance predecessor;

    @BeforeAll
    static void compile() {
        runtime = new WasmRuntime();
        compiled = runtime.compile(WasmRuntimeTest.module());
    }

    @AfterAll
    static void closeRuntime() {
        runtime.close();
    }

    @BeforeEach
    void instantiate() {
        predecessor = track(runtime.instantiate(compiled, WasmRuntimeTest.inertImports()));
        predecessor.invoke("grow", 2);
        predecessor.invoke("fill", 0, 0x11, 3 * PAGE);
        predecessor.invoke("store", PAGE + 8, 77);
    }

    @AfterEach
    void close() {
        instances.forEach(WasmInstance::close);
    }

    private WasmInstance track(WasmInstance instance) {
        instances.add(instance);
        return instance;
    }

    private WasmInstance successorOf(WasmInstance instance) {
        return track(runtime.instantiateOverMemoryOf(instance, compiled, WasmRuntimeTest.inertImports())
                .orElseThrow());
    }

    private static byte[] memoryOf(WasmInstance instance) {
        return instance.memory().read(0, (int) instance.memory().size());
    }

    @Test
    void theSuccessorSeesThePredecessorsMemoryAndOwnsItOnceThePredecessorIsClosed() {
        WasmInstance successor = successorOf(predecessor);
        assertThat(successor.memory().size()).isEqualTo(3 * PAGE);
        assertThat(successor.invoke("size")).as("memory.size in the new code").isEqualTo(3);
        assertThat(successor.invoke("load", PAGE + 8)).isEqualTo(77);

        predecessor.close();
        successor.invoke("store", 16, 5);
        WasmInstance.Checkpoint checkpoint = successor.checkpoint(null);
        assertThat(checkpoint.logged()).isTrue();
        assertThat(successor.invoke("grow", 1)).isEqualTo(3);
        successor.invoke("store", 3 * PAGE, 6);
        successor.invoke("store", 16, 7);
        successor.restore(checkpoint);
        assertThat(successor.invoke("size")).isEqualTo(3);
        assertThat(successor.invoke("load", 16)).isEqualTo(5);
        assertThat(successor.invoke("load", PAGE + 8)).isEqualTo(77);
    }

    @Test
    void aSuccessorClosedFirstGivesTheMemoryBackAsItFoundIt() {
        // as an upgrade does: the message checkpoint, then pre_upgrade writes, then the new instance
        WasmInstance.Checkpoint beforeUpgrade = predecessor.checkpoint(null);
        byte[] beforePreUpgrade = memoryOf(predecessor);
        predecessor.invoke("store", 100, 42);
        byte[] afterPreUpgrade = memoryOf(predecessor);

        WasmInstance successor = successorOf(predecessor);
        successor.runStart();
        successor.invoke("store", PAGE - 4, -1);
        successor.invoke("fill", PAGE, 0x77, 2 * PAGE);
        successor.memory().write(5, new byte[] {9, 9, 9});
        assertThat(successor.invoke("grow", 3)).isEqualTo(3);
        successor.invoke("store", 4 * PAGE, 9);
        assertThatThrownBy(() -> successor.checkpoint(null))
                .as("only the takeover's checkpoint can give the memory back")
                .isInstanceOf(IllegalStateException.class);
        successor.close();

        assertThat(memoryOf(predecessor)).isEqualTo(afterPreUpgrade);
        assertThat(predecessor.invoke("size")).isEqualTo(3);
        assertThatThrownBy(() -> predecessor.invoke("load", 4 * PAGE))
                .as("GraalWasm's memory is larger now, but not the old code's")
                .isInstanceOf(WasmTrap.class)
                .extracting("kind")
                .isEqualTo(WasmTrap.Kind.OUT_OF_BOUNDS);
        predecessor.restore(beforeUpgrade);
        assertThat(memoryOf(predecessor)).isEqualTo(beforePreUpgrade);
        assertThat(predecessor.invoke("grow", 2)).isEqualTo(3);
        assertThat(predecessor.invoke("load", 4 * PAGE))
                .as("pages grown again are zero")
                .isZero();
    }

    @Test
    void modulesThatCannotShareTheMemoryGetNone() {
        CompiledModule otherMaximum = runtime.compile(memoryModule(20, false));
        CompiledModule withData = runtime.compile(memoryModule(10, true));
        HostImports none = HostImports.builder().build();
        assertThat(runtime.instantiateOverMemoryOf(predecessor, otherMaximum, none))
                .isEmpty();
        assertThat(runtime.instantiateOverMemoryOf(predecessor, withData, none))
                .as("its data segments would overwrite the kept memory")
                .isEmpty();
        assertThat(runtime.instantiateOverMemoryOf(predecessor, runtime.compile(memoryModule(10, false)), none))
                .as("same limits, no data")
                .isPresent()
                .get()
                .satisfies(this::track);
    }

    @Test
    void aContextHostsABoundedChainOfUpgradesThenTheMemoryIsCopied() {
        WasmInstance current = predecessor;
        for (int created = 1; created < SharedContext.MAX_INSTANCES; created++) {
            WasmInstance next = successorOf(current);
            current.close();
            current = next;
        }
        assertThat(runtime.instantiateOverMemoryOf(current, compiled, WasmRuntimeTest.inertImports()))
                .as("the closed instances' own memories stay allocated until their context closes")
                .isEmpty();
        assertThat(current.invoke("load", PAGE + 8)).isEqualTo(77);
        current.close();
        assertThat(runtime.instantiateOverMemoryOf(current, compiled, WasmRuntimeTest.inertImports()))
                .as("a closed instance has nothing to lend")
                .isEmpty();
    }

    @Test
    void aContextTakesNoMoreInstancesOnceTheClosedOnesRetainTooMuch() {
        long allowed = SharedContext.MIN_RETAINED_BYTES_ALLOWED;
        SharedContext shared = new SharedContext(runtime.newContext());
        shared.join();
        shared.join();
        shared.leave(allowed);
        assertThat(shared.hasRoom(PAGE)).isTrue();
        shared.join();
        shared.leave(1);
        assertThat(shared.hasRoom(PAGE)).isFalse();
        assertThat(shared.hasRoom(2 * allowed))
                .as("a memory larger than the allowance allows its own size")
                .isTrue();
        shared.leave(0);
        shared.leave(0);
        assertThat(shared.hasRoom(PAGE)).as("closed with its last instance").isFalse();
    }

    /** A memory64 module with one page of at most {@code maximum}, with or without an active data segment. */
    private static byte[] memoryModule(long maximum, boolean data) {
        TestModuleBuilder m = new TestModuleBuilder();
        int voidType = m.type(new int[] {}, new int[] {});
        m.memory(0x05, 1, maximum);
        m.exportMemory("memory", 0);
        m.exportFunction("nothing", m.function(voidType, code().op(0x0B).toArray()));
        if (data) {
            m.data(code().u32(0).op(0x42, 0, 0x0B).u32(3).op(1, 2, 3).toArray());
        }
        return m.build();
    }
}
