package io.diode.pocketic.embedded.wasm;

import static io.diode.pocketic.embedded.wasm.TestModuleBuilder.F32;
import static io.diode.pocketic.embedded.wasm.TestModuleBuilder.F64;
import static io.diode.pocketic.embedded.wasm.TestModuleBuilder.I32;
import static io.diode.pocketic.embedded.wasm.TestModuleBuilder.I64;
import static io.diode.pocketic.embedded.wasm.TestModuleBuilder.code;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The runtime wrapper on a hand-built memory64 module: host calls, traps, limits, memory and snapshots. */
class WasmRuntimeTest {

    /** An exception of the test's own, to check host exceptions come back unchanged. */
    static final class HostAbort extends RuntimeException {
        HostAbort(String message) {
            super(message);
        }
    }

    private static WasmRuntime runtime;
    private static CompiledModule compiled;
    private final List<long[]> hostCalls = new ArrayList<>();
    private final List<byte[]> startReads = new ArrayList<>();
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
        instance = runtime.instantiate(compiled, imports());
    }

    @AfterEach
    void close() {
        instance.close();
    }

    /** The imports of {@link #module()}, doing nothing: for tests that never call them. */
    static HostImports inertImports() {
        return HostImports.builder()
                .function("env", "host", (caller, args) -> 0)
                .function("env", "fail", (caller, args) -> 0)
                .function("env", "readMem", (caller, args) -> 0)
                .build();
    }

    private HostImports imports() {
        return HostImports.builder()
                .function("env", "host", (caller, args) -> {
                    hostCalls.add(args);
                    return args[0] + args[1];
                })
                .function("env", "fail", (caller, args) -> {
                    throw new HostAbort("aborted by the host");
                })
                .function("env", "readMem", (caller, args) -> {
                    startReads.add(caller.memory().read(args[0], (int) args[1]));
                    return 99;
                })
                .build();
    }

    static byte[] module() {
        TestModuleBuilder m = new TestModuleBuilder();
        int hostType = m.type(new int[] {I32, I64}, new int[] {I64});
        int voidType = m.type(new int[] {}, new int[] {});
        int readType = m.type(new int[] {I64, I32}, new int[] {I32});
        int toI64 = m.type(new int[] {}, new int[] {I64});
        int fromI64 = m.type(new int[] {I64}, new int[] {});
        int toI32 = m.type(new int[] {}, new int[] {I32});
        int fromI32 = m.type(new int[] {I32}, new int[] {});
        int i64ToI64 = m.type(new int[] {I64}, new int[] {I64});
        int twoI64 = m.type(new int[] {I64, I64}, new int[] {});
        int host = m.importFunction("env", "host", hostType);
        int fail = m.importFunction("env", "fail", voidType);
        int readMem = m.importFunction("env", "readMem", readType);
        m.memory(0x05, 1, 10);
        m.exportMemory("memory", 0);
        m.global(I64, true, code().op(0x42, 5).toArray());
        m.global(I32, true, code().op(0x41, 7).toArray());
        m.global(I32, false, code().op(0x41, 1).toArray());
        // float globals (3, 4), set and read as raw bits: snapshots must keep every bit, NaN payloads included
        m.global(F32, true, code().op(0x43, 0, 0, 0, 0).toArray());
        m.global(F64, true, code().op(0x44, 0, 0, 0, 0, 0, 0, 0, 0).toArray());
        m.exportFunction(
                "callHost",
                m.function(
                        hostType,
                        code().op(0x20, 0, 0x20, 1, 0x10).u32(host).op(0x0B).toArray()));
        m.exportFunction(
                "callFail",
                m.function(voidType, code().op(0x10).u32(fail).op(0x0B).toArray()));
        m.exportFunction(
                "unreachable", m.function(voidType, code().op(0x00, 0x0B).toArray()));
        m.exportFunction(
                "outOfBounds",
                m.function(
                        voidType,
                        code().op(0x42)
                                .s64(0xFFFFFFFFL)
                                .op(0x29, 3, 0, 0x1A, 0x0B)
                                .toArray()));
        m.exportFunction(
                "spin",
                m.function(voidType, code().op(0x03, 0x40, 0x0C, 0, 0x0B, 0x0B).toArray()));
        m.exportFunction("getG", m.function(toI64, code().op(0x23, 0, 0x0B).toArray()));
        m.exportFunction(
                "setG", m.function(fromI64, code().op(0x20, 0, 0x24, 0, 0x0B).toArray()));
        m.exportFunction("getH", m.function(toI32, code().op(0x23, 1, 0x0B).toArray()));
        m.exportFunction(
                "setH", m.function(fromI32, code().op(0x20, 0, 0x24, 1, 0x0B).toArray()));
        m.exportFunction(
                "getF", m.function(toI32, code().op(0x23, 3, 0xBC, 0x0B).toArray()));
        m.exportFunction(
                "setF",
                m.function(fromI32, code().op(0x20, 0, 0xBE, 0x24, 3, 0x0B).toArray()));
        m.exportFunction(
                "getD", m.function(toI64, code().op(0x23, 4, 0xBD, 0x0B).toArray()));
        m.exportFunction(
                "setD",
                m.function(fromI64, code().op(0x20, 0, 0xBF, 0x24, 4, 0x0B).toArray()));
        m.exportFunction(
                "grow", m.function(i64ToI64, code().op(0x20, 0, 0x40, 0, 0x0B).toArray()));
        m.exportFunction("size", m.function(toI64, code().op(0x3F, 0, 0x0B).toArray()));
        m.exportFunction(
                "load",
                m.function(i64ToI64, code().op(0x20, 0, 0x29, 3, 0, 0x0B).toArray()));
        m.exportFunction(
                "store",
                m.function(twoI64, code().op(0x20, 0, 0x20, 1, 0x37, 3, 0, 0x0B).toArray()));
        // i64.load8_u with a static offset of 1,000
        m.exportFunction(
                "loadByteOffset1000",
                m.function(
                        i64ToI64,
                        code().op(0x20, 0, 0x31, 0).u32(1_000).op(0x0B).toArray()));
        int threeI64 = m.type(new int[] {I64, I64, I64}, new int[] {});
        int i64I32I64 = m.type(new int[] {I64, I32, I64}, new int[] {});
        m.exportFunction(
                "copy",
                m.function(
                        threeI64,
                        code().op(0x20, 0, 0x20, 1, 0x20, 2, 0xFC, 10, 0, 0, 0x0B)
                                .toArray()));
        m.exportFunction(
                "fill",
                m.function(
                        i64I32I64,
                        code().op(0x20, 0, 0x20, 1, 0x20, 2, 0xFC, 11, 0, 0x0B).toArray()));
        // a table64 as moc emits, whose entries 0 and 1 host code reaches through callTableEntry
        m.table(0x05, 2, 2);
        int setGFromTable =
                m.function(fromI64, code().op(0x20, 0, 0x24, 0, 0x0B).toArray());
        m.element(code().u32(0)
                .op(0x42)
                .s64(0)
                .op(0x0B)
                .u32(2)
                .u32(setGFromTable)
                .u32(host)
                .toArray());
        // the start function calls the host, which reads memory: it must run once the instance is bound
        m.start(m.function(
                voidType,
                code().op(0x42, 0, 0x41, 4, 0x10).u32(readMem).op(0x24, 1, 0x0B).toArray()));
        return m.build();
    }

    @Test
    void aDeferredStartFunctionRunsOnceWhenAskedAfterTheHostPreparedMemory() {
        try (WasmInstance deferred = runtime.instantiateDeferringStart(compiled, imports())) {
            assertThat(startReads)
                    .as("only the @BeforeEach instance ran its start function")
                    .hasSize(1);
            assertThat(deferred.invoke("getH")).isEqualTo(7);
            deferred.memory().write(0, new byte[] {1, 2, 3, 4});
            deferred.runStart();
            deferred.runStart();
            assertThat(startReads).hasSize(2);
            assertThat(startReads.get(1)).containsExactly(1, 2, 3, 4);
            assertThat(deferred.invoke("getH")).isEqualTo(99);
        }
        instance.runStart();
        assertThat(startReads)
                .as("an instance whose start function ran does not run it again")
                .hasSize(2);
    }

    @Test
    void tableEntriesAreCalledWithAnAddressArgument() {
        instance.callTableEntry(0, 1234);
        assertThat(instance.invoke("getG")).isEqualTo(1234);
        assertThatThrownBy(() -> instance.callTableEntry(1, 1))
                .as("entry 1 has another type")
                .isInstanceOf(WasmTrap.class)
                .extracting("kind")
                .isEqualTo(WasmTrap.Kind.INDIRECT_CALL);
        assertThatThrownBy(() -> instance.callTableEntry(2, 1))
                .as("beyond the table")
                .isInstanceOf(WasmTrap.class);
        assertThat(instance.invoke("getG")).isEqualTo(1234);
    }

    @Test
    void memoryGrowsByPagesAndReportsWhenItCannot() {
        assertThat(instance.growMemory(2)).as("previous size in pages").isEqualTo(1);
        assertThat(instance.memory().size()).isEqualTo(3 * 65_536);
        assertThat(instance.growMemory(100))
                .as("beyond the maximum of 10 pages")
                .isEqualTo(-1);
        assertThat(instance.memory().size()).isEqualTo(3 * 65_536);
    }

    @Test
    void hostFunctionsGetUnsignedI32AndI64ArgumentsAndReturnResults() {
        assertThat(instance.invoke("callHost", -1, 5)).isEqualTo(0xFFFFFFFFL + 5);
        assertThat(hostCalls).hasSize(1);
        assertThat(hostCalls.get(0)).containsExactly(0xFFFFFFFFL, 5);
    }

    @Test
    void theStartFunctionRunsOnceWithMemoryAvailable() {
        assertThat(startReads).hasSize(1);
        assertThat(startReads.get(0)).containsExactly(0, 0, 0, 0);
        assertThat(instance.invoke("getH")).isEqualTo(99);
    }

    @Test
    void aHostExceptionComesBackUnchanged() {
        assertThatThrownBy(() -> instance.invoke("callFail"))
                .isExactlyInstanceOf(HostAbort.class)
                .hasMessage("aborted by the host");
        assertThat(instance.invoke("getG")).as("still usable").isEqualTo(5);
    }

    @Test
    void trapsAreTyped() {
        assertThatThrownBy(() -> instance.invoke("unreachable"))
                .isInstanceOfSatisfying(
                        WasmTrap.class, trap -> assertThat(trap.kind()).isEqualTo(WasmTrap.Kind.UNREACHABLE));
        assertThatThrownBy(() -> instance.invoke("outOfBounds"))
                .isInstanceOfSatisfying(
                        WasmTrap.class, trap -> assertThat(trap.kind()).isEqualTo(WasmTrap.Kind.OUT_OF_BOUNDS));
    }

    @Test
    void runawayCodeIsStoppedByTheTimeLimitAndTheInstanceStaysUsable() {
        instance.setExecutionTimeLimit(Duration.ofMillis(300));
        long start = System.nanoTime();
        assertThatThrownBy(() -> instance.invoke("spin"))
                .isInstanceOfSatisfying(
                        WasmTrap.class, trap -> assertThat(trap.kind()).isEqualTo(WasmTrap.Kind.LIMIT_EXCEEDED));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertThat(instance.invoke("getG")).isEqualTo(5);
    }

    @Test
    void badInvocationsAreExplained() {
        assertThatThrownBy(() -> instance.invoke("nope"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exports no function named 'nope'")
                .hasMessageContaining("getG");
        assertThatThrownBy(() -> instance.invoke("setG"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("takes 1 arguments");
        assertThatThrownBy(() -> instance.setExecutionTimeLimit(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void memoryReadsAndWritesInBulkAtAnyAlignment() {
        LinearMemory memory = instance.memory();
        assertThat(memory.size()).isEqualTo(65_536);
        byte[] data = new byte[1001];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7 + 3);
        }
        memory.write(13, data, 0, data.length);
        assertThat(memory.read(13, data.length)).isEqualTo(data);
        assertThat(memory.read(12, 1)).containsExactly(0);
        assertThat(memory.read(13 + data.length, 1)).containsExactly(0);
        memory.writeLong(64, 0x0102030405060708L);
        assertThat(instance.invoke("load", 64))
                .as("little-endian, as WASM sees it")
                .isEqualTo(0x0102030405060708L);
        instance.invoke("store", 128, -2);
        assertThat(memory.readLong(128)).isEqualTo(-2);
        assertThat(memory.readInt(64)).isEqualTo(0x05060708);
    }

    @Test
    void memoryAccessOutOfBoundsIsATrap() {
        LinearMemory memory = instance.memory();
        assertThatThrownBy(() -> memory.read(65_530, 7))
                .isInstanceOfSatisfying(
                        WasmTrap.class, trap -> assertThat(trap.kind()).isEqualTo(WasmTrap.Kind.OUT_OF_BOUNDS));
        assertThatThrownBy(() -> memory.write(-1, new byte[1])).isInstanceOf(WasmTrap.class);
        assertThatThrownBy(() -> memory.write(0, new byte[4], 2, 3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(memory.read(65_535, 1)).hasSize(1);
    }

    @Test
    void snapshotRestoresMemoryAndGlobals() {
        instance.invoke("setG", 100);
        instance.invoke("store", 8, 42);
        WasmInstance.Snapshot snapshot = instance.snapshot();
        instance.invoke("setG", 200);
        instance.invoke("setH", 300);
        instance.invoke("store", 8, 43);
        instance.invoke("store", 60_000, 44);
        instance.restore(snapshot);
        assertThat(instance.invoke("getG")).isEqualTo(100);
        assertThat(instance.invoke("getH")).isEqualTo(99);
        assertThat(instance.invoke("load", 8)).isEqualTo(42);
        assertThat(instance.invoke("load", 60_000)).isEqualTo(0);
    }

    @Test
    void snapshotsKeepEveryBitOfIntegerAndFloatGlobals() {
        instance.invoke("setG", 0x8000_0000_0000_0001L);
        instance.invoke("setH", 0xFFFF_FFFEL);
        instance.invoke("setF", 0x7FA0_0001L);
        instance.invoke("setD", 0x7FF4_0000_0000_0001L);
        WasmInstance.Snapshot snapshot = instance.snapshot();
        instance.invoke("setG", 1);
        instance.invoke("setH", 2);
        instance.invoke("setF", 3);
        instance.invoke("setD", 4);
        instance.restore(snapshot);
        assertThat(instance.invoke("getG")).isEqualTo(0x8000_0000_0000_0001L);
        assertThat(instance.invoke("getH")).isEqualTo(0xFFFF_FFFEL);
        assertThat(instance.invoke("getF")).as("a signalling NaN's payload").isEqualTo(0x7FA0_0001L);
        assertThat(instance.invoke("getD")).isEqualTo(0x7FF4_0000_0000_0001L);
    }

    @Test
    void snapshotUndoesMemoryGrowth() {
        instance.invoke("store", 16, 7);
        WasmInstance.Snapshot snapshot = instance.snapshot();
        assertThat(instance.invoke("grow", 3)).isEqualTo(1);
        instance.invoke("store", 200_000, 9);
        instance.invoke("store", 16, 8);
        instance.invoke("setG", -1);
        instance.restore(snapshot);
        assertThat(instance.invoke("size")).isEqualTo(1);
        assertThat(instance.memory().size()).isEqualTo(65_536);
        assertThat(instance.invoke("load", 16)).isEqualTo(7);
        assertThat(instance.invoke("getG")).isEqualTo(5);
        assertThat(instance.invoke("getH")).isEqualTo(99);
        assertThat(startReads).as("restoring does not rerun the start function").hasSize(1);
        assertThat(instance.invoke("grow", 1)).as("and the memory still grows").isEqualTo(1);
    }

    @Test
    void aRolledBackGrowthKeepsTheInstanceAndEveryAccessBeyondTheSavedSizeTraps() {
        assertThat(compiled.hasLogicalMemorySize()).isTrue();
        LinearMemory memoryBefore = instance.memory();
        instance.invoke("store", 16, 7);
        WasmInstance.Snapshot running = instance.snapshot();
        assertThat(instance.invoke("grow", 3)).isEqualTo(1);
        instance.invoke("fill", 65_536, 0x5A, 3 * 65_536);
        instance.invoke("store", 16, 8);
        instance.restore(running);
        assertThat(instance.memory()).as("the same instance, not a new one").isSameAs(memoryBefore);
        assertThat(instance.invoke("size")).isEqualTo(1);
        assertThat(instance.memory().size()).isEqualTo(65_536);
        assertThat(instance.invoke("load", 16)).isEqualTo(7);

        // as in a memory of one page: the real memory (four pages) behind it does not show
        assertOutOfBounds(() -> instance.invoke("load", 65_536));
        assertOutOfBounds(() -> instance.invoke("load", 65_530));
        assertOutOfBounds(() -> instance.invoke("loadByteOffset1000", 64_536));
        assertOutOfBounds(() -> instance.invoke("store", 70_000, 1));
        assertOutOfBounds(() -> instance.invoke("fill", 65_000, 1, 537));
        assertOutOfBounds(() -> instance.invoke("copy", 0, 65_530, 8));
        assertOutOfBounds(() -> instance.invoke("copy", 65_530, 0, 8));
        assertOutOfBounds(() -> instance.memory().read(65_536, 1));
        assertOutOfBounds(() -> instance.memory().write(65_535, new byte[2]));
        assertThat(instance.invoke("load", 65_528)).isZero();
        assertThat(instance.invoke("loadByteOffset1000", 64_535)).isZero();
        instance.invoke("fill", 65_536, 1, 0);
        instance.invoke("copy", 65_528, 16, 8);
        assertThat(instance.invoke("load", 65_528)).isEqualTo(7);

        // growing again hands out zero pages, the logical size first, then the real memory
        assertThat(instance.invoke("grow", 2)).isEqualTo(1);
        assertThat(instance.memory().size()).isEqualTo(3 * 65_536);
        assertThat(instance.memory().read(65_536, 2 * 65_536)).containsOnly(0);
        assertOutOfBounds(() -> instance.invoke("load", 3 * 65_536));
        assertThat(instance.invoke("grow", 2)).isEqualTo(3);
        assertThat(instance.invoke("load", 4 * 65_536 - 8))
                .as("zeroed by the rollback")
                .isZero();
        assertThat(instance.invoke("load", 5 * 65_536 - 8)).isZero();
        assertThat(instance.invoke("size")).isEqualTo(5);
        assertThat(instance.invoke("grow", 6))
                .as("the declared maximum still holds")
                .isEqualTo(-1);
        assertThat(instance.invoke("grow", 5)).isEqualTo(5);
    }

    @Test
    void snapshotsOfDifferentSizesRestoreExactlyAcrossTruncations() {
        instance.invoke("store", 8, 3);
        WasmInstance.Snapshot small = instance.snapshot();
        byte[] smallBytes = instance.memory().read(0, 65_536);
        instance.invoke("grow", 2);
        instance.invoke("fill", 60_000, 0x22, 100_000);
        WasmInstance.Snapshot large = instance.snapshot();
        byte[] largeBytes = instance.memory().read(0, 3 * 65_536);
        instance.invoke("store", 150_000, -1);

        instance.restore(small);
        assertThat(instance.memory().read(0, (int) instance.memory().size())).isEqualTo(smallBytes);
        instance.restore(large);
        assertThat(instance.memory().read(0, (int) instance.memory().size())).isEqualTo(largeBytes);
        instance.restore(small);
        assertThat(instance.memory().read(0, (int) instance.memory().size())).isEqualTo(smallBytes);

        // the larger snapshot, saved into again after the memory grew back over zeros, holds what is there now
        instance.invoke("grow", 2);
        instance.invoke("store", 70_000, 9);
        instance.snapshot(large);
        byte[] now = instance.memory().read(0, 3 * 65_536);
        assertThat(large.memoryBytes()).isEqualTo(now);
        instance.invoke("store", 100_000, 5);
        instance.invoke("grow", 1);
        instance.restore(large);
        assertThat(instance.memory().read(0, (int) instance.memory().size())).isEqualTo(now);
        instance.restore(small);
        assertThat(instance.memory().read(0, (int) instance.memory().size())).isEqualTo(smallBytes);
    }

    @Test
    void aSmallerSnapshotOfAnotherInstanceTruncatesTheMemory() {
        try (WasmInstance other = runtime.instantiate(compiled, imports())) {
            other.memory().write(100, new byte[] {1, 2, 3});
            WasmInstance.Snapshot foreign = other.snapshot();
            instance.invoke("grow", 2);
            instance.invoke("fill", 0, 0x44, 3 * 65_536);
            instance.restore(foreign);
        }
        assertThat(instance.memory().size()).isEqualTo(65_536);
        assertThat(instance.memory().read(100, 3)).containsExactly(1, 2, 3);
        assertThat(instance.memory().read(0, 100)).containsOnly(0);
        assertOutOfBounds(() -> instance.invoke("load", 65_536));
        assertThat(instance.invoke("grow", 1)).isEqualTo(1);
        assertThat(instance.memory().read(65_536, 65_536)).containsOnly(0);
    }

    private static void assertOutOfBounds(Runnable access) {
        assertThatThrownBy(access::run)
                .isInstanceOfSatisfying(
                        WasmTrap.class, trap -> assertThat(trap.kind()).isEqualTo(WasmTrap.Kind.OUT_OF_BOUNDS));
    }

    @Test
    void aReusedSnapshotHoldsTheNewState() {
        instance.invoke("store", 8, 1);
        WasmInstance.Snapshot snapshot = instance.snapshot();
        instance.invoke("store", 8, 2);
        instance.invoke("setG", 22);
        assertThat(instance.snapshot(snapshot)).isSameAs(snapshot);
        instance.invoke("store", 8, 3);
        instance.invoke("setG", 33);
        instance.restore(snapshot);
        assertThat(instance.invoke("load", 8)).isEqualTo(2);
        assertThat(instance.invoke("getG")).isEqualTo(22);
    }

    @Test
    void incrementalSnapshotsSeeStoresBulkOperationsAndHostWrites() {
        assertThat(compiled.tracksDirtyPages()).isTrue();
        WasmInstance.Snapshot running = instance.snapshot();
        instance.invoke("grow", 3);
        instance.invoke("store", 65_532, -1);
        instance.invoke("fill", 3 * 65_536 - 5, 0xAB, 10);
        instance.snapshot(running);
        instance.invoke("copy", 100_000, 3 * 65_536 - 5, 10);
        instance.invoke("fill", 150_000, 0x11, 0);
        instance.memory().write(250_000, new byte[] {1, 2, 3});
        instance.snapshot(running);
        assertThat(running.memoryBytes())
                .isEqualTo(instance.memory().read(0, (int) instance.memory().size()));
        byte[] saved = running.memoryBytes().clone();
        instance.invoke("store", 8, 1);
        instance.invoke("store", 65_533, 2);
        instance.invoke("fill", 0, 7, 200_000);
        instance.invoke("copy", 10, 65_536 * 3, 65_536);
        instance.memory().write(260_000, new byte[] {4, 5, 6});
        instance.restore(running);
        assertThat(instance.memory().read(0, (int) instance.memory().size())).isEqualTo(saved);
    }

    @Test
    void restoreUndoesStoresAcrossDirtyPageBoundariesAndManyPages() {
        instance.invoke("grow", 4);
        instance.invoke("fill", 0, 0x33, 5 * 65_536);
        WasmInstance.Snapshot running = instance.snapshot();
        byte[] saved = instance.memory().read(0, (int) instance.memory().size());
        // 8-byte stores straddling a 4 KiB tracking page and a 64 KiB image page, then most pages at once
        instance.invoke("store", 4_092, -1);
        instance.invoke("store", 65_532, -2);
        instance.invoke("store", 2 * 65_536 - 4, -3);
        instance.invoke("fill", 70_000, 0x5A, 3 * 65_536);
        instance.memory().write(5 * 65_536 - 3, new byte[] {9, 9, 9});
        instance.restore(running);
        assertThat(instance.memory().read(0, saved.length)).isEqualTo(saved);
        // and the next incremental commit still sees every later change
        instance.invoke("store", 8_188, 77);
        instance.snapshot(running);
        assertThat(running.memoryBytes()).isEqualTo(instance.memory().read(0, saved.length));
    }

    @Test
    void restoreAfterATrapThatGrewMemoryAndWroteEverywhere() {
        instance.invoke("store", 4_092, 0x0102030405060708L);
        WasmInstance.Snapshot running = instance.snapshot();
        byte[] saved = instance.memory().read(0, 65_536);
        instance.invoke("grow", 6);
        instance.invoke("fill", 0, 0x7F, 7 * 65_536);
        instance.invoke("store", 7 * 65_536 - 8, -1);
        instance.invoke("setG", 1);
        assertThatThrownBy(() -> instance.invoke("unreachable")).isInstanceOf(WasmTrap.class);
        instance.restore(running);
        assertThat(instance.memory().size()).isEqualTo(65_536);
        assertThat(instance.memory().read(0, 65_536)).isEqualTo(saved);
        assertThat(instance.invoke("load", 4_092)).isEqualTo(0x0102030405060708L);
        assertThat(instance.invoke("getG")).isEqualTo(5);
        // the recreated instance is tracked again: an incremental round trip works
        instance.invoke("store", 40_000, 5);
        instance.restore(running);
        assertThat(instance.memory().read(0, 65_536)).isEqualTo(saved);
    }

    @Test
    void longHostWritesStoreEveryDifferingByte() {
        instance.invoke("grow", 3);
        instance.invoke("fill", 0, 0x44, 4 * 65_536);
        byte[] source = new byte[3 * 65_536 + 13];
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < source.length; i++) {
            // stretches equal to what memory holds, single differing bytes, and differing runs
            source[i] = i % 5_000 < 2_000 ? 0x44 : i % 97 == 0 ? (byte) random.nextInt() : (byte) (i >> 3);
        }
        WasmInstance.Snapshot running = instance.snapshot();
        byte[] before = instance.memory().read(0, 4 * 65_536);
        instance.memory().write(5, source, 3, source.length - 3);
        byte[] expected = before.clone();
        System.arraycopy(source, 3, expected, 5, source.length - 3);
        assertThat(instance.memory().read(0, 4 * 65_536)).isEqualTo(expected);
        instance.restore(running);
        assertThat(instance.memory().read(0, 4 * 65_536)).isEqualTo(before);
    }

    @Test
    void storesAreMarkedOnlyOnceASnapshotExists() {
        instance.invoke("store", 8, 1);
        assertThat(instance.dirtyBytes()).as("install-time stores go unmarked").isZero();
        WasmInstance.Snapshot running = instance.snapshot();
        instance.invoke("store", 8, 2);
        assertThat(instance.dirtyBytes()).isEqualTo(4_096 + 16);
        instance.restore(running);
        assertThat(instance.invoke("load", 8)).isEqualTo(1);
    }

    @Test
    void snapshotsHoldOnlyTheNonZeroPagesOfMemory() {
        instance.invoke("grow", 9);
        instance.invoke("store", 3 * 65_536 + 8, 1);
        WasmInstance.Snapshot running = instance.snapshot();
        assertThat(running.memorySize()).isEqualTo(10 * 65_536);
        assertThat(running.allocatedPages()).as("only the page with the store").isEqualTo(1);
        instance.invoke("store", 9 * 65_536 + 100, 2);
        instance.invoke("store", 3 * 65_536 + 8, 0);
        instance.snapshot(running);
        assertThat(running.allocatedPages()).isEqualTo(2);
        assertThat(running.memoryBytes()).isEqualTo(instance.memory().read(0, 10 * 65_536));
    }

    @Test
    void forkedSnapshotsRestoreExactlyWhatTheySavedInAnyOrder() {
        // what composite queries do: new snapshots forked from tracked ones, saves into old ones, restores in any
        // order, more snapshots than are kept in step, memory growth; every restore must give back exactly the state
        // saved (read back in full, independently of the snapshot machinery)
        java.util.Random random = new java.util.Random(11);
        List<WasmInstance.Snapshot> snapshots = new ArrayList<>();
        List<byte[]> savedMemory = new ArrayList<>();
        List<Long> savedGlobal = new ArrayList<>();
        for (int step = 0; step < 600; step++) {
            int size = (int) instance.memory().size();
            int choice = random.nextInt(20);
            if (choice < 9) {
                int address = random.nextInt(size - 8);
                switch (random.nextInt(4)) {
                    case 0 -> instance.invoke("store", address, random.nextLong());
                    case 1 ->
                        instance.invoke(
                                "fill", address, random.nextInt(256), random.nextInt(Math.min(20_000, size - address)));
                    case 2 -> instance.memory().write(address, new byte[] {(byte) random.nextInt(), 1, 2});
                    default -> instance.invoke("setG", random.nextInt(1_000));
                }
            } else if (choice == 9 && size < 6 * 65_536) {
                instance.invoke("grow", 1);
            } else if (choice < 13 || snapshots.isEmpty()) {
                snapshots.add(instance.snapshot());
                savedMemory.add(instance.memory().read(0, size));
                savedGlobal.add(instance.invoke("getG"));
            } else if (choice < 16) {
                int which = random.nextInt(snapshots.size());
                assertThat(instance.snapshot(snapshots.get(which))).isSameAs(snapshots.get(which));
                savedMemory.set(which, instance.memory().read(0, size));
                savedGlobal.set(which, instance.invoke("getG"));
            } else {
                int which = random.nextInt(snapshots.size());
                instance.restore(snapshots.get(which));
                assertThat(instance.memory().read(0, (int) instance.memory().size()))
                        .as("step %d", step)
                        .isEqualTo(savedMemory.get(which));
                assertThat(instance.invoke("getG")).isEqualTo(savedGlobal.get(which));
            }
        }
        assertThat(snapshots).hasSizeGreaterThan(20);
        for (int which = snapshots.size() - 1; which >= 0; which--) {
            instance.invoke("store", 64, which);
            instance.restore(snapshots.get(which));
            assertThat(instance.memory().read(0, (int) instance.memory().size()))
                    .isEqualTo(savedMemory.get(which));
        }
    }

    @Test
    void aSnapshotOfAnotherInstanceOfTheSameModuleRestoresItsMemory() {
        byte[] saved = {1, 2, 3};
        try (WasmInstance other = runtime.instantiate(compiled, imports())) {
            other.memory().write(100, saved, 0, saved.length);
            WasmInstance.Snapshot foreign = other.snapshot();
            other.memory().write(100, new byte[] {9, 9, 9}, 0, 3);
            instance.memory().write(200, new byte[] {7}, 0, 1);
            instance.restore(foreign);
        }
        byte[] read = new byte[3];
        instance.memory().read(100, read, 0, read.length);
        assertThat(read).containsExactly(saved);
        byte[] elsewhere = new byte[1];
        instance.memory().read(200, elsewhere, 0, 1);
        assertThat(elsewhere).containsExactly(0);
        // and the instance's own snapshots go on working after the foreign restore
        WasmInstance.Snapshot own = instance.snapshot();
        instance.memory().write(100, new byte[] {4}, 0, 1);
        instance.restore(own);
        instance.memory().read(100, read, 0, read.length);
        assertThat(read).containsExactly(saved);
    }

    @Test
    void aSnapshotOfAnInstanceOfAnotherModuleIsRefused() {
        TestModuleBuilder m = new TestModuleBuilder();
        int type = m.type(new int[] {}, new int[] {});
        m.function(type, code().op(0x0B).toArray());
        try (WasmInstance other = runtime.instantiate(
                runtime.compile(m.build()), HostImports.builder().build())) {
            WasmInstance.Snapshot foreign = other.snapshot();
            assertThatThrownBy(() -> instance.restore(foreign))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("another module");
        }
    }

    @Test
    void missingImportsAreListed() {
        HostImports partial =
                HostImports.builder().function("env", "host", (c, a) -> 0).build();
        assertThatThrownBy(() -> runtime.instantiate(compiled, partial))
                .isInstanceOf(InvalidWasmException.class)
                .hasMessageContaining("env.fail")
                .hasMessageContaining("env.readMem (i64, i32) -> (i32)");
    }

    @Test
    void modulesGraalWasmRejectsFailAtCompileTime() {
        TestModuleBuilder m = new TestModuleBuilder();
        int type = m.type(new int[] {}, new int[] {I32});
        m.function(type, code().op(0x0B).toArray());
        assertThatThrownBy(() -> runtime.compile(m.build()))
                .isInstanceOf(InvalidWasmException.class)
                .hasMessageContaining("GraalWasm rejects the module");
    }

    @Test
    void closingTheRuntimeWithAnInstanceStillOpenDoesNotFail() {
        WasmRuntime other = new WasmRuntime();
        WasmInstance open = other.instantiate(other.compile(module()), imports());
        other.close();
        assertThatThrownBy(() -> open.invoke("getG")).isInstanceOf(IllegalStateException.class);
        open.close();
    }

    @Test
    void aClosedInstanceRefusesCalls() {
        instance.close();
        assertThatThrownBy(() -> instance.invoke("getG")).isInstanceOf(IllegalStateException.class);
    }
}
