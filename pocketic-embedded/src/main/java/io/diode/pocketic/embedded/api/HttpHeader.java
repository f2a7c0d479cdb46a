package io.diode.pocketic.embedded.api;

public record HttpHeader(String name, String value) {}
