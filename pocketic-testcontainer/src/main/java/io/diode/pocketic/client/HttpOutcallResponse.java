package io.diode.pocketic.client;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** What a mocked HTTP outcall answers: an HTTP response, or a reject as if the request could not be made. */
public sealed interface HttpOutcallResponse {

    static HttpOutcallResponse reply(int status, List<HttpHeader> headers, byte[] body) {
        return new Reply(status, headers, body);
    }

    static HttpOutcallResponse reply(int status, String body) {
        return new Reply(status, List.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    static HttpOutcallResponse reject(RejectCode code, String message) {
        return new Reject(code, message);
    }

    /** The REST API's {@code CanisterHttpResponse} encoding. */
    ObjectNode toJson();

    record Reply(int status, List<HttpHeader> headers, byte[] body) implements HttpOutcallResponse {
        public Reply {
            if (status < 100 || status > 599) {
                throw new IllegalArgumentException("HTTP status must be 100 to 599, not " + status);
            }
            headers = List.copyOf(headers);
            body = body.clone();
        }

        @Override
        public byte[] body() {
            return body.clone();
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            ObjectNode reply = node.putObject("CanisterHttpReply");
            reply.put("status", status);
            ArrayNode headerList = reply.putArray("headers");
            headers.forEach(
                    header -> headerList.addObject().put("name", header.name()).put("value", header.value()));
            reply.put("body", Base64.getEncoder().encodeToString(body));
            return node;
        }
    }

    record Reject(RejectCode code, String message) implements HttpOutcallResponse {
        @Override
        public ObjectNode toJson() {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            node.putObject("CanisterHttpReject").put("reject_code", code.code()).put("message", message);
            return node;
        }
    }
}
