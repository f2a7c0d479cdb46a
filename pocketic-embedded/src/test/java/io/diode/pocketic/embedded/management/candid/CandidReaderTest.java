package io.diode.pocketic.embedded.management.candid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.Test;

/** The wire-format checks of the reader, on hand-written messages (hex, annotated). */
class CandidReaderTest {

    private static CandidValue read(String hex) {
        return CandidReader.firstArgument(HexFormat.of().parseHex(hex.replace(" ", "")));
    }

    private static void assertMalformed(String hex, String expectedDetail) {
        assertThatThrownBy(() -> read(hex))
                .isInstanceOf(CandidDecodingException.class)
                .hasMessageContaining(expectedDetail);
    }

    @Test
    void readsPrimitives() {
        // DIDL, no table, one nat = 624485 (LEB128 e5 8e 26)
        assertThat(read("4449444c 00 01 7d e58e26").nat()).isEqualTo(624_485);
        // nat64 max, little endian
        assertThat(read("4449444c 00 01 78 ffffffffffffffff").nat64()).isEqualTo(-1L);
        assertThat(read("4449444c 00 01 71 03 616263").text()).isEqualTo("abc");
        assertThat(read("4449444c 00 01 7e 01").bool()).isTrue();
        assertThat(read("4449444c 00 01 68 01 00").principal()).isEqualTo(Principal.fromString("aaaaa-aa"));
    }

    @Test
    void aBoolMustBeZeroOrOne() {
        assertMalformed("4449444c 00 01 7e 02", "a bool must be 0 or 1");
    }

    @Test
    void leftoverBytesAreRejected() {
        assertMalformed("4449444c 00 01 7e 01 00", "1 bytes left over");
    }

    @Test
    void typeReferencesMustBeInTheTable() {
        // one arg of type 0, but the table is empty
        assertMalformed("4449444c 00 01 00", "outside the type table");
    }

    @Test
    void fieldIdsMustAscend() {
        // record { 2 : nat; 1 : nat }
        assertMalformed("4449444c 01 6c 02 02 7d 01 7d 01 00 01 01", "not strictly ascending");
    }

    @Test
    void aVecCannotClaimMoreElementsThanTheMessageHolds() {
        // vec nat claiming 2^32 elements
        assertMalformed("4449444c 01 6d 7d 01 00 8080808010", "more than the message can hold");
    }

    @Test
    void aBlobCannotBeLongerThanTheMessage() {
        assertMalformed("4449444c 01 6d 7b 01 00 05 0102", "exceeds the message");
    }

    @Test
    void textMustBeUtf8() {
        assertMalformed("4449444c 00 01 71 01 ff", "not valid UTF-8");
    }

    @Test
    void variantIndicesMustBeInRange() {
        // variant { 0 : null } with index 1
        assertMalformed("4449444c 01 6b 01 00 7f 01 00 01", "variant index 1 is out of range");
    }

    @Test
    void deeplyRecursiveValuesAreRejectedNotOverflowed() {
        // type 0 = opt 0; a value of 300 nested "some"s and a final "none"
        String nested = "01".repeat(300) + "00";
        assertMalformed("4449444c 01 6e 00 01 00" + nested, "nested deeper than");
    }

    @Test
    void unknownTypeCodesAreRejected() {
        assertMalformed("4449444c 01 50 01 00", "invalid type code");
        assertMalformed("4449444c 00 01 50", "invalid type code");
    }

    @Test
    void truncatedMessagesAreRejected() {
        assertMalformed("4449444c 00 01 7d", "unexpected end of message");
        assertMalformed("4449444c 00 01 7d 80", "unexpected end of message");
        assertMalformed("4449444c", "unexpected end of message");
    }

    @Test
    void anEmptyTypeValueCannotExist() {
        assertMalformed("4449444c 00 01 6f", "type empty");
    }

    @Test
    void readsWhatTheEncoderWrites() {
        CandidType type = CandidType.record(
                CandidType.field("n", CandidType.NAT),
                CandidType.field("i", CandidType.INT),
                CandidType.field("o", CandidType.opt(CandidType.TEXT)),
                CandidType.field("v", CandidType.vec(CandidType.PRINCIPAL)),
                CandidType.field("k", CandidType.variant(CandidType.field("a", CandidType.NULL),
                        CandidType.field("b", CandidType.NAT32))));
        byte[] message = CandidEncoder.encode(type, Map.of(
                "n", BigInteger.TWO.pow(100),
                "i", BigInteger.valueOf(-129),
                "o", Optional.of("ü"),
                "v", List.of(Principal.fromString("2vxsx-fae")),
                "k", new VariantValue("b", 7)));

        CandidValue value = CandidReader.firstArgument(message);

        assertThat(value.field("n").nat()).isEqualTo(BigInteger.TWO.pow(100));
        assertThat(value.optionalField("o", CandidValue::text)).contains("ü");
        assertThat(value.field("v").vec(CandidValue::principal)).containsExactly(Principal.fromString("2vxsx-fae"));
        CandidValue.VariantCase chosen = value.field("k").variant(List.of("a", "b"));
        assertThat(chosen.name()).isEqualTo("b");
        assertThat(chosen.payload().nat32()).isEqualTo(7);
        assertThatThrownBy(() -> value.field("i").nat()).hasMessageContaining("i: expected a nat, got int");
    }
}
