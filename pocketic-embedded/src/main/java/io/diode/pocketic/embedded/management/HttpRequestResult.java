package io.diode.pocketic.embedded.management;

import io.diode.pocketic.embedded.api.HttpHeader;
import java.math.BigInteger;
import java.util.List;
import java.util.Objects;

/** {@code http_request_result}: {@code record { status : nat; headers : vec http_header; body : blob }}. */
public record HttpRequestResult(BigInteger status, List<HttpHeader> headers, byte[] body) {
    public HttpRequestResult {
        Objects.requireNonNull(status);
        headers = List.copyOf(headers);
        Objects.requireNonNull(body);
    }
}
