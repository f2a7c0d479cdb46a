package io.diode.pocketic.embedded.wasm;

import static io.diode.pocketic.embedded.wasm.TestModuleBuilder.FUNCREF;
import static io.diode.pocketic.embedded.wasm.TestModuleBuilder.I32;
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
 * Lowers hand-built table64 modules that use every table instruction, runs them on GraalWasm (which rejects them
 * unlowered) and checks each instruction behaves as table64 specifies.
 */
class Table64LoweringTest {

    private static final int TABLE_GROW = 15;
    private static final int TABLE_SIZE = 16;
    private static final int TABLE_FILL = 17;
    private static final int TABLE_COPY = 14;
    private static final int TABLE_INIT = 12;

    private static WasmRuntime runtime;
    private static CompiledModule compiled;
    private static byte[] original;
    private WasmInstance instance;

    @BeforeAll
    static void build() {
        original = everyTableInstruction();
        runtime = new WasmRuntime();
        compiled = runtime.compile(original);
    }

    @AfterAll
    static void closeRuntime() {
        runtime.close();
    }

    @BeforeEach
    void instantiate() {
        instance = runtime.instantiate(compiled, HostImports.none());
    }

    @AfterEach
    void close() {
        instance.close();
    }

    /**
     * table 0: table64 funcref, min 4 max 10, initially [f30, f10, f20, f30] from four active segments (flags 0, 2,
     * 4 and 6); table 1: an ordinary i32 table [f10, f20, f30, null]; a passive segment [f30, f10] for table.init.
     */
    private static byte[] everyTableInstruction() {
        TestModuleBuilder m = new TestModuleBuilder();
        int returnsI32 = m.type(new int[] {}, new int[] {I32});
        int i64ToI32 = m.type(new int[] {I64}, new int[] {I32});
        int toI64 = m.type(new int[] {}, new int[] {I64});
        int i64ToI64 = m.type(new int[] {I64}, new int[] {I64});
        int twoI64 = m.type(new int[] {I64, I64}, new int[] {});
        int threeI64 = m.type(new int[] {I64, I64, I64}, new int[] {});
        int i64I32I32 = m.type(new int[] {I64, I32, I32}, new int[] {});
        int i32ToI32 = m.type(new int[] {I32}, new int[] {I32});
        int i32I64I32 = m.type(new int[] {I32, I64, I32}, new int[] {});
        m.table(0x05, 4, 10);
        m.table(0x01, 4, 4);

        int f10 = m.function(returnsI32, code().op(0x41).s64(10).op(0x0B).toArray());
        int f20 = m.function(returnsI32, code().op(0x41).s64(20).op(0x0B).toArray());
        int f30 = m.function(returnsI32, code().op(0x41).s64(30).op(0x0B).toArray());
        m.exportFunction(
                "call",
                m.function(
                        i64ToI32,
                        code().op(0x20, 0, 0x11).u32(returnsI32).u32(0).op(0x0B).toArray()));
        m.exportFunction(
                "size",
                m.function(
                        toI64, code().op(0xFC).u32(TABLE_SIZE).u32(0).op(0x0B).toArray()));
        m.exportFunction(
                "grow",
                m.function(
                        i64ToI64,
                        code().op(0xD0, FUNCREF, 0x20, 0, 0xFC)
                                .u32(TABLE_GROW)
                                .u32(0)
                                .op(0x0B)
                                .toArray()));
        m.exportFunction(
                "isNull",
                m.function(i64ToI32, code().op(0x20, 0, 0x25, 0, 0xD1, 0x0B).toArray()));
        m.exportFunction(
                "set",
                m.function(
                        twoI64,
                        code().op(0x20, 0, 0x20, 1, 0x25, 0, 0x26, 0, 0x0B).toArray()));
        // declares its own locals (an i64 and an i32), so the scratch locals must be numbered after them
        m.exportFunction(
                "fill",
                m.function(
                        threeI64,
                        new byte[] {2, 1, (byte) I64, 1, (byte) I32},
                        code().op(0x20, 0, 0x20, 1, 0x25, 0, 0x20, 2, 0xFC)
                                .u32(TABLE_FILL)
                                .u32(0)
                                .op(0x42, 7, 0x21, 3, 0x41, 8, 0x21, 4, 0x0B)
                                .toArray()));
        m.exportFunction(
                "copy",
                m.function(
                        threeI64,
                        code().op(0x20, 0, 0x20, 1, 0x20, 2, 0xFC)
                                .u32(TABLE_COPY)
                                .u32(0)
                                .u32(0)
                                .op(0x0B)
                                .toArray()));
        m.exportFunction(
                "init",
                m.function(
                        i64I32I32,
                        code().op(0x20, 0, 0x20, 1, 0x20, 2, 0xFC)
                                .u32(TABLE_INIT)
                                .u32(2)
                                .u32(0)
                                .op(0x0B)
                                .toArray()));
        m.exportFunction(
                "callTable1",
                m.function(
                        i32ToI32,
                        code().op(0x20, 0, 0x11).u32(returnsI32).u32(1).op(0x0B).toArray()));
        m.exportFunction(
                "copyToTable1",
                m.function(
                        i32I64I32,
                        code().op(0x20, 0, 0x20, 1, 0x20, 2, 0xFC)
                                .u32(TABLE_COPY)
                                .u32(1)
                                .u32(0)
                                .op(0x0B)
                                .toArray()));
        // a body of exactly 127 bytes: the inserted wrap makes it 128, whose size needs a two-byte LEB128
        TestModuleBuilder.Bytes padded = code().op(0x20, 0);
        for (int i = 0; i < 120; i++) {
            padded.op(0x01);
        }
        m.exportFunction(
                "callPadded",
                m.function(
                        i64ToI32,
                        padded.op(0x11).u32(returnsI32).u32(0).op(0x0B).toArray()));

        m.element(
                code().u32(0).op(0x42).s64(1).op(0x0B).u32(2).u32(f10).u32(f20).toArray());
        m.element(code().u32(2)
                .u32(0)
                .op(0x42)
                .s64(3)
                .op(0x0B)
                .u8(0)
                .u32(1)
                .u32(f20)
                .toArray());
        m.element(code().u32(1).u8(0).u32(2).u32(f30).u32(f10).toArray());
        m.element(code().u32(4)
                .op(0x42)
                .s64(0)
                .op(0x0B)
                .u32(1)
                .op(0xD2)
                .u32(f30)
                .op(0x0B)
                .toArray());
        m.element(code().u32(2)
                .u32(1)
                .op(0x41)
                .s64(0)
                .op(0x0B)
                .u8(0)
                .u32(3)
                .u32(f10)
                .u32(f20)
                .u32(f30)
                .toArray());
        // flags 6 (explicit table, expressions) overwrites index 3: call(3) is 30 only if its offset was lowered right
        m.element(code().u32(6)
                .u32(0)
                .op(0x42)
                .s64(3)
                .op(0x0B)
                .u8(FUNCREF)
                .u32(1)
                .op(0xD2)
                .u32(f30)
                .op(0x0B)
                .toArray());
        return m.build();
    }

