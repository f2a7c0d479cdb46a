package io.diode.candid;

import java.util.Objects;

/** A {@code func} value: a method of a service. */
public record FuncRef(Principal service, String method) {
    public FuncRef {
        Objects.requireNonNull(service);
        Objects.requireNonNull(method);
    }
}
