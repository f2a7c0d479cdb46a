package io.diode.pocketic.embedded.management.candid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CandidEncoderTest {

    private static String unsigned(BigInteger value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CandidEncoder.writeUnsigned(out, value);
        return HexFormat.of().formatHex(out.toByteArray());
    }

    private static String signed(long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CandidEncoder.writeSigned(out, BigInteger.valueOf(value));
        return HexFormat.of().formatHex(out.toByteArray());
    }

    @Test
    void leb128MatchesTheSpecificationsExamples() {
        assertThat(unsigned(BigInteger.ZERO)).isEqualTo("00");
        assertThat(unsigned(BigInteger.valueOf(127))).isEqualTo("7f");
        assertThat(unsigned(BigInteger.valueOf(128))).isEqualTo("8001");
        assertThat(unsigned(BigInteger.valueOf(624_485))).isEqualTo("e58e26");
        assertThat(signed(0)).isEqualTo("00");
        assertThat(signed(-1)).isEqualTo("7f");
        assertThat(signed(63)).isEqualTo("3f");
        assertThat(signed(64)).isEqualTo("c000");
        assertThat(signed(-64)).isEqualTo("40");
        assertThat(signed(-65)).isEqualTo("bf7f");
        assertThat(signed(-123_456)).isEqualTo("c0bb78");
    }

    @Test
    void fieldNameHashesAreCandids() {
        assertThat(CandidType.idlHash("a")).isEqualTo(97);
        // 102 * 223^2 + 111 * 223 + 111
        assertThat(CandidType.idlHash("foo")).isEqualTo(5_097_222);
        // as @dfinity/candid writes it in install_code's argument (fixture install_code_install)
        assertThat(CandidType.idlHash("canister_id")).isEqualTo(1_313_628_723L);
    }

    @Test
    void tupleFieldsAreNumberedAndNat16IsTwoBytes() {
        // (text, text) is record { 0 : text; 1 : text }, as moc writes the HTTP gateway's HeaderField
        CandidType header = CandidType.record(CandidType.field("1", CandidType.TEXT), CandidType.field("0", CandidType.TEXT));
        CandidType response = CandidType.record(CandidType.field("status_code", CandidType.NAT16),
                CandidType.field("headers", CandidType.vec(header)));

        byte[] message = CandidEncoder.encode(response,
                Map.of("status_code", 404, "headers", java.util.List.of(Map.of("0", "a", "1", "b"))));

        CandidValue read = CandidReader.firstArgument(message);
        assertThat(read.field("status_code").nat16()).isEqualTo(404);
        assertThat(read.field("headers").vec().getFirst().field("0").text()).isEqualTo("a");
        assertThat(read.field("headers").vec().getFirst().field("1").text()).isEqualTo("b");
        // the tuple's type-table entry: record, 2 fields, ids 0 and 1, both text
        assertThat(HexFormat.of().formatHex(message)).contains("6c0200710171").endsWith("01" + "0161" + "0162" + "9401"); // headers (lower hash) first, then 404
        assertThat(CandidType.idlHash("0")).isZero();
        assertThat(CandidType.idlHash("4294967295")).isEqualTo(4_294_967_295L);
        assertThat(CandidType.idlHash("4294967296")).isNotEqualTo(0L); // beyond 32 bits: a name, hashed
    }

    @Test
    void writesARecordWithFieldsInHashOrder() {
        CandidType type = CandidType.record(CandidType.field("b", CandidType.NAT8), CandidType.field("a", CandidType.BOOL));

        byte[] message = CandidEncoder.encode(type, Map.of("a", true, "b", 5));

        // table: record { 97 : bool; 98 : nat8 }; arg type 0; values true, 5
        assertThat(HexFormat.of().formatHex(message)).isEqualTo("4449444c016c02617e627b01000105");
    }

    @Test
    void aValueOfTheWrongJavaTypeIsAProgrammingErrorNamingThePath() {
        CandidType type = CandidType.record(CandidType.field("status", CandidType.NAT));

        assertThatThrownBy(() -> CandidEncoder.encode(type, Map.of("status", "200")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("argument 0.status");
        assertThatThrownBy(() -> CandidEncoder.encode(type, Map.of()))
                .hasMessageContaining("no value for field status");
        assertThatThrownBy(() -> CandidEncoder.encode(type, Map.of("status", BigInteger.valueOf(-1))))
                .hasMessageContaining("nat cannot be negative");
    }
}