    private long call(long index) {
        return instance.invoke("call", index);
    }

    @Test
    void theModuleReallyIsTable64AndTheLoweredOneIsNot() {
        assertThat(WasmModule.parse(original).usesTable64()).isTrue();
        byte[] lowered = Table64Lowering.lower(original);
        WasmModule parsed = WasmModule.parse(lowered);
        assertThat(parsed.usesTable64()).isFalse();
        assertThat(parsed.tables()).extracting(t -> t.limits().minimum()).containsExactly(4L, 4L);
        assertThat(parsed.tables().get(0).limits().maximum()).hasValue(10);
        assertThat(parsed.exportedFunctionNames())
                .isEqualTo(WasmModule.parse(original).exportedFunctionNames());
    }

    @Test
    void activeSegmentsWithI64OffsetsAndCallIndirect() {
        assertThat(call(0)).isEqualTo(30);
        assertThat(call(1)).isEqualTo(10);
        assertThat(call(2)).isEqualTo(20);
        assertThat(call(3)).isEqualTo(30);
    }

    @Test
    void callIndirectOutOfBoundsTraps() {
        assertThatThrownBy(() -> call(4)).isInstanceOf(WasmTrap.class);
    }

    @Test
    void tableSizeAndGrowReturnI64IncludingFailure() {
        assertThat(instance.invoke("size")).isEqualTo(4);
        assertThat(instance.invoke("grow", 2)).isEqualTo(4);
        assertThat(instance.invoke("size")).isEqualTo(6);
        assertThat(instance.invoke("grow", 100))
                .as("beyond the maximum: -1 as an i64")
                .isEqualTo(-1L);
        assertThat(instance.invoke("size")).isEqualTo(6);
    }

