package io.diode.pocketic.embedded.server;

import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request as the REST API sees it, independent of the HTTP server library.
 *
 * @param headers header names in lower case
 */
public record RestRequest(String method, String path, Map<String, String> headers, byte[] body) {

    public RestRequest {
        method = method.toUpperCase(Locale.ROOT);
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
