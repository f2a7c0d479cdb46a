package io.diode.pocketic.embedded.management;

import io.diode.pocketic.embedded.api.HttpHeader;
import java.util.List;
import java.util.Objects;

/**
 * {@code http_request_args}.
 *
 * @param maxResponseBytes {@code opt nat64} (unsigned), or null (the IC's limit, 2 MB, applies)
 * @param body             null when not given
 * @param transform        null when not given
 * @param isReplicated     null when not given (replicated)
 * @param pricingVersion   {@code opt nat32}, or null
 */
public record HttpRequestArgs(
        String url,
        Long maxResponseBytes,
        HttpMethod method,
        List<HttpHeader> headers,
        byte[] body,
        HttpTransform transform,
        Boolean isReplicated,
        Integer pricingVersion) {
    public HttpRequestArgs {
        Objects.requireNonNull(url);
        Objects.requireNonNull(method);
        headers = List.copyOf(headers);
    }
}
