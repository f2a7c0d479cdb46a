package io.diode.candid;

/** A variant value: the chosen case (by label text, see {@link Label#text()}) and its payload. */
public record VariantValue(String label, Object value) {

    public static VariantValue of(String label) {
        return new VariantValue(label, null);
    }
}
