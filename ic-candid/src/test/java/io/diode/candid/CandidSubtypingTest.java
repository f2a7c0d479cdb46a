package io.diode.candid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading a value as a different type, as the Candid specification's subtyping (and its opt rule) allows. */
class CandidSubtypingTest {

    private static IdlType type(String did) {
        return DidFile.parse("type T = " + did + ";").types().get("T");
    }

    private static Object read(String writtenAs, Object value, String readAs) {
        byte[] message = CandidEncoder.encode(type(writtenAs), value);
        return CandidDecoder.decode(message, List.of(type(readAs))).getFirst();
    }

    @Test
    void natIsReadAsInt() {
        assertThat(read("nat", BigInteger.TEN, "int")).isEqualTo(BigInteger.TEN);
    }

    @Test
    void recordFieldsTheReaderDoesNotKnowAreSkipped() {
        Object value = read(
                "record { a : nat; b : vec text; c : bool }",
                Map.of("a", BigInteger.ONE, "b", List.of("x", "y"), "c", true),
                "record { c : bool }");
        assertThat(value).isEqualTo(Map.of("c", true));
    }

    @Test
    void missingOptFieldsReadAsNone() {
        Object value = read(
                "record { a : nat }",
                Map.of("a", BigInteger.ONE),
                "record { a : nat; added : opt text; nothing : null }");
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) value;
        assertThat(map)
                .containsEntry("added", Optional.empty())
                .containsEntry("a", BigInteger.ONE)
                .containsEntry("nothing", null);
    }

    @Test
    void aMissingRequiredFieldIsAnErrorThatNamesTheTypes() {
        assertThatThrownBy(
                        () -> read("record { a : nat }", Map.of("a", BigInteger.ONE), "record { a : nat; b : text }"))
                .isInstanceOf(CandidException.class)
                .hasMessageContaining("cannot be read as T = record { a : nat; b : text }");
    }

    @Test
    void optOfAMismatchedTypeReadsAsNone() {
        assertThat(read("opt text", Optional.of("x"), "opt nat")).isEqualTo(Optional.empty());
        assertThat(read("record { a : opt text }", Map.of("a", Optional.of("x")), "record { a : opt nat }"))
                .isEqualTo(Map.of("a", Optional.empty()));
    }

    @Test
    void aPlainValueReadAsOptIsSomeWhenItFitsAndNoneWhenNot() {
        assertThat(read("nat", BigInteger.TWO, "opt nat")).isEqualTo(Optional.of(BigInteger.TWO));
        assertThat(read("text", "x", "opt nat")).isEqualTo(Optional.empty());
        assertThat(read("null", null, "opt nat")).isEqualTo(Optional.empty());
        // opt opt: the inner option could itself be null, so a plain value does not lift twice
        assertThat(read("nat", BigInteger.TWO, "opt opt nat")).isEqualTo(Optional.empty());
    }

    @Test
    void anythingReadsAsReserved() {
        assertThat(read("record { a : vec text }", Map.of("a", List.of("x")), "reserved"))
                .isNull();
    }

    @Test
    void variantsWithMoreCasesOnTheReaderSide() {
        assertThat(read("variant { b : text }", new VariantValue("b", "x"), "variant { a : nat; b : text; c }"))
                .isEqualTo(new VariantValue("b", "x"));
        assertThatThrownBy(() -> read("variant { a : nat; z }", VariantValue.of("z"), "variant { a : nat }"))
                .isInstanceOf(CandidException.class)
                .hasMessageContaining("cannot be read as T = variant { a : nat }");
    }

    @Test
    void extraArgumentsAreIgnoredAndMissingOptArgumentsAreNone() {
        byte[] message = CandidEncoder.encode(
                List.of(IdlType.Primitive.TEXT, IdlType.Primitive.NAT), List.of("a", BigInteger.ONE));
        assertThat(CandidDecoder.decode(message, List.of(IdlType.Primitive.TEXT)))
                .containsExactly("a");
        assertThat(CandidDecoder.decode(
                        message,
                        List.of(IdlType.Primitive.TEXT, IdlType.Primitive.NAT, IdlType.opt(IdlType.Primitive.TEXT))))
                .containsExactly("a", BigInteger.ONE, Optional.empty());
        assertThatThrownBy(() -> CandidDecoder.decode(
                        message, List.of(IdlType.Primitive.TEXT, IdlType.Primitive.NAT, IdlType.Primitive.TEXT)))
                .hasMessageContaining("argument 2: no value of type text");
    }

    @Test
    void recursiveTypesAreSubtypesOfTheirExtensions() {
        DidFile did = DidFile.parse("""
                type A = opt record { head : nat; tail : A };
                type B = opt record { head : int; tail : B; note : opt text };
                """);
        Object list = Optional.of(Map.of("head", BigInteger.ONE, "tail", Optional.empty()));
        byte[] message = CandidEncoder.encode(did.types().get("A"), list);
        assertThat(CandidDecoder.decode(message, List.of(did.types().get("B"))).getFirst())
                .isEqualTo(Optional.of(
                        Map.of("head", BigInteger.ONE, "tail", Optional.empty(), "note", Optional.empty())));
    }

    @Test
    void malformedMessagesGetErrorsThatSayWhere() {
        HexFormat hex = HexFormat.of();
        assertThatThrownBy(() -> CandidDecoder.decode(hex.parseHex("4449444d0000")))
                .hasMessageContaining("magic bytes \"DIDL\"");
        assertThatThrownBy(() -> CandidDecoder.decode(hex.parseHex("4449444c00017e02")))
                .hasMessageContaining("a bool must be 0 or 1");
        assertThatThrownBy(() -> CandidDecoder.decode(hex.parseHex("4449444c00017101ff")))
                .hasMessageContaining("not valid UTF-8");
        assertThatThrownBy(() -> CandidDecoder.decode(hex.parseHex("4449444c00017e0100")))
                .hasMessageContaining("1 bytes left over");
        assertThatThrownBy(() -> CandidDecoder.decode(hex.parseHex("4449444c01016c000100")))
                .hasMessageContaining("type table entry 0 has invalid type code 1");
        assertThatThrownBy(() -> CandidDecoder.decode(hex.parseHex("4449444c016c0201710071000100")))
                .hasMessageContaining("not strictly ascending");
        assertThatThrownBy(() -> CandidDecoder.decode(hex.parseHex("4449444c00010501")))
                .hasMessageContaining("type reference 5 is outside the type table of 0");
    }

    @Test
    void encodingErrorsNameThePathAndTheExpectedJavaType() {
        IdlType type = type("record { rooms : vec record { id : nat8 } }");
        assertThatThrownBy(() -> CandidEncoder.encode(type, Map.of("rooms", List.of(Map.of("id", 300)))))
                .hasMessageContaining("argument 0.rooms[0].id: 300 is out of range for nat8 (0 to 255)");
        assertThatThrownBy(() -> CandidEncoder.encode(type, Map.of("rooms", "x")))
                .hasMessageContaining(
                        "argument 0.rooms: a value of Candid type vec record { id : nat8 } must be a List");
        assertThatThrownBy(() -> CandidEncoder.encode(type("variant { a; b }"), VariantValue.of("c")))
                .hasMessageContaining("has no case \"c\"");
    }
}
