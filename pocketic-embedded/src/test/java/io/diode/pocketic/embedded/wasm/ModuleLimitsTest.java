package io.diode.pocketic.embedded.wasm;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Each of the replica's module limits: one past it is refused with the replica's text, at it is accepted. */
class ModuleLimitsTest {

    private static final int[] NONE = {};

    private static TestModuleBuilder withFunctions(int count) {
        TestModuleBuilder builder = new TestModuleBuilder();
        int type = builder.type(NONE, NONE);
        for (int i = 0; i < count; i++) {
            builder.function(type, new byte[] {0x0B});
        }
        return builder;
    }

    private static void refused(byte[] module, String message) {
        WasmModule parsed = WasmModule.parse(module);
        assertThatThrownBy(() -> ModuleLimits.check(parsed))
                .isInstanceOf(InvalidWasmException.class)
                .hasMessage(message);
    }

    private static void accepted(byte[] module) {
        WasmModule parsed = WasmModule.parse(module);
        assertThatCode(() -> ModuleLimits.check(parsed)).doesNotThrowAnyException();
    }

    @Test
    void functions() {
        accepted(withFunctions(50_000).build());
        refused(
                withFunctions(50_001).build(),
                "Wasm module defined 50001 functions which exceeds the maximum number allowed 50000.");
    }

    @Test
    void globals() {
        TestModuleBuilder builder = new TestModuleBuilder();
        for (int i = 0; i < 1001; i++) {
            builder.global(TestModuleBuilder.I32, true, new byte[] {0x41, 0});
        }
        refused(builder.build(), "Wasm module defined 1001 globals which exceeds the maximum number allowed 1000.");
    }

    @Test
    void exportedMethodsAndTheirNames() {
        TestModuleBuilder many = withFunctions(1);
        for (int i = 0; i < 1001; i++) {
            many.exportFunction((i % 2 == 0 ? "canister_update m" : "canister_query m") + i, 0);
        }
        many.exportFunction("other", 0);
        refused(
                many.build(),
                "Wasm module has an invalid export section. The number of exported functions called"
                        + " `canister_update <name>`, `canister_query <name>`, or `canister_composite_query <name>` exceeds"
                        + " 1000.");

        TestModuleBuilder longNames = withFunctions(1);
        for (int i = 0; i < 3; i++) {
            longNames.exportFunction(
                    "canister_composite_query "
                            + String.valueOf((char) ('a' + i)).repeat(7000),
                    0);
        }
        refused(
                longNames.build(),
                "Wasm module has an invalid export section. The sum of `<name>` lengths in"
                        + " exported functions called `canister_update <name>`, `canister_query <name>`, or"
                        + " `canister_composite_query <name>` exceeds 20000.");
    }

    @Test
    void functionSizeAndComplexity() {
        TestModuleBuilder large = new TestModuleBuilder();
        int type = large.type(NONE, NONE);
        byte[] nops = new byte[1_000_001];
        Arrays.fill(nops, (byte) 0x01);
        nops[nops.length - 1] = 0x0B;
        large.function(type, new byte[] {0x0B});
        large.function(type, nops); // 1,000,000 nops + end
        // every instruction weighs at least 1, so the complexity limit (checked first) also bounds the size
        refused(
                large.build(),
                "Wasm module contains a function at index 1 with complexity 1000001 which exceeds"
                        + " the maximum complexity allowed 1000000");
        TestModuleBuilder atLimit = new TestModuleBuilder();
        atLimit.function(atLimit.type(NONE, NONE), Arrays.copyOfRange(nops, 1, nops.length));
        accepted(atLimit.build());

        TestModuleBuilder complex = new TestModuleBuilder();
        int complexType = complex.type(NONE, NONE);
        byte[] calls = new byte[2 * 20_000 + 1]; // 20,000 calls of function 0, weighing 50 each, and the end
        for (int i = 0; i < 20_000; i++) {
            calls[2 * i] = 0x10;
            calls[2 * i + 1] = 0x00;
        }
        calls[calls.length - 1] = 0x0B;
        complex.function(complexType, calls);
        refused(
                complex.build(),
                "Wasm module contains a function at index 0 with complexity 1000001 which exceeds"
                        + " the maximum complexity allowed 1000000");
    }

    @Test
    void codeSectionSize() {
        TestModuleBuilder builder = new TestModuleBuilder();
        int type = builder.type(NONE, NONE);
        byte[] body = new byte[600_000];
        Arrays.fill(body, (byte) 0x01);
        body[body.length - 1] = 0x0B;
        for (int i = 0; i < 18; i++) {
            builder.function(type, body);
        }
        byte[] module = builder.build();
        WasmModule parsed = WasmModule.parse(module);
        assertThatThrownBy(() -> ModuleLimits.check(parsed))
                .isInstanceOf(InvalidWasmException.class)
                .hasMessageStartingWith("Wasm module code section size of ")
                .hasMessageEndingWith(" exceeds the maximum allowed size of 10485760");
    }

    @Test
    void customSections() {
        TestModuleBuilder many = withFunctions(0);
        for (int i = 0; i < 17; i++) {
            many.custom("icp:private s" + i, new byte[] {1});
        }
        many.custom("name", new byte[] {1}); // not an icp: section: not counted
        refused(many.build(), "Wasm module defined 17 custom sections which exceeds the maximum number allowed 16.");

        TestModuleBuilder big = withFunctions(0);
        big.custom("icp:public candid:service", new byte[1024 * 1024 - 30]); // with its name: 1,048,560 bytes
        big.custom("icp:private x", new byte[20]);
        refused(
                big.build(),
                "Wasm module has an invalid custom section. Invalid custom sections: total size of the"
                        + " custom sections exceeds the maximum allowed: size 1048581 bytes, allowed 1048576 bytes");

        TestModuleBuilder twice = withFunctions(0);
        twice.custom("icp:public a", new byte[0]);
        twice.custom("icp:private a", new byte[0]);
        refused(
                twice.build(),
                "Wasm module has an invalid custom section. Invalid custom section: name a already" + " exists");

        TestModuleBuilder unscoped = withFunctions(0);
        unscoped.custom("icp:secret a", new byte[0]);
        refused(
                unscoped.build(),
                "Wasm module has an invalid custom section. Invalid custom section: Custom section"
                        + " 'icp:secret a' has no public/private scope defined.");
    }
}
