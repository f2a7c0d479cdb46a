package io.diode.pocketic.embedded.wasm;

import static io.diode.pocketic.embedded.wasm.TestModuleBuilder.I64;
import static io.diode.pocketic.embedded.wasm.TestModuleBuilder.code;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The modelled 5 MiB Wasm stack on hand-built recursions whose frames are large (1,000 locals), so the limit comes
 * after a few hundred calls, well before the Java stack's: the deepest recursion that fits answers, one call more
 * traps "stack overflow", and every way out of a function gives its frame back.
 */
class StackDepthLimitTest {

    private static final int LOCALS = 1_000;
    /** Calls of a one-param, 1,000-local function that fit in the budget. */
    private static final int FITTING_CALLS = StackDepthLimit.BUDGET_BYTES / StackDepthLimit.frameBytes(1 + LOCALS);

    private static WasmRuntime runtime;
    private static CompiledModule compiled;
    private WasmInstance instance;

    @BeforeAll
    static void compile() {
        runtime = new WasmRuntime();
        compiled = runtime.compile(module());
    }

    @AfterAll
    static void closeRuntime() {
        runtime.close();
    }

    @BeforeEach
    void instantiate() {
        instance = runtime.instantiate(
                compiled,
                HostImports.builder()
                        .function("env", "fail", (caller, args) -> {
                            throw new IllegalStateException("aborted by the host");
                        })
                        .build());
    }

    @AfterEach
    void close() {
        instance.close();
    }

    /**
     * {@code down(n)}: {@code n == 0 ? 0 : 1 + down(n - 1)}, n + 1 calls deep. {@code downExits(n)}: the same,
     * leaving by {@code return} and, at 0, by a branch to the function's label. {@code repeat(times, n)}: calls
     * {@code downExits(n)} that many times. {@code failDeep(n)}: n + 1 calls deep, then a host function throws.
     * {@code sumPair()}: adds the two results of {@code pair()}. All but the last two have 1,000 i64 locals.
     */
    private static byte[] module() {
        TestModuleBuilder b = new TestModuleBuilder();
        int i64ToI64 = b.type(new int[] {I64}, new int[] {I64});
        int twoI64ToI64 = b.type(new int[] {I64, I64}, new int[] {I64});
        int voidType = b.type(new int[0], new int[0]);
        int toPair = b.type(new int[0], new int[] {I64, I64});
        int toI64 = b.type(new int[0], new int[] {I64});
        int fail = b.importFunction("env", "fail", voidType);
        b.memory(0x04, 1, 0);
        byte[] manyLocals = code().u32(1).u32(LOCALS).u8(I64).toArray();
        // local.get 0; i64.eqz
        byte[] nIsZero = code().op(0x20).u32(0).op(0x50).toArray();
        // local.get 0; i64.const 1; i64.sub
        byte[] nMinusOne = code().op(0x20).u32(0).op(0x42).s64(1).op(0x7D).toArray();
        int down = 1;
        b.function(
                i64ToI64,
                manyLocals,
                code().raw(nIsZero)
                        .op(0x04, I64) // if (result i64)
                        .op(0x42)
                        .s64(0)
                        .op(0x05) // i64.const 0; else
                        .op(0x42)
                        .s64(1)
                        .raw(nMinusOne)
                        .op(0x10)
                        .u32(down)
                        .op(0x7C) // call down; i64.add
                        .op(0x0B, 0x0B)
                        .toArray());
        int downExits = 2;
        b.function(
                i64ToI64,
                manyLocals,
                code().op(0x02, 0x40) // block
                        .raw(nIsZero)
                        .op(0x0D)
                        .u32(0) // br_if 0 when n == 0
                        .op(0x42)
                        .s64(1)
                        .raw(nMinusOne)
                        .op(0x10)
                        .u32(downExits)
                        .op(0x7C)
                        .op(0x0F) // return 1 + downExits(n - 1)
                        .op(0x0B) // end of block
                        .op(0x42)
                        .s64(0)
                        .op(0x0C)
                        .u32(0) // br 0: to the function's label, with 0
                        .op(0x0B)
                        .toArray());
        int repeat = b.function(
                twoI64ToI64,
                code().u32(1).u32(1).u8(I64).toArray(),
                code().op(0x02, 0x40)
                        .op(0x03, 0x40) // block; loop
                        .op(0x20)
                        .u32(0)
                        .op(0x50)
                        .op(0x0D)
                        .u32(1) // times == 0: out
                        .op(0x20)
                        .u32(2)
                        .op(0x20)
                        .u32(1)
                        .op(0x10)
                        .u32(downExits)
                        .op(0x7C)
                        .op(0x21)
                        .u32(2) // acc += downExits(n)
                        .raw(nMinusOne)
                        .op(0x21)
                        .u32(0) // times -= 1
                        .op(0x0C)
                        .u32(0)
                        .op(0x0B, 0x0B)
                        .op(0x20)
                        .u32(2)
                        .op(0x0B)
                        .toArray());
        int failDeep = 4;
        b.function(
                i64ToI64,
                manyLocals,
                code().raw(nIsZero)
                        .op(0x04, I64) // if n == 0: fail()
                        .op(0x10)
                        .u32(fail)
                        .op(0x42)
                        .s64(0)
                        .op(0x05)
                        .raw(nMinusOne)
                        .op(0x10)
                        .u32(failDeep)
                        .op(0x0B, 0x0B)
                        .toArray());
        int pair = b.function(
                toPair, code().op(0x42).s64(1).op(0x42).s64(2).op(0x0B).toArray());
        int sumPair = b.function(toI64, code().op(0x10).u32(pair).op(0x7C, 0x0B).toArray());
        b.exportFunction("down", down);
        b.exportFunction("downExits", downExits);
        b.exportFunction("repeat", repeat);
        b.exportFunction("failDeep", failDeep);
        b.exportFunction("sumPair", sumPair);
        return b.build();
    }

