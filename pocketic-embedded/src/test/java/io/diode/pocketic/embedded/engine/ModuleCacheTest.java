package io.diode.pocketic.embedded.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diode.pocketic.embedded.wasm.WasmRuntime;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModuleCacheTest {

    private final List<String> loads = new ArrayList<>();

    private String load(ModuleCache<String> cache, String hash) {
        return cache.get(hash, () -> {
            loads.add(hash);
            return "module " + hash;
        });
    }

    @Test
    void aModuleLoadedBeforeIsNotLoadedAgain() {
        ModuleCache<String> cache = new ModuleCache<>(2);
        assertThat(load(cache, "a")).isEqualTo("module a");
        assertThat(load(cache, "a")).isEqualTo("module a");
        assertThat(loads).containsExactly("a");
    }

    @Test
    void itNeverHoldsMoreThanItsCapacityAndTheLeastRecentlyUsedLeavesFirst() {
        ModuleCache<String> cache = new ModuleCache<>(2);
        load(cache, "a");
        load(cache, "b");
        load(cache, "a"); // a is now more recent than b
        load(cache, "c"); // evicts b
        assertThat(cache.size()).isEqualTo(2);
        load(cache, "a");
        load(cache, "c");
        assertThat(loads).containsExactly("a", "b", "c");
        load(cache, "b");
        assertThat(loads).containsExactly("a", "b", "c", "b");
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void theEnginesLoaderKeepsTheLastModulesAndCompilesAnEvictedOneAgain() {
        try (WasmRuntime runtime = new WasmRuntime()) {
            GraalCanisterCodeLoader loader = new GraalCanisterCodeLoader(runtime);
            CanisterCode first = loader.load(emptyModule(0));
            assertThat(loader.load(emptyModule(0))).as("cached").isSameAs(first);
            for (int i = 1; i <= GraalCanisterCodeLoader.CACHED_MODULES; i++) {
                loader.load(emptyModule(i));
            }
            CanisterCode newest = loader.load(emptyModule(GraalCanisterCodeLoader.CACHED_MODULES));
            assertThat(loader.load(emptyModule(GraalCanisterCodeLoader.CACHED_MODULES)))
                    .isSameAs(newest);
            assertThat(loader.load(emptyModule(0)))
                    .as("evicted, so loaded again")
                    .isNotSameAs(first);
        }
    }

    /** A valid module with no code, made distinct by a custom section holding {@code n}. */
    private static byte[] emptyModule(int n) {
        ByteArrayOutputStream section = new ByteArrayOutputStream();
        section.write(1);
        section.write('n');
        section.writeBytes(Integer.toString(n).getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream module = new ByteArrayOutputStream();
        module.writeBytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        module.write(0);
        module.write(section.size());
        module.writeBytes(section.toByteArray());
        return module.toByteArray();
    }

    @Test
    void aFailedLoadCachesNothing() {
        ModuleCache<String> cache = new ModuleCache<>(2);
        assertThatThrownBy(() -> cache.get("bad", () -> {
                    throw new InvalidCanisterCodeException("not a module", null);
                }))
                .isInstanceOf(InvalidCanisterCodeException.class);
        assertThat(cache.size()).isZero();
        assertThat(load(cache, "bad")).isEqualTo("module bad");
    }

    @Test
    void aCapacityBelowOneIsRefused() {
        assertThatThrownBy(() -> new ModuleCache<String>(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one module");
    }
}
