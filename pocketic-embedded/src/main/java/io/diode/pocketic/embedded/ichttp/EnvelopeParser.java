package io.diode.pocketic.embedded.ichttp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.diode.pocketic.embedded.api.MessageId;
import io.diode.pocketic.embedded.certification.RepresentationIndependentHash;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ic4j.types.Principal;

/**
 * Decodes the CBOR bodies agents POST to the IC HTTP interface into typed requests. Every malformed input ends in
 * an {@link IcHttpException} with status 400 naming the field at fault, because agents show that text to users.
 */
public final class EnvelopeParser {

    /** Bodies above this size are refused before decoding, as the replica does (its limit is a few MiB). */
    public static final int MAX_BODY_BYTES = 5 * 1024 * 1024;

    private final ObjectMapper cbor = new ObjectMapper(new CBORFactory());

    public Envelope<CallRequest> parseCall(byte[] body) {
        return parseCanisterRequest(body, "call", CallRequest::new);
    }

    public Envelope<QueryRequest> parseQuery(byte[] body) {
        return parseCanisterRequest(body, "query", QueryRequest::new);
    }

    /** How a call or a query is made from the content fields they share. */
    @FunctionalInterface
    private interface CanisterRequestConstructor<T extends IcRequest> {
        T create(
                MessageId requestId,
                Principal sender,
                Principal canisterId,
                String methodName,
                byte[] arg,
                long ingressExpiryNanos);
    }

    /** A call or a query: the specification gives both the same content; only the request type differs. */
    private <T extends IcRequest> Envelope<T> parseCanisterRequest(
            byte[] body, String requestType, CanisterRequestConstructor<T> constructor) {
        JsonNode envelope = decode(body);
        JsonNode content = content(envelope, requestType);
        return envelope(
                envelope,
                constructor.create(
                        requestId(content),
                        principal(content, "sender"),
                        principal(content, "canister_id"),
                        text(content, "method_name"),
                        blob(content, "arg"),
                        expiry(content)));
    }

    public Envelope<ReadStateRequest> parseReadState(byte[] body) {
        JsonNode envelope = decode(body);
        JsonNode content = content(envelope, "read_state");
        JsonNode paths = required(content, "paths");
        if (!paths.isArray()) {
            throw IcHttpException.badRequest("field 'paths' must be an array of paths (arrays of blobs)");
        }
        List<List<byte[]>> decoded = new ArrayList<>();
        for (JsonNode path : paths) {
            if (!path.isArray()) {
                throw IcHttpException.badRequest("every entry of 'paths' must be an array of blob labels");
            }
            List<byte[]> labels = new ArrayList<>();
            for (JsonNode label : path) {
                if (!label.isBinary()) {
                    throw IcHttpException.badRequest(
                            "path labels must be CBOR byte strings, got " + label.getNodeType());
                }
                labels.add(bytes(label));
            }
            decoded.add(List.copyOf(labels));
        }
        return envelope(
                envelope,
                new ReadStateRequest(
                        requestId(content), principal(content, "sender"), List.copyOf(decoded), expiry(content)));
    }

    private static MessageId requestId(JsonNode content) {
        try {
            return RepresentationIndependentHash.requestId(content);
        } catch (IllegalArgumentException e) {
            throw IcHttpException.badRequest(e.getMessage());
        }
    }

    private JsonNode decode(byte[] body) {
        if (body == null || body.length == 0) {
            throw IcHttpException.badRequest("the request body is empty: send a CBOR envelope {content, ...}");
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new IcHttpException(
                    413,
                    "the request body has " + body.length + " bytes, more than the " + MAX_BODY_BYTES + " allowed");
        }
        JsonNode envelope;
        try {
            envelope = cbor.readTree(body);
        } catch (IOException e) {
            throw new IcHttpException(400, "the request body is not valid CBOR: " + e.getMessage(), e);
        }
        if (envelope == null || !envelope.isObject()) {
            throw IcHttpException.badRequest(
                    "the request body must be a CBOR map {content, sender_pubkey, " + "sender_sig, sender_delegation}");
        }
        return envelope;
    }

    private static JsonNode content(JsonNode envelope, String expectedType) {
        JsonNode content = required(envelope, "content");
        if (!content.isObject()) {
            throw IcHttpException.badRequest("the envelope's 'content' must be a CBOR map");
        }
        String type = text(content, "request_type");
        if (!type.equals(expectedType)) {
            throw IcHttpException.badRequest(
                    "this endpoint takes request_type '" + expectedType + "', got '" + type + "'");
        }
        return content;
    }

    private static <T extends IcRequest> Envelope<T> envelope(JsonNode envelope, T request) {
        Optional<byte[]> pubkey = optionalBlob(envelope, "sender_pubkey");
        Optional<byte[]> signature = optionalBlob(envelope, "sender_sig");
        JsonNode delegations = envelope.get("sender_delegation");
        int delegationCount = 0;
        if (delegations != null && !delegations.isNull()) {
            if (!delegations.isArray()) {
                throw IcHttpException.badRequest("'sender_delegation' must be an array of signed delegations");
            }
            delegationCount = delegations.size();
        }
        return new Envelope<>(request, pubkey, signature, delegationCount);
    }

    private static JsonNode required(JsonNode map, String field) {
        JsonNode value = map.get(field);
        if (value == null || value.isNull()) {
            throw IcHttpException.badRequest("the request lacks the required field '" + field + "'");
        }
        return value;
    }

    private static String text(JsonNode map, String field) {
        JsonNode value = required(map, field);
        if (!value.isTextual()) {
            throw IcHttpException.badRequest("field '" + field + "' must be text, got " + value.getNodeType());
        }
        return value.textValue();
    }

    private static byte[] blob(JsonNode map, String field) {
        JsonNode value = required(map, field);
        if (!value.isBinary()) {
            throw IcHttpException.badRequest(
                    "field '" + field + "' must be a CBOR byte string, got " + value.getNodeType());
        }
        return bytes(value);
    }

    private static Optional<byte[]> optionalBlob(JsonNode map, String field) {
        JsonNode value = map.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(blob(map, field));
    }

    private static Principal principal(JsonNode map, String field) {
        byte[] raw = blob(map, field);
        if (raw.length > 29) {
            throw IcHttpException.badRequest(
                    "field '" + field + "' holds " + raw.length + " bytes; a principal has at most 29");
        }
        return Principal.from(raw);
    }

    private static long expiry(JsonNode content) {
        JsonNode value = required(content, "ingress_expiry");
        if (!value.isIntegralNumber()
                || value.bigIntegerValue().signum() < 0
                || value.bigIntegerValue().compareTo(BigInteger.valueOf(Long.MAX_VALUE)) > 0) {
            throw IcHttpException.badRequest(
                    "field 'ingress_expiry' must be a natural number of nanoseconds " + "since 1970");
        }
        return value.longValue();
    }

    private static byte[] bytes(JsonNode binary) {
        try {
            return binary.binaryValue();
        } catch (IOException e) {
            throw new IllegalStateException("a binary node could not return its bytes", e);
        }
    }
}