    @Test
    void tableGetAndSet() {
        instance.invoke("grow", 2);
        assertThat(instance.invoke("isNull", 5)).isEqualTo(1);
        assertThat(instance.invoke("isNull", 1)).isEqualTo(0);
        instance.invoke("set", 5, 1);
        assertThat(call(5)).isEqualTo(10);
    }

    @Test
    void tableFillInAFunctionWithItsOwnLocals() {
        instance.invoke("grow", 2);
        instance.invoke("fill", 4, 2, 2);
        assertThat(call(4)).isEqualTo(20);
        assertThat(call(5)).isEqualTo(20);
        assertThat(call(3)).isEqualTo(30);
    }

    @Test
    void tableCopyWithinTheTable64() {
        instance.invoke("copy", 0, 1, 2);
        assertThat(call(0)).isEqualTo(10);
        assertThat(call(1)).isEqualTo(20);
        assertThat(call(2)).isEqualTo(20);
    }

    @Test
    void tableCopyFromTable64ToAnI32Table() {
        assertThat(instance.invoke("callTable1", 0)).isEqualTo(10);
        instance.invoke("copyToTable1", 0, 3, 1);
        assertThat(instance.invoke("callTable1", 0)).isEqualTo(30);
        assertThat(instance.invoke("callTable1", 2))
                .as("i32 table untouched by lowering")
                .isEqualTo(30);
    }

    @Test
    void tableInitFromAPassiveSegment() {
        instance.invoke("init", 1, 0, 2);
        assertThat(call(1)).isEqualTo(30);
        assertThat(call(2)).isEqualTo(10);
    }

    @Test
    void bodySizeGrowingPastOneLeb128ByteIsReEncoded() {
        assertThat(instance.invoke("callPadded", 2)).isEqualTo(20);
    }

    @Test
    void modulesWithoutTable64PassThroughUnchanged() {
        TestModuleBuilder m = new TestModuleBuilder();
        int type = m.type(new int[] {I32}, new int[] {I32});
        m.table(0x00, 1, 0);
        m.exportFunction(
                "f",
                m.function(
                        type, code().op(0x20, 0, 0x11).u32(type).u32(0).op(0x0B).toArray()));
        byte[] plain = m.build();
        assertThat(Table64Lowering.lower(plain)).isEqualTo(plain);
        assertThat(Table64Lowering.needsLowering(WasmModule.parse(plain))).isFalse();
    }

    @Test
    void tableImportsAreLowered() {
        TestModuleBuilder m = new TestModuleBuilder();
        m.importTable("env", "table", 0x05, 2, 8);
        byte[] lowered = Table64Lowering.lower(m.build());
        WasmImport table = WasmModule.parse(lowered).imports().get(0);
        assertThat(table.tableType().limits().address64()).isFalse();
        assertThat(table.tableType().limits().minimum()).isEqualTo(2);
        assertThat(table.tableType().limits().maximum()).hasValue(8);
    }

    @Test
    void returnCallIndirectGetsTheWrapToo() {
        TestModuleBuilder m = new TestModuleBuilder();
        int type = m.type(new int[] {I64}, new int[] {I32});
        m.table(0x04, 1, 0);
        m.function(type, code().op(0x20, 0, 0x13).u32(type).u32(0).op(0x0B).toArray());
        byte[] lowered = Table64Lowering.lower(m.build());
        WasmModule module = WasmModule.parse(lowered);
        WasmModule.CodeBody body = module.codeBodies().get(0);
        byte[] bytes = module.bytes();
        // locals (none), local.get 0, i32.wrap_i64, return_call_indirect 0 0, end
        assertThat(java.util.Arrays.copyOfRange(bytes, body.start(), body.end()))
                .containsExactly(0, 0x20, 0, 0xA7, 0x13, 0, 0, 0x0B);
    }

    @Test
    void offsetsThatAreNotConstantsAreRejectedWithAClearMessage() {
        TestModuleBuilder m = new TestModuleBuilder();
        m.type(new int[] {}, new int[] {});
        m.table(0x04, 1, 0);
        m.global(I64, false, code().op(0x42, 0).toArray());
        m.element(code().u32(0).op(0x23, 0, 0x0B).u32(0).toArray());
        byte[] module = m.build();
        assertThatThrownBy(() -> Table64Lowering.lower(module))
                .isInstanceOf(InvalidWasmException.class)
                .hasMessageContaining("only i64.const offsets can be lowered");
    }
}
