package io.diode.pocketic.embedded.wasm;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The host functions an instance's imports are bound to, by module and name (such as {@code ic0}, {@code time}).
 * Immutable; build one with {@link #builder()} and reuse it across instances.
 */
public final class HostImports {

    private final Map<String, HostFunction> functions;

    private HostImports(Map<String, HostFunction> functions) {
        this.functions = Map.copyOf(functions);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** No host functions: for modules without imports. */
    public static HostImports none() {
        return new HostImports(Map.of());
    }

    public Optional<HostFunction> function(String module, String name) {
        return Optional.ofNullable(functions.get(key(module, name)));
    }

    private static String key(String module, String name) {
        return module + "\u0000" + name;
    }

    public static final class Builder {
        private final Map<String, HostFunction> functions = new LinkedHashMap<>();

        private Builder() {}

        /** Binds {@code module.name}; a later binding of the same name replaces an earlier one. */
        public Builder function(String module, String name, HostFunction function) {
            if (module == null || name == null || function == null) {
                throw new IllegalArgumentException("module, name and function must not be null");
            }
            functions.put(key(module, name), function);
            return this;
        }

        /** Adds every binding of {@code other} (replacing bindings of the same names). */
        public Builder addAll(HostImports other) {
            functions.putAll(other.functions);
            return this;
        }

        public HostImports build() {
            return new HostImports(functions);
        }
    }
}
