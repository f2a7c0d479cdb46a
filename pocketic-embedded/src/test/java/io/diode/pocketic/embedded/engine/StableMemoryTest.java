package io.diode.pocketic.embedded.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StableMemoryTest {

    @Test
    void growReadWriteAcrossPages() {
        StableMemory memory = new StableMemory();
        assertThat(memory.grow(2)).isZero();
        assertThat(memory.grow(1)).isEqualTo(2);
        byte[] data = new byte[100_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        memory.write(60_000, data, 0, data.length);
        byte[] back = new byte[data.length];
        memory.read(60_000, back, 0, back.length);
        assertThat(back).isEqualTo(data);
        byte[] untouched = new byte[10];
        memory.read(0, untouched, 0, 10);
        assertThat(untouched).containsOnly(0);
    }

    @Test
    void restoreUndoesWritesAndGrowthButKeepsTheSnapshotIntact() {
        StableMemory memory = new StableMemory();
        memory.grow(1);
        memory.write(0, new byte[] {1, 2, 3}, 0, 3);
        StableMemory.Snapshot snapshot = memory.snapshot();
        memory.write(1, new byte[] {9}, 0, 1);
        memory.grow(5);
        memory.restore(snapshot);
        assertThat(memory.sizeInPages()).isEqualTo(1);
        assertThat(memory.toByteArray()).startsWith(1, 2, 3);
        // writing after a restore must not leak into the snapshot it came from
        memory.write(0, new byte[] {7}, 0, 1);
        memory.restore(snapshot);
        assertThat(memory.toByteArray()).startsWith(1, 2, 3);
    }

    @Test
    void outOfBoundsAccessTrapsAndOverLargeGrowthFails() {
        StableMemory memory = new StableMemory();
        memory.grow(1);
        assertThatThrownBy(() -> memory.write(65_530, new byte[10], 0, 10))
                .isInstanceOf(CanisterTrap.class)
                .hasMessageContaining("stable memory out of bounds");
        assertThat(memory.grow(StableMemory.MAX_PAGES)).isEqualTo(-1);
        assertThat(memory.sizeInPages()).isEqualTo(1);
    }

    @Test
    void replaceWithGrowsToHoldTheData() {
        StableMemory memory = new StableMemory();
        memory.replaceWith(new byte[70_000]);
        assertThat(memory.sizeInPages()).isEqualTo(2);
    }
}
