package io.diode.pocketic.embedded.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Message checkpoints through the undo log ({@link WasmInstance#checkpoint}, {@link PageUndoLog}) on the hand-built
 * memory64 module of {@link WasmRuntimeTest}: every rollback must give back exactly the state checkpointed, read
 * back in full, whatever the message did and whatever snapshots were taken and restored meanwhile.
 */
class PageUndoLogTest {

    private static final int PAGE = 4_096;
    private static WasmRuntime runtime;
    private static CompiledModule compiled;
    private WasmInstance instance;

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
        instance = runtime.instantiate(compiled, WasmRuntimeTest.inertImports());
    }

    @AfterEach
    void close() {
        instance.close();
    }

    private byte[] memoryNow() {
        return instance.memory().read(0, (int) instance.memory().size());
    }

    @Test
    void aRollbackUndoesStoresBulkOperationsHostWritesAndGlobalsAfterATrap() {
        instance.invoke("grow", 4);
        instance.invoke("fill", 0, 0x33, 5 * 65_536);
        instance.invoke("setG", 11);
        WasmInstance.Checkpoint checkpoint = instance.checkpoint(null);
        assertThat(checkpoint.logged()).isTrue();
        byte[] saved = memoryNow();
        // 8-byte stores straddling tracking pages (the next page must be logged too), bulk writes, a host write
        instance.invoke("store", PAGE - 4, -1);
        instance.invoke("store", 3 * PAGE - 1, -2);
        instance.invoke("store", 65_536 - 4, -3);
        instance.invoke("fill", 70_000, 0x5A, 3 * 65_536);
        instance.invoke("copy", 10, 200_000, 20_000);
        instance.memory().write(5 * 65_536 - 3, new byte[] {9, 9, 9});
        instance.invoke("setG", 22);
        assertThatThrownBy(() -> instance.invoke("unreachable")).isInstanceOf(WasmTrap.class);

        instance.restore(checkpoint);
        assertThat(memoryNow()).isEqualTo(saved);
        assertThat(instance.invoke("getG")).isEqualTo(11);
        assertThat(instance.undoLogEntries()).as("the log is emptied").isZero();
        // the checkpoint stays valid: a second message rolls back to the same state
        instance.invoke("store", 8, 5);
        instance.restore(checkpoint);
        assertThat(memoryNow()).isEqualTo(saved);
    }

    @Test
    void aStoreStraddlingIntoTheNextPageIsLoggedAlsoWhenItsOwnPageIsMarkedAlready() {
        instance.invoke("fill", 0, 0x44, 3 * PAGE);
        WasmInstance.Checkpoint checkpoint = instance.checkpoint(null);
        byte[] saved = memoryNow();
        // the first store marks page 0; the second starts on page 0 (marked) and ends on page 1 (not yet)
        instance.invoke("store", 8, 1);
        instance.invoke("store", PAGE - 4, -1);
        instance.invoke("store", 2 * PAGE - 1, -1);
        instance.restore(checkpoint);
        assertThat(memoryNow()).isEqualTo(saved);
    }

    @Test
    void theLogHoldsEachPageWrittenBelowTheCheckpointedSizeOnce() {
        instance.invoke("store", 8, 1);
        WasmInstance.Checkpoint checkpoint = instance.checkpoint(null);
        byte[] saved = memoryNow();
        instance.invoke("store", 16, 2);
        instance.invoke("store", 24, 3);
        instance.memory().write(32, new byte[] {4});
        assertThat(instance.undoLogEntries())
                .as("one page, logged at its first write")
                .isEqualTo(1);
        // growth: the added pages are not logged (the rollback truncates them), only the old page's 16 tracking pages
        instance.invoke("grow", 3);
        instance.invoke("fill", 0, 0x7F, 4 * 65_536);
        assertThat(instance.undoLogEntries()).isEqualTo(65_536 / PAGE);

        instance.restore(checkpoint);
        assertThat(instance.memory().size()).isEqualTo(65_536);
        assertThat(memoryNow()).isEqualTo(saved);
        assertThat(instance.invoke("grow", 3)).isEqualTo(1);
        assertThat(instance.memory().read(65_536, 3 * 65_536)).containsOnly(0);
        // a new checkpoint empties the log: the message committed
        instance.invoke("store", 8, 9);
        instance.checkpoint(checkpoint);
        assertThat(instance.undoLogEntries()).isZero();
        instance.invoke("store", 8, 10);
        instance.restore(checkpoint);
        assertThat(instance.invoke("load", 8)).isEqualTo(9);
    }

    @Test
    void checkpointsStayExactWhileSnapshotsAreTakenAndRestoredAroundThem() {
        // what the engine does: a checkpoint per message, committed by the next; composite queries and canister
        // snapshots take and restore snapshots of their own in between, which must not disturb the log
        Random random = new Random(23);
        WasmInstance.Checkpoint checkpoint = instance.checkpoint(null);
        byte[] checkpointMemory = memoryNow();
        long checkpointGlobal = instance.invoke("getG");
        List<WasmInstance.Snapshot> snapshots = new ArrayList<>();
        List<byte[]> snapshotMemory = new ArrayList<>();
        List<Long> snapshotGlobal = new ArrayList<>();
        int rollbacks = 0;
        for (int step = 0; step < 500; step++) {
            int size = (int) instance.memory().size();
            int choice = random.nextInt(24);
            if (choice < 11) {
                int address = random.nextInt(size - 8);
                switch (random.nextInt(5)) {
                    case 0 -> instance.invoke("store", address, random.nextLong());
                    case 1 ->
                        instance.invoke(
                                "fill", address, random.nextInt(256), random.nextInt(Math.min(30_000, size - address)));
                    case 2 -> {
                        int source = random.nextInt(size - 8);
                        instance.invoke(
                                "copy",
                                address,
                                source,
                                random.nextInt(Math.min(10_000, size - Math.max(address, source))));
                    }
                    case 3 -> instance.memory().write(address, new byte[] {(byte) random.nextInt(), 1, 2, 3, 4});
                    default -> instance.invoke("setG", random.nextInt(1_000));
                }
            } else if (choice == 11 && size < 6 * 65_536) {
                instance.invoke("grow", 1);
            } else if (choice < 15) {
                instance.checkpoint(checkpoint);
                checkpointMemory = memoryNow();
                checkpointGlobal = instance.invoke("getG");
            } else if (choice < 18) {
                instance.restore(checkpoint);
                rollbacks++;
                assertThat(memoryNow()).as("step %d", step).isEqualTo(checkpointMemory);
                assertThat(instance.invoke("getG")).isEqualTo(checkpointGlobal);
            } else if (choice < 21 || snapshots.isEmpty()) {
                snapshots.add(instance.snapshot());
                snapshotMemory.add(memoryNow());
                snapshotGlobal.add(instance.invoke("getG"));
            } else {
                int which = random.nextInt(snapshots.size());
                instance.restore(snapshots.get(which));
                assertThat(memoryNow()).as("step %d", step).isEqualTo(snapshotMemory.get(which));
                assertThat(instance.invoke("getG")).isEqualTo(snapshotGlobal.get(which));
            }
        }
        assertThat(rollbacks).isGreaterThan(30);
        assertThat(snapshots).hasSizeGreaterThan(30);
        instance.restore(checkpoint);
        assertThat(memoryNow()).isEqualTo(checkpointMemory);
    }

    @Test
    void aCheckpointOfAnotherInstanceIsRefused() {
        WasmInstance.Checkpoint checkpoint = instance.checkpoint(null);
        try (WasmInstance other = runtime.instantiate(compiled, WasmRuntimeTest.inertImports())) {
            assertThatThrownBy(() -> other.restore(checkpoint))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("only into the instance it was taken of");
            assertThatThrownBy(() -> other.checkpoint(checkpoint)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
