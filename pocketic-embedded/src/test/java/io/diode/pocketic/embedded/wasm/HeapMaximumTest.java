package io.diode.pocketic.embedded.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** memory.grow past the IC's maximum heap (6 GiB for Wasm64) returns -1, without committing anything. */
class HeapMaximumTest {

    private static WasmRuntime runtime;

    @BeforeAll
    static void start() {
        runtime = new WasmRuntime();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    private static byte[] memory64Module(int flags, long max) {
        TestModuleBuilder module = new TestModuleBuilder();
        module.memory(flags, 1, max);
        module.exportMemory("memory", 0);
        return module.build();
    }

    @Test
    void aWasm64MemoryWithoutMaximumGrowsUpToSixGibibytesOnly() {
        CompiledModule compiled = runtime.compile(memory64Module(0x04, 0));
        assertThat(WasmModule.parse(HeapMaximum.cap(memory64Module(0x04, 0)))
                        .memories()
                        .get(0)
                        .maximum())
                .hasValue(HeapMaximum.WASM64_MAX_PAGES);
        try (WasmInstance instance =
                runtime.instantiate(compiled, HostImports.builder().build())) {
            assertThat(instance.growMemory(HeapMaximum.WASM64_MAX_PAGES)).isEqualTo(-1); // 1 + 98,304 pages
            assertThat(instance.memory().size()).isEqualTo(LinearMemory.PAGE_SIZE);
            assertThat(instance.growMemory(3)).isEqualTo(1);
        }
    }

    @Test
    void aSmallerDeclaredMaximumStays() {
        byte[] module = memory64Module(0x05, 10);
        assertThat(HeapMaximum.cap(module)).isSameAs(module);
    }
}
