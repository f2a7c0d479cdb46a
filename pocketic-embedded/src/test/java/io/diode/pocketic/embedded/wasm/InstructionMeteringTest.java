package io.diode.pocketic.embedded.wasm;

import static io.diode.pocketic.embedded.wasm.TestModuleBuilder.I64;
import static io.diode.pocketic.embedded.wasm.TestModuleBuilder.code;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Instruction counts of hand-built functions, worked out by hand from the replica's cost table and block rules, so
 * a change to either shows up as a wrong number.
 */
class InstructionMeteringTest {

    private static final long BUDGET = 1_000_000_000L;
    private static WasmRuntime runtime;
    private static CompiledModule compiled;

    @BeforeAll
    static void compile() {
        runtime = new WasmRuntime();
        compiled = runtime.compile(module());
    }

    @AfterAll
    static void closeRuntime() {
        runtime.close();
    }

    /**
     * Functions on a 64-bit memory: {@code empty}, {@code loop(n)} counting n down, {@code fill(n)} filling n bytes,
     * {@code host} calling an import.
     */
    private static byte[] module() {
        TestModuleBuilder b = new TestModuleBuilder();
        int voidType = b.type(new int[0], new int[0]);
        int i64Param = b.type(new int[] {I64}, new int[0]);
        int host = b.importFunction("env", "host", voidType);
        b.memory(0x04, 1, 0);
        int empty = b.function(voidType, code().op(0x0B).toArray());
        // loop: local.get 0; i64.eqz; br_if 1; local.get 0; i64.const 1; i64.sub; local.set 0; br 0; end
        int loop = b.function(
                i64Param,
                code().op(0x02, 0x40) // block (0)
                        .op(0x03, 0x40) // loop (0) | new reentrant block
                        .op(0x20)
                        .u32(0)
                        .op(0x50) // local.get (1), i64.eqz (1)
                        .op(0x0D)
                        .u32(1) // br_if 1 (2) | new block
                        .op(0x20)
                        .u32(0)
                        .op(0x42)
                        .s64(1)
                        .op(0x7D) // local.get (1), i64.const (1), i64.sub (1)
                        .op(0x21)
                        .u32(0) // local.set (1)
                        .op(0x0C)
                        .u32(0) // br 0 (2) | new block
                        .op(0x0B) // end (0) of loop
                        .op(0x0B) // end (0) of block
                        .op(0x0B)
                        .toArray());
        // fill: i64.const 0; i32.const 7; local.get 0; memory.fill
        int fill = b.function(
                i64Param,
                code().op(0x42)
                        .s64(0)
                        .op(0x41)
                        .u32(7)
                        .op(0x20)
                        .u32(0)
                        .op(0xFC)
                        .u32(11)
                        .u32(0)
                        .op(0x0B)
                        .toArray());
        int callHost = b.function(voidType, code().op(0x10).u32(host).op(0x0B).toArray());
        b.exportFunction("empty", empty);
        b.exportFunction("loop", loop);
        b.exportFunction("fill", fill);
        b.exportFunction("host", callHost);
        return b.build();
    }

    private long used(WasmInstance instance, String export, long... args) {
        instance.setInstructionCounter(BUDGET);
        instance.invoke(export, args);
        return BUDGET - instance.instructionCounter();
    }

    private static HostImports imports(long[] seenCounter) {
        return HostImports.builder()
                .function("env", "host", (caller, args) -> {
                    seenCounter[0] = caller.instructionCounter();
                    return 0;
                })
                .build();
    }

    @Test
    void anEmptyFunctionCostsOne() {
        try (WasmInstance instance = runtime.instantiate(compiled, imports(new long[1]))) {
            assertThat(used(instance, "empty")).isEqualTo(1);
        }
    }

    @Test
    void aLoopCostsItsBlocksPerIteration() {
        try (WasmInstance instance = runtime.instantiate(compiled, imports(new long[1]))) {
            // entry block: 1 + block 0 + loop 0 = 1; per iteration: loop head (local.get, eqz, br_if) = 4, then the
            // decrement (get, const, sub, set, br) = 1 + 1 + 1 + 1 + 2 = 6; the last head leaves through br_if
            // and the ends after it cost nothing
            assertThat(used(instance, "loop", 0)).isEqualTo(1 + 4);
            assertThat(used(instance, "loop", 1)).isEqualTo(1 + 4 + 6 + 4);
            assertThat(used(instance, "loop", 1000)).isEqualTo(1 + 1000 * 10 + 4);
        }
    }

    @Test
    void bulkMemoryPaysPerByte() {
        try (WasmInstance instance = runtime.instantiate(compiled, imports(new long[1]))) {
            // 1 + i64.const 1 + i32.const 1 + local.get 1 + memory.fill 100, plus the bytes
            assertThat(used(instance, "fill", 0)).isEqualTo(104);
            assertThat(used(instance, "fill", 5000)).isEqualTo(104 + 5000);
        }
    }

    @Test
    void theHostSeesTheCounterWhereTheBlockWasCharged() {
        long[] seen = new long[1];
        try (WasmInstance instance = runtime.instantiate(compiled, imports(seen))) {
            // the whole block (1 + call 5) is charged before the call runs, as on the replica
            assertThat(used(instance, "host")).isEqualTo(6);
            assertThat(BUDGET - seen[0]).isEqualTo(6);
        }
    }

    @Test
    void runningOutTrapsAndLeavesTheInstanceUsable() {
        try (WasmInstance instance = runtime.instantiate(compiled, imports(new long[1]))) {
            instance.setInstructionCounter(500);
            assertThatThrownBy(() -> instance.invoke("loop", 1_000_000))
                    .isInstanceOfSatisfying(
                            WasmTrap.class,
                            trap -> assertThat(trap.kind()).isEqualTo(WasmTrap.Kind.OUT_OF_INSTRUCTIONS));
            assertThat(instance.instructionCounter()).isNegative();
            instance.setInstructionCounter(100);
            assertThatThrownBy(() -> instance.invoke("fill", 1000))
                    .isInstanceOfSatisfying(
                            WasmTrap.class,
                            trap -> assertThat(trap.kind()).isEqualTo(WasmTrap.Kind.OUT_OF_INSTRUCTIONS));
            assertThat(used(instance, "loop", 10)).isEqualTo(105);
        }
    }

    @Test
    void snapshotsLeaveTheCounterAlone() {
        try (WasmInstance instance = runtime.instantiate(compiled, imports(new long[1]))) {
            instance.setInstructionCounter(BUDGET);
            WasmInstance.Snapshot snapshot = instance.snapshot();
            instance.invoke("loop", 10);
            instance.restore(snapshot);
            assertThat(instance.instructionCounter()).isEqualTo(BUDGET - 105);
        }
    }

    @Test
    void anUnmeteredRuntimeHasNoCounter() {
        try (WasmRuntime plain = WasmRuntime.withoutInstructionMetering();
                WasmInstance instance = plain.instantiate(plain.compile(module()), imports(new long[1]))) {
            instance.invoke("loop", 1000);
            assertThatThrownBy(instance::instructionCounter).isInstanceOf(IllegalStateException.class);
        }
    }
}
