package io.diode.pocketic.embedded.wasm;

import java.util.List;
import java.util.stream.Collectors;

/** A function signature: parameter and result types. */
public record FunctionType(List<ValueType> params, List<ValueType> results) {

    public FunctionType {
        params = List.copyOf(params);
        results = List.copyOf(results);
    }

    @Override
    public String toString() {
        return "(" + join(params) + ") -> (" + join(results) + ")";
    }

    private static String join(List<ValueType> types) {
        return types.stream().map(t -> t.name().toLowerCase()).collect(Collectors.joining(", "));
    }
}
