package io.diode.pocketic.embedded.management.candid;

import java.util.Objects;

/** The value of a variant for {@link CandidEncoder}: the case's name and its payload ({@code null} for null). */
public record VariantValue(String caseName, Object payload) {

    public VariantValue {
        Objects.requireNonNull(caseName);
    }

    /** A case without payload (type {@code null}), like {@code running} or {@code install}. */
    public static VariantValue of(String caseName) {
        return new VariantValue(caseName, null);
    }
}
