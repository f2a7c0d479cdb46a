package io.diode.pocketic.embedded.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The engine's one cache of loaded modules, by module hash: the same module is installed again and again (each test,
 * each upgrade, every instance of a JVM), and validating and compiling it takes far longer than running it. Bounded:
 * least recently used modules leave first, and with them the compiled code GraalWasm keeps for them, so a long test
 * run that installs many different modules holds only the last {@code capacity}. Thread-safe; a module two threads
 * load at once may be compiled twice, and both get the one that went in first.
 *
 * @param <C> what a loaded module is
 */
final class ModuleCache<C> {

    private final int capacity;
    private final Map<String, C> byHash;

    ModuleCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a module cache holds at least one module, not " + capacity);
        }
        this.capacity = capacity;
        this.byHash = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, C> eldest) {
                return size() > ModuleCache.this.capacity;
            }
        };
    }

    /** The module cached under {@code hash}, or the one {@code load} makes (outside the lock: loading is slow). */
    C get(String hash, Supplier<C> load) {
        synchronized (byHash) {
            C cached = byHash.get(hash);
            if (cached != null) {
                return cached;
            }
        }
        C loaded = load.get();
        synchronized (byHash) {
            C raced = byHash.putIfAbsent(hash, loaded);
            return raced != null ? raced : loaded;
        }
    }

    int size() {
        synchronized (byHash) {
            return byHash.size();
        }
    }
}
