package io.diode.pocketic.embedded.wasm;

import static io.diode.pocketic.embedded.wasm.TestModuleBuilder.F32;
import static io.diode.pocketic.embedded.wasm.TestModuleBuilder.F64;
import static io.diode.pocketic.embedded.wasm.TestModuleBuilder.I32;
import static io.diode.pocketic.embedded.wasm.TestModuleBuilder.I64;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The unsigned int-to-float conversions, rewritten as signed ones, still give the specification's results: the
 * unsigned value rounded once to the nearest float, ties to even. Checked through the runtime (which applies the
 * lowering) against exact decimal arithmetic, on the values where rounding is delicate and on random ones.
 */
class UnsignedConversionLoweringTest {

    private static WasmRuntime runtime;
    private static WasmInstance instance;

    @BeforeAll
    static void start() {
        runtime = new WasmRuntime();
        instance = runtime.instantiate(
                runtime.compile(conversions()), HostImports.builder().build());
    }

    @AfterAll
    static void stop() {
        instance.close();
        runtime.close();
    }

    /** One exported function per conversion: its parameter converted, nothing else. */
    private static byte[] conversions() {
        TestModuleBuilder module = new TestModuleBuilder();
        export(module, "f64_u64", I64, F64, 0xBA);
        export(module, "f32_u64", I64, F32, 0xB5);
        export(module, "f64_u32", I32, F64, 0xB8);
        export(module, "f32_u32", I32, F32, 0xB3);
        return module.build();
    }

    private static void export(TestModuleBuilder module, String name, int param, int result, int conversion) {
        int type = module.type(new int[] {param}, new int[] {result});
        byte[] code =
                new TestModuleBuilder.Bytes().op(0x20, 0, conversion, 0x0B).toArray();
        module.exportFunction(name, module.function(type, code));
    }

    private static List<Long> delicateValues() {
        List<Long> values = new ArrayList<>(List.of(
                0L,
                1L,
                (1L << 24) + 1, // f32 tie: rounds to even
                (1L << 24) + 3,
                (1L << 53) + 1, // f64 tie
                (1L << 53) + 3,
                Long.MAX_VALUE, // 2^63 - 1
                Long.MIN_VALUE, // 2^63
                Long.MIN_VALUE + 1,
                0x8000_0000_0000_0400L, // 2^63 + 2^10: an f64 tie above 2^63
                0x8000_0000_0000_0401L, // just above it: the sticky bit must round it up
                0x8000_0000_0000_0C00L, // a tie that rounds up to even
                0x8000_0080_0000_0000L, // f32 tie above 2^63
                0x8000_0080_0000_0001L,
                0xFFFF_FFFF_FFFF_FBFFL,
                0xFFFF_FFFF_FFFF_FC00L, // rounds up to 2^64
                -1L, // 2^64 - 1
                0xFFFF_FFFFL,
                0x7FFF_FFFFL,
                0x8000_0001L));
        Random random = new Random(19);
        for (int i = 0; i < 2_000; i++) {
            // random widths, so that every exponent and both halves of the unsigned range are covered
            values.add(random.nextLong() >>> random.nextInt(64));
            values.add(random.nextLong() | Long.MIN_VALUE);
        }
        return values;
    }

    private static BigDecimal unsigned(long value) {
        return new BigDecimal(new BigInteger(Long.toUnsignedString(value)));
    }

    @Test
    void sixtyFourBitConversionsRoundOnceToNearestEven() {
        for (long value : delicateValues()) {
            double expectedDouble = unsigned(value).doubleValue();
            float expectedFloat = unsigned(value).floatValue();
            assertThat(Double.longBitsToDouble(instance.invoke("f64_u64", value)))
                    .as("f64.convert_i64_u(%s)", Long.toUnsignedString(value))
                    .isEqualTo(expectedDouble);
            assertThat(Float.intBitsToFloat((int) instance.invoke("f32_u64", value)))
                    .as("f32.convert_i64_u(%s)", Long.toUnsignedString(value))
                    .isEqualTo(expectedFloat);
        }
    }

    @Test
    void thirtyTwoBitConversionsTreatTheOperandAsUnsigned() {
        for (long value : delicateValues()) {
            long u32 = value & 0xFFFF_FFFFL;
            assertThat(Double.longBitsToDouble(instance.invoke("f64_u32", value)))
                    .as("f64.convert_i32_u(%s)", u32)
                    .isEqualTo((double) u32);
            assertThat(Float.intBitsToFloat((int) instance.invoke("f32_u32", value)))
                    .as("f32.convert_i32_u(%s)", u32)
                    .isEqualTo(unsigned(u32).floatValue());
        }
    }

    @Test
    void noUnsignedConversionIsLeftAndOtherModulesStayAsTheyAre() {
        byte[] lowered = UnsignedConversionLowering.lower(conversions());
        assertThat(lowered).isNotEqualTo(conversions());
        // lowering again finds nothing to rewrite
        assertThat(UnsignedConversionLowering.lower(lowered)).isSameAs(lowered);
        byte[] without = new TestModuleBuilder().build();
        assertThat(UnsignedConversionLowering.lower(without)).isSameAs(without);
    }
}
