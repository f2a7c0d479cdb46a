package io.diode.pocketic.embedded.server;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** What a REST endpoint answers: status, content type, body and any extra headers. */
public record RestResponse(int status, String contentType, byte[] body, Map<String, String> headers) {

    static final String JSON = "application/json";

    public static RestResponse json(int status, byte[] body) {
        return new RestResponse(status, JSON, body, Map.of());
    }

    public static RestResponse text(int status, String body) {
        return new RestResponse(status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public static RestResponse empty(int status) {
        return new RestResponse(status, null, new byte[0], Map.of());
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
