package io.diode.pocketic.embedded.server;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** Parses request bodies and writes response bodies as JSON, the way the PocketIC REST API encodes them. */
public final class JsonCodec {

    /** Created on first use: Jackson's start-up would otherwise delay the server's first {@code /status}. */
    private static final class Mapper {
        static final ObjectMapper INSTANCE = new ObjectMapper()
                // u64 times and u128 cycle amounts must not lose precision through doubles or longs
                .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    public JsonNode parse(byte[] body) {
        if (body.length == 0) {
            throw RestApiException.badRequest("the request body is empty; this endpoint expects a JSON document");
        }
        try {
            return Mapper.INSTANCE.readTree(body);
        } catch (JsonProcessingException e) {
            // Jackson's read constraints (nesting depth 500, numbers of 1,000 digits, ...) throw without a location
            JsonLocation where = e.getLocation();
            throw RestApiException.badRequest("malformed JSON in the request body: " + e.getOriginalMessage()
                    + (where == null ? "" : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")"));
        } catch (IOException e) {
            throw RestApiException.badRequest("unreadable request body: " + e.getMessage());
        }
    }

    /** Parses a body that must be a JSON object. */
    public RequestObject parseObject(byte[] body, String what) {
        return RequestObject.of(parse(body), what);
    }

    public byte[] write(JsonNode value) {
        try {
            return Mapper.INSTANCE.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    public RestResponse ok(JsonNode value) {
        return RestResponse.json(200, write(value));
    }

    /** The body of a successful operation without a result: serde's unit, {@code null}. */
    public RestResponse okUnit() {
        return RestResponse.json(200, write(JsonNodeFactory.instance.nullNode()));
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    public static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }

    public static ObjectNode error(String message) {
        return object().put("message", message);
    }
}
