package io.diode.pocketic.embedded.cycles;

import io.diode.pocketic.embedded.api.HttpHeader;
import io.diode.pocketic.embedded.management.HttpRequestArgs;
import java.nio.charset.StandardCharsets;

/**
 * The {@code request_bytes} of the HTTPS outcall price: "the entire request, not just the HTTP body":
 * {@code url.len + transform.name.len + transform.context.len + body.len + header_len}, where
 * {@code header_len} sums every header's name and value (Cycles cost formulas, "HTTPS outcalls").
 * Lengths are in UTF-8 bytes.
 */
public final class HttpOutcallRequestSize {

    private HttpOutcallRequestSize() {}

    public static long of(HttpRequestArgs request) {
        long size = utf8Length(request.url());
        if (request.transform() != null) {
            size += utf8Length(request.transform().method())
                    + request.transform().context().length;
        }
        if (request.body() != null) {
            size += request.body().length;
        }
        for (HttpHeader header : request.headers()) {
            size += utf8Length(header.name()) + utf8Length(header.value());
        }
        return size;
    }

    private static long utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
