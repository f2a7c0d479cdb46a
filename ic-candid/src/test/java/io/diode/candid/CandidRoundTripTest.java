package io.diode.candid;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every Candid type, encoded by this codec and by {@code @dfinity/candid} (the reference implementation): both
 * must write the same bytes, each must read the other's bytes back to the same value (re-encoding gives the same
 * bytes), including multi-case variants and recursive types.
 */
class CandidRoundTripTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final Principal CANISTER = Principal.fromText("rrkah-fqaaa-aaaaa-aaaaq-cai");

    private record Case(String name, List<IdlType> types, List<Object> values) {}

    private static final List<Case> CASES = new ArrayList<>();
    private static final Map<String, String[]> REFERENCE = new LinkedHashMap<>();

    private static void add(String name, String didType, Object value) {
        add(name, "", didType, value);
    }

    /** A case whose type is written in .did syntax, after the given type definitions. */
    private static void add(String name, String definitions, String didType, Object value) {
        DidFile did = DidFile.parse(definitions + "\ntype Case__ = " + didType + ";");
        CASES.add(new Case(name, List.of(did.types().get("Case__")), java.util.Collections.singletonList(value)));
    }

    private static Map<String, Object> record(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    static {
        add("null", "null", null);
        add("bool true", "bool", true);
        add("bool false", "bool", false);
        add("nat zero", "nat", BigInteger.ZERO);
        add("nat 2^100", "nat", BigInteger.TWO.pow(100));
        add("nat 624485", "nat", BigInteger.valueOf(624485));
        add("int negative 2^80", "int", BigInteger.TWO.pow(80).negate());
        add("int -129", "int", BigInteger.valueOf(-129));
        add("int 63", "int", BigInteger.valueOf(63));
        add("int 64", "int", BigInteger.valueOf(64));
        add("nat8 max", "nat8", (byte) 255);
        add("nat16 max", "nat16", (short) 65535);
        add("nat32 max", "nat32", -1);
        add("nat64 max", "nat64", -1L);
        add("int8 min", "int8", (byte) -128);
        add("int16 min", "int16", Short.MIN_VALUE);
        add("int32 min", "int32", Integer.MIN_VALUE);
        add("int64 min", "int64", Long.MIN_VALUE);
        add("float32", "float32", 1.5f);
        add("float32 negative", "float32", -3.25e-3f);
        add("float64", "float64", -0.1);
        add("float64 infinity", "float64", Double.POSITIVE_INFINITY);
        add("text", "text", "héllo ☃ 𝄞");
        add("text empty", "text", "");
        add("reserved", "reserved", null);
        add("principal management canister", "principal", Principal.managementCanister());
        add("principal canister", "principal", CANISTER);
        add("principal anonymous", "principal", Principal.anonymous());
        add("blob", "blob", new byte[] {0, 1, (byte) 0xff, 0x7f});
        add("vec nat8 is blob", "vec nat8", new byte[] {9, 8});
        add("blob empty", "blob", new byte[0]);
        add("vec nat", "vec nat", List.of(BigInteger.ONE, BigInteger.TEN, BigInteger.TWO.pow(70)));
        add("vec text empty", "vec text", List.of());
        add("vec vec int16", "vec vec int16", List.of(List.of((short) 1, (short) -1), List.of()));
        add("opt none", "opt text", Optional.empty());
        add("opt some", "opt text", Optional.of("x"));
        add("opt opt none inside", "opt opt nat", Optional.of(Optional.empty()));
        add("opt opt some", "opt opt nat", Optional.of(Optional.of(BigInteger.TWO)));
        add(
                "record",
                "record { name : text; size : nat32; tags : vec text; owner : opt principal }",
                record("name", "room", "size", 12, "tags", List.of("a", "b"), "owner", Optional.of(CANISTER)));
        add("record empty", "record {}", record());
        add(
                "record quoted field names",
                "record { \"first name\" : text; \"☃\" : bool }",
                record("first name", "ada", "☃", true));
        add("record numeric ids", "record { 5 : text; 2 : nat }", record("5", "five", "2", BigInteger.TWO));
        add("tuple", "record { text; nat64; bool }", record("0", "t", "1", 7L, "2", false));
        add("variant first case", "variant { ok : nat; err : text }", new VariantValue("ok", BigInteger.ONE));
        add("variant second case", "variant { ok : nat; err : text }", new VariantValue("err", "boom"));
        add(
                "variant five cases, fourth",
                "variant { a; b : text; c : nat8; d : record { x : int; y : int }; e }",
                new VariantValue("d", record("x", BigInteger.ONE, "y", BigInteger.valueOf(-1))));
        add(
                "variant five cases, last",
                "variant { a; b : text; c : nat8; d : record { x : int; y : int }; e }",
                VariantValue.of("e"));
        add(
                "variant with empty and reserved cases",
                "variant { never : empty; anything : reserved; n : nat }",
                new VariantValue("anything", null));
        add(
                "vec of variants",
                "vec variant { red; green; blue }",
                List.of(VariantValue.of("blue"), VariantValue.of("red"), VariantValue.of("green")));
        add("func query", "func (text) -> (opt nat) query", new FuncRef(CANISTER, "get"));
        add("func oneway", "func (nat) -> () oneway", new FuncRef(CANISTER, "ping"));
        add("func composite query", "func () -> (text) composite_query", new FuncRef(CANISTER, "compose"));
        add("service", "service { get : (text) -> (opt text) query; put : (text, text) -> () }", CANISTER);
        add(
                "record with func field (http transform)",
                "record { url : text; transform : opt record { function : func (record { body : blob }) -> "
                        + "(record { body : blob }) query; context : blob } }",
                record(
                        "url",
                        "https://example.org",
                        "transform",
                        Optional.of(
                                record("function", new FuncRef(CANISTER, "transform"), "context", new byte[] {1}))));
        add(
                "recursive list",
                "type List = opt record { head : nat; tail : List };",
                "List",
                Optional.of(record(
                        "head",
                        BigInteger.ONE,
                        "tail",
                        Optional.of(record("head", BigInteger.TWO, "tail", Optional.empty())))));
        add(
                "recursive tree variant",
                "type Tree = variant { leaf : int; node : record { left : Tree; right : Tree } };",
                "Tree",
                new VariantValue(
                        "node",
                        record(
                                "left",
                                new VariantValue("leaf", BigInteger.ONE),
                                "right",
                                new VariantValue(
                                        "node",
                                        record(
                                                "left",
                                                new VariantValue("leaf", BigInteger.TWO),
                                                "right",
                                                new VariantValue("leaf", BigInteger.valueOf(-3)))))));
        add(
                "mutually recursive types",
                "type Forest = vec Tree; type Tree = record { label : text; children : Forest };",
                "Tree",
                record("label", "root", "children", List.of(record("label", "kid", "children", List.of()))));
        add(
                "named non-recursive types inline",
                "type Id = nat64; type Pair = record { a : Id; b : Id };",
                "vec Pair",
                List.of(record("a", 1L, "b", 2L)));
        CASES.add(new Case(
                "several arguments of shared types",
                List.of(
                        IdlType.Primitive.TEXT,
                        IdlType.opt(IdlType.Primitive.NAT),
                        IdlType.opt(IdlType.Primitive.NAT),
                        IdlType.vec(IdlType.Primitive.TEXT)),
                List.of("a", Optional.of(BigInteger.ONE), Optional.empty(), List.of("x"))));
        CASES.add(new Case("no arguments", List.of(), List.of()));
    }

    @BeforeAll
    static void encodeWithTheReference() throws Exception {
        StringBuilder json = new StringBuilder("[");
        for (Case c : CASES) {
            if (json.length() > 1) {
                json.append(",\n");
            }
            json.append("{\"program\": ")
                    .append(JsIdl.quote(JsIdl.program(c.types(), c.values())))
                    .append(", \"javaHex\": \"")
                    .append(HEX.formatHex(CandidEncoder.encode(c.types(), c.values())))
                    .append("\"}");
        }
        json.append("]");
        Path input = Files.createTempFile("candid-cases-", ".json");
        try {
            Files.writeString(input, json, StandardCharsets.UTF_8);
            String output = NodeCandid.runScript("candid-roundtrip.js", input.toString());
            Matcher matcher = Pattern.compile(
                            "\\{\"jsHex\":\"([0-9a-f]*)\",\"javaReencodedHex\":\"([0-9a-f]*)\"}|\\{\"error\":\"((?:[^\"\\\\]|\\\\.)*)\"}")
                    .matcher(output);
            int index = 0;
            while (matcher.find()) {
                REFERENCE.put(
                        CASES.get(index++).name(),
                        matcher.group(3) != null
                                ? new String[] {null, null, matcher.group(3)}
                                : new String[] {matcher.group(1), matcher.group(2), null});
            }
            assertThat(index).as("results from node: %s", output).isEqualTo(CASES.size());
        } finally {
            Files.deleteIfExists(input);
        }
    }

    @TestFactory
    List<DynamicTest> bothImplementationsWriteAndReadTheSameBytes() {
        return CASES.stream()
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> {
                    String[] reference = REFERENCE.get(c.name());
                    assertThat(reference[2]).as("error in @dfinity/candid").isNull();
                    String javaHex = HEX.formatHex(CandidEncoder.encode(c.types(), c.values()));
                    assertThat(javaHex)
                            .as("bytes written by this codec vs @dfinity/candid")
                            .isEqualTo(reference[0]);
                    assertThat(reference[1])
                            .as("@dfinity/candid read our bytes and wrote them back")
                            .isEqualTo(javaHex);
                    List<Object> readBack = CandidDecoder.decode(HEX.parseHex(reference[0]), c.types());
                    assertThat(HEX.formatHex(CandidEncoder.encode(c.types(), readBack)))
                            .as("we read @dfinity/candid's bytes and wrote them back")
                            .isEqualTo(reference[0]);
                }))
                .toList();
    }
}
