package io.diode.pocketic.embedded.ichttp;

import java.nio.charset.StandardCharsets;

/** What one IC HTTP interface request is answered with: CBOR on success, plain text explaining a refusal. */
public record IcHttpResponse(int status, String contentType, byte[] body) {

    static final String CBOR = "application/cbor";

    static IcHttpResponse cbor(int status, byte[] body) {
        return new IcHttpResponse(status, CBOR, body);
    }

    static IcHttpResponse accepted() {
        return new IcHttpResponse(202, null, new byte[0]);
    }

    static IcHttpResponse error(int status, String message) {
        return new IcHttpResponse(status, "text/plain; charset=utf-8", message.getBytes(StandardCharsets.UTF_8));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
