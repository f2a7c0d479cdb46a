package io.diode.ic.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkedInstallTest {

    @Test
    void theModuleAndItsArgumentTogetherDecide() {
        assertThat(ChunkedInstall.needsChunks(new byte[1_900_000], new byte[0])).isFalse();
        assertThat(ChunkedInstall.needsChunks(new byte[1_899_999], new byte[2])).isTrue();
        assertThat(ChunkedInstall.needsChunks(new byte[1_900_001], new byte[0])).isTrue();
    }

    @Test
    void chunksAreOneMebibyteExceptTheLast() {
        byte[] module = new byte[2 * ChunkedInstall.CHUNK_BYTES + 5];
        module[module.length - 1] = 7;
        List<byte[]> chunks = ChunkedInstall.chunks(module);
        assertThat(chunks).extracting(chunk -> chunk.length).containsExactly(1_048_576, 1_048_576, 5);
        assertThat(chunks.getLast()[4]).isEqualTo((byte) 7);
    }
}