    @Test
    void framesAreTheOverheadPlusASlotPerParamAndLocalRoundedToSixteen() {
        assertThat(StackDepthLimit.frameBytes(0)).isEqualTo(32);
        assertThat(StackDepthLimit.frameBytes(1)).isEqualTo(48);
        assertThat(StackDepthLimit.frameBytes(2)).isEqualTo(48);
        assertThat(StackDepthLimit.frameBytes(1_001)).isEqualTo(8_048);
        assertThat(FITTING_CALLS).isEqualTo(651);
    }

    @Test
    void theDeepestRecursionThatFitsAnswersAndOneCallMoreIsAStackOverflow() {
        assertThat(instance.invoke("down", FITTING_CALLS - 1)).isEqualTo(FITTING_CALLS - 1);

        assertThatThrownBy(() -> instance.invoke("down", FITTING_CALLS))
                .isInstanceOfSatisfying(
                        WasmTrap.class, trap -> assertThat(trap.kind()).isEqualTo(WasmTrap.Kind.STACK_OVERFLOW))
                .hasMessageContaining("stack overflow");
        // the trap gave nothing back; the host's reset lets the next message use the whole stack again
        assertThat(instance.invoke("down", FITTING_CALLS - 1)).isEqualTo(FITTING_CALLS - 1);
    }

    @Test
    void returnAndABranchToTheFunctionsLabelGiveTheFrameBack() {
        assertThat(instance.invoke("downExits", FITTING_CALLS - 2)).isEqualTo(FITTING_CALLS - 2);
        assertThatThrownBy(() -> instance.invoke("downExits", FITTING_CALLS))
                .isInstanceOfSatisfying(
                        WasmTrap.class, trap -> assertThat(trap.kind()).isEqualTo(WasmTrap.Kind.STACK_OVERFLOW));
        // ten recursions 600 deep, one after another within one call: each must leave the count where it was
        assertThat(instance.invoke("repeat", 10, 600)).isEqualTo(6_000);
    }

    @Test
    void aHostExceptionDeepInTheRecursionLeavesNoCountBehind() {
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> instance.invoke("failDeep", FITTING_CALLS / 2))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("aborted by the host");
        }
        assertThat(instance.invoke("down", FITTING_CALLS - 1)).isEqualTo(FITTING_CALLS - 1);
    }

    @Test
    void functionsWithSeveralResultsKeepThem() {
        assertThat(instance.invoke("sumPair")).isEqualTo(3);
    }

    @Test
    void aCanisterUnreachableStaysAnUnreachableTrap() {
        TestModuleBuilder b = new TestModuleBuilder();
        int voidType = b.type(new int[0], new int[0]);
        b.exportFunction("trap", b.function(voidType, code().op(0x00, 0x0B).toArray()));
        WasmInstance trapping = runtime.instantiate(
                runtime.compile(b.build()), HostImports.builder().build());
        try {
            assertThatThrownBy(() -> trapping.invoke("trap"))
                    .isInstanceOfSatisfying(
                            WasmTrap.class, trap -> assertThat(trap.kind()).isEqualTo(WasmTrap.Kind.UNREACHABLE));
        } finally {
            trapping.close();
        }
    }
}
