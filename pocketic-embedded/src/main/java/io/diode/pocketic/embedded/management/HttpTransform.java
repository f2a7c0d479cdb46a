package io.diode.pocketic.embedded.management;

import java.util.Objects;
import org.ic4j.types.Principal;

/**
 * The {@code transform} of an HTTP outcall: a query method of {@code canister} that the engine calls with
 * {@code record { response : http_request_result; context : blob }} and whose result replaces the response.
 */
public record HttpTransform(Principal canister, String method, byte[] context) {
    public HttpTransform {
        Objects.requireNonNull(canister);
        Objects.requireNonNull(method);
        Objects.requireNonNull(context);
    }
}
