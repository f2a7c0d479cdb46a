package io.diode.pocketic.embedded.management;

/** {@code variant { get; head; post }} of an HTTP outcall. */
public enum HttpMethod {
    GET("get"),
    HEAD("head"),
    POST("post");

    private final String candidName;

    HttpMethod(String candidName) {
        this.candidName = candidName;
    }

    public String candidName() {
        return candidName;
    }
}
