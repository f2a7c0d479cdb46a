package io.diode.candid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The actor proxy and the Java mapping over an in-memory transport that plays the canister. */
class CandidActorsTest {

    @CandidService(did = Shop.CANDID)
    interface Shop {
        String CANDID = """
                type Colour = variant { red; green; "dark blue" };
                type Item = record { sku : nat64; colour : Colour; qty : nat8; note : opt text };
                service : {
                  add : (Item) -> (nat);
                  find : (nat64) -> (opt Item) query;
                  stats : () -> (nat, int) query;
                  clear : () -> ();
                }
                """;

        enum Colour {
            @CandidName("red")
            RED,
            @CandidName("green")
            GREEN,
            @CandidName("dark blue")
            DARK_BLUE
        }

        record Item(
                @CandidName("sku") long sku,
                @CandidName("colour") Colour colour,
                @CandidName("qty") byte qty,
                @CandidName("note") Optional<String> note) {}

        record Stats(BigInteger item0, BigInteger item1) {}

        @CandidMethod("add")
        BigInteger add(Item item);

        @CandidMethod("find")
        Optional<Item> find(long sku);

        @CandidMethod("stats")
        Stats stats();

        @CandidMethod("clear")
        void clear();

        default int addAll(List<Item> items) {
            items.forEach(this::add);
            return items.size();
        }
    }

    private final List<String> calls = new ArrayList<>();
    private final List<Object> stored = new ArrayList<>();

    /** Plays the canister: decodes with the .did's types, answers with encoded replies. */
    private byte[] canister(CandidInterface.Binding method, byte[] arguments) {
        calls.add(method.name() + (method.isQuery() ? " (query)" : " (update)"));
        List<Object> values = CandidDecoder.decode(arguments, method.func().arguments());
        Object reply = switch (method.name()) {
            case "add" -> {
                stored.add(values.getFirst());
                yield List.of(BigInteger.valueOf(stored.size()));
            }
            case "find" ->
                List.of(stored.stream()
                        .filter(item -> ((Map<?, ?>) item).get("sku").equals(values.getFirst()))
                        .findFirst());
            case "stats" -> List.of(BigInteger.valueOf(stored.size()), BigInteger.valueOf(-1));
            default -> List.of();
        };
        return CandidEncoder.encode(method.func().results(), (List<?>) reply);
    }

    @Test
    void typedCallsRoundTripEnumsUnsignedBytesOptionsAndSeveralResults() {
        Shop shop = CandidActors.create(Shop.class, "in memory", this::canister);
        Shop.Item item = new Shop.Item(-1L, Shop.Colour.DARK_BLUE, (byte) 200, Optional.empty());
        assertThat(shop.add(item)).isEqualTo(BigInteger.ONE);
        assertThat(stored.getFirst())
                .isEqualTo(Map.of(
                        "sku",
                        -1L,
                        "colour",
                        VariantValue.of("dark blue"),
                        "qty",
                        (byte) 200,
                        "note",
                        Optional.empty()));
        assertThat(shop.find(-1L)).contains(item);
        assertThat(shop.find(5L)).isEmpty();
        assertThat(shop.stats()).isEqualTo(new Shop.Stats(BigInteger.ONE, BigInteger.valueOf(-1)));
        shop.clear();
        assertThat(shop.addAll(List.of(item, item))).isEqualTo(2);
        assertThat(calls)
                .containsExactly(
                        "add (update)",
                        "find (query)",
                        "find (query)",
                        "stats (query)",
                        "clear (update)",
                        "add (update)",
                        "add (update)");
        assertThat(shop.toString()).isEqualTo("Shop[in memory]");
    }

    @Test
    void aDeferringTransportGetsDefaultsBack() {
        Shop shop = CandidActors.create(Shop.class, "deferred", (method, arguments) -> null);
        assertThat(shop.add(new Shop.Item(1, Shop.Colour.RED, (byte) 1, Optional.of("x"))))
                .isNull();
    }

    @Test
    void mistakesGetMessagesThatSayWhatToDo() {
        assertThatThrownBy(() -> CandidActors.create(Runnable.class, "x", (m, a) -> null))
                .hasMessageContaining("is not a Candid service interface");
        Shop shop = CandidActors.create(
                Shop.class,
                "bad reply",
                (method, arguments) -> CandidEncoder.encode(IdlType.Primitive.TEXT, "not a nat"));
        assertThatThrownBy(() -> shop.add(new Shop.Item(1, Shop.Colour.RED, (byte) 1, Optional.empty())))
                .isInstanceOf(CandidException.class)
                .hasMessageContaining("a value of type text cannot be read as nat");
        assertThatThrownBy(() -> JavaMapping.fromCandid(IdlType.Primitive.NAT, BigInteger.TWO.pow(70), long.class))
                .hasMessageContaining("does not fit a long; declare it as BigInteger");
    }

    @Test
    void unsignedFixedWidthsReadIntoWiderJavaTypesKeepTheirValue() {
        assertThat(JavaMapping.fromCandid(IdlType.Primitive.NAT8, (byte) 200, int.class))
                .isEqualTo(200);
        assertThat(JavaMapping.fromCandid(IdlType.Primitive.NAT8, (byte) 200, byte.class))
                .isEqualTo((byte) 200);
        assertThat(JavaMapping.fromCandid(IdlType.Primitive.NAT32, -1, long.class))
                .isEqualTo(4294967295L);
        assertThat(JavaMapping.fromCandid(IdlType.Primitive.NAT64, -1L, BigInteger.class))
                .isEqualTo(BigInteger.TWO.pow(64).subtract(BigInteger.ONE));
        assertThat(JavaMapping.fromCandid(IdlType.Primitive.INT8, (byte) -56, int.class))
                .isEqualTo(-56);
        assertThat(JavaMapping.fromCandid(IdlType.Primitive.NAT64, -1L, long.class))
                .as("the same width keeps the raw bits")
                .isEqualTo(-1L);
        assertThatThrownBy(() -> JavaMapping.fromCandid(IdlType.Primitive.NAT16, (short) -1, byte.class))
                .hasMessageContaining("65535 does not fit a byte");
    }
}
