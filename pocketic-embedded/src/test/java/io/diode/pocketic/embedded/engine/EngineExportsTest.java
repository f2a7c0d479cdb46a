package io.diode.pocketic.embedded.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.diode.pocketic.embedded.wasm.HostImports;
import io.diode.pocketic.embedded.wasm.WasmInstance;
import io.diode.pocketic.embedded.wasm.WasmModule;
import io.diode.pocketic.embedded.wasm.WasmRuntime;
import org.junit.jupiter.api.Test;

class EngineExportsTest {

    /**
     * (module (memory 1) (global $g (mut i32) (i32.const 0))
     *   (func $start (global.set $g (i32.const 7))) (start $start)
     *   (func (export "get") (result i32) (global.get $g)))
     */
    private static final byte[] MODULE = {
        0, 'a', 's', 'm', 1, 0, 0, 0,
        1, 8, 2, 0x60, 0, 0, 0x60, 0, 1, 0x7F,            // types: () -> (), () -> i32
        3, 3, 2, 0, 1,                                      // functions: start, get
        5, 3, 1, 0, 1,                                      // memory 1 page
        6, 6, 1, 0x7F, 1, 0x41, 0, 0x0B,                    // global mut i32 = 0
        7, 7, 1, 3, 'g', 'e', 't', 0, 1,                    // export "get" = func 1
        8, 1, 0,                                            // start = func 0
        10, 13, 2,
        6, 0, 0x41, 7, 0x24, 0, 0x0B,                       // start: global.set 0 (i32.const 7)
        4, 0, 0x23, 0, 0x0B                                 // get: global.get 0
    };

    @Test
    void startBecomesAnExportAndMemoryGrowIsAdded() {
        WasmModule original = WasmModule.parse(MODULE);
        assertThat(original.startFunction()).isPresent();
        WasmModule rewritten = WasmModule.parse(EngineExports.add(original));
        assertThat(rewritten.startFunction()).isEmpty();
        assertThat(rewritten.exportedFunctionNames()).contains("get", EngineExports.START, EngineExports.MEMORY_GROW)
                .doesNotContain(EngineExports.CALLBACK);

        try (WasmRuntime runtime = new WasmRuntime();
             WasmInstance instance = runtime.instantiate(runtime.compile(rewritten), HostImports.none())) {
            assertThat(instance.invoke("get")).as("the start function did not run at instantiation").isZero();
            instance.invoke(EngineExports.START);
            assertThat(instance.invoke("get")).isEqualTo(7);
            assertThat(instance.invoke(EngineExports.MEMORY_GROW, 2)).as("previous size in pages").isEqualTo(1);
            assertThat(instance.memory().size()).isEqualTo(3 * 65_536);
        }
    }
}
