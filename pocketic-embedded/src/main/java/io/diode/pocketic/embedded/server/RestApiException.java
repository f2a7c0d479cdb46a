package io.diode.pocketic.embedded.server;

/**
 * A request the server refuses, with the HTTP status and a message that says what to do. It becomes the
 * real PocketIC server's error body, {@code {"message": "..."}}.
 */
public class RestApiException extends RuntimeException {

    private final int status;

    public RestApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static RestApiException badRequest(String message) {
        return new RestApiException(400, message);
    }

    public static RestApiException notFound(String message) {
        return new RestApiException(404, message);
    }

    /** A feature of the real PocketIC server this engine does not offer: never a silent success. */
    public static RestApiException unsupported(String what) {
        return new RestApiException(400, what + " is not supported by pocketic-embedded");
    }
}
