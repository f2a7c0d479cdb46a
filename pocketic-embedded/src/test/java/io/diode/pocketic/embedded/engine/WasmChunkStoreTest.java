package io.diode.pocketic.embedded.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diode.ic.Sha256;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chunk store's limits and texts, as the replica's {@code WasmChunkStore} has them. */
class WasmChunkStoreTest {

    @Test
    void aChunkOfExactlyOneMebibyteFitsAndOneByteMoreIsRefused() throws Exception {
        WasmChunkStore store = new WasmChunkStore();

        assertThat(store.insert(new byte[WasmChunkStore.CHUNK_SIZE])).hasSize(32);
        assertThatThrownBy(() -> store.insert(new byte[WasmChunkStore.CHUNK_SIZE + 1]))
                .isInstanceOf(WasmChunkStore.ChunkStoreException.class)
                .hasMessage("Wasm chunk size 1048577 exceeds the maximum chunk size of 1048576");
    }

    @Test
    void theStoreHoldsAHundredChunksEachCountedAsAWholeChunkAndKeepsAcceptingOnesItHas() throws Exception {
        WasmChunkStore store = new WasmChunkStore();
        for (int i = 0; i < 100; i++) {
            store.insert(new byte[] {(byte) i});
        }

        assertThat(store.memoryBytes()).isEqualTo(100L * 1024 * 1024);
        assertThatThrownBy(() -> store.insert(new byte[] {(byte) 100}))
                .hasMessage("Wasm chunk store has already reached maximum capacity of 104857600 bytes");
        assertThat(store.insert(new byte[] {7})).as("a chunk it has already").isNotNull();
        store.clear();
        assertThat(store.insert(new byte[] {(byte) 100})).isNotNull();
    }

    @Test
    void uploadingTheSameChunkTwiceStoresItOnce() throws Exception {
        WasmChunkStore store = new WasmChunkStore();
        byte[] hash = store.insert(new byte[] {1, 2, 3});

        assertThat(store.insert(new byte[] {1, 2, 3})).isEqualTo(hash);
        assertThat(store.hashes()).containsExactly(hash);
        assertThat(store.memoryBytes()).isEqualTo(WasmChunkStore.CHUNK_SIZE);
    }

    @Test
    void assemblingChecksEachHashAndTheModuleHash() throws Exception {
        WasmChunkStore store = new WasmChunkStore();
        byte[] a = store.insert(new byte[] {1, 2});
        byte[] b = store.insert(new byte[] {3});
        byte[] module = {3, 1, 2};

        assertThat(store.assemble(List.of(b, a), Sha256.of(module))).containsExactly(module);
        assertThatThrownBy(() -> store.assemble(List.of(a, b), Sha256.of(module)))
                .hasMessage("Wasm module hash " + CodeInstallationTest.rustDebug(Sha256.of(new byte[] {1, 2, 3}))
                        + " does not match given hash WasmHash("
                        + CodeInstallationTest.rustDebug(Sha256.of(module)) + ")");
        assertThatThrownBy(() -> store.assemble(List.of(new byte[31]), new byte[32]))
                .hasMessage("Chunk hash is invalid. The length is not 32");
    }

    @Test
    void aCopyIsIndependentOfLaterUploads() throws Exception {
        WasmChunkStore store = new WasmChunkStore();
        store.insert(new byte[] {1});
        WasmChunkStore copy = store.copy();
        store.insert(new byte[] {2});
        store.clear();

        assertThat(copy.hashes()).containsExactly(Sha256.of(new byte[] {1}));
    }
}
