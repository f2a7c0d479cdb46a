package io.diode.pocketic.embedded.management;

import java.util.Objects;

/** {@code record { name : text; value : text }} of a canister's settings. */
public record EnvironmentVariable(String name, String value) {
    public EnvironmentVariable {
        Objects.requireNonNull(name);
        Objects.requireNonNull(value);
    }
}
