package io.diode.pocketic.embedded.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class BinaryWriterTest {

    private static String hex(BinaryWriter writer) {
        return HexFormat.of().formatHex(writer.toByteArray());
    }

    @Test
    void writesTheWasmSpecificationsLeb128Encodings() {
        assertThat(hex(new BinaryWriter().writeU32(624_485))).isEqualTo("e58e26");
        assertThat(hex(new BinaryWriter().writeS32(-123_456))).isEqualTo("c0bb78");
        assertThat(hex(new BinaryWriter().writeU32(0xFFFF_FFFFL))).isEqualTo("ffffffff0f");
        assertThat(hex(new BinaryWriter().writeS64(Long.MIN_VALUE))).isEqualTo("8080808080808080807f");
    }

    @Test
    void aU64AboveTwoToTheSixtyThirdIsWrittenUnsigned() {
        BinaryWriter writer = new BinaryWriter().writeU64(-1L); // 2^64 - 1
        assertThat(hex(writer)).isEqualTo("ffffffffffffffffff01");
        assertThat(new BinaryReader(writer.toByteArray()).readU64()).isEqualTo(-1L);
    }

    @Test
    void whatItWritesTheReaderReadsBack() {
        long[] values = {0, 1, 63, 64, 127, 128, -1, -64, -65, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE};
        for (long value : values) {
            BinaryWriter writer = new BinaryWriter().writeS64(value).writeU64(value);
            BinaryReader reader = new BinaryReader(writer.toByteArray());
            assertThat(reader.readS64()).as("s64 %d", value).isEqualTo(value);
            assertThat(reader.readU64()).as("u64 %d", value).isEqualTo(value);
        }
    }
}
