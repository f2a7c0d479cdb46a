package io.diode.pocketic.embedded.certification;

import com.fasterxml.jackson.databind.JsonNode;
import io.diode.candid.Leb128;
import io.diode.ic.Sha256;
import io.diode.pocketic.embedded.api.MessageId;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Computes the id of an IC request: the representation-independent hash of its {@code content} map (IC interface
 * specification, "Request ids"). Agents compute it before sending, sign it, and later ask for
 * {@code request_status/<id>}, so it must match theirs bit for bit. The result is the engine's
 * {@link MessageId}: the IC HTTP interface submits the message under the agent's own id.
 *
 * <p>Each field hashes to {@code sha256(key) || sha256(value)}; the pairs are sorted bytewise and hashed together.
 * Values hash as: blobs raw, text as UTF-8, naturals as unsigned LEB128 (negative integers as signed LEB128),
 * arrays as the concatenation of their elements' hashes, maps recursively.
 */
public final class RepresentationIndependentHash {

    private RepresentationIndependentHash() {}

    /**
     * The request id of a CBOR-decoded content map, as the engine's message id.
     *
     * @throws IllegalArgumentException when {@code content} is not a map or holds a value that has no hash
     */
    public static MessageId requestId(JsonNode content) {
        if (!content.isObject()) {
            throw new IllegalArgumentException("request content must be a CBOR map, got " + content.getNodeType());
        }
        return new MessageId(hashOfMap(content));
    }

    /**
     * The representation-independent hash of any map of blobs, text, naturals, arrays and maps: besides request
     * contents, the spec hashes query responses this way before a node signs them.
     */
    public static byte[] hashOf(JsonNode map) {
        return hashOfMap(map);
    }

    private static byte[] hashOfMap(JsonNode map) {
        List<byte[]> pairs = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = map.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            byte[] pair = new byte[64];
            System.arraycopy(Sha256.of(field.getKey().getBytes(StandardCharsets.UTF_8)), 0, pair, 0, 32);
            System.arraycopy(hashOfValue(field.getValue(), field.getKey()), 0, pair, 32, 32);
            pairs.add(pair);
        }
        pairs.sort(Arrays::compareUnsigned);
        return Sha256.of(pairs.toArray(byte[][]::new));
    }

    private static byte[] hashOfValue(JsonNode value, String field) {
        if (value.isBinary()) {
            return Sha256.of(binary(value));
        }
        if (value.isTextual()) {
            return Sha256.of(value.textValue().getBytes(StandardCharsets.UTF_8));
        }
        if (value.isIntegralNumber()) {
            return Sha256.of(leb128(value.bigIntegerValue()));
        }
        if (value.isArray()) {
            ByteArrayOutputStream hashes = new ByteArrayOutputStream();
            for (JsonNode element : value) {
                hashes.writeBytes(hashOfValue(element, field));
            }
            return Sha256.of(hashes.toByteArray());
        }
        if (value.isObject()) {
            return hashOfMap(value);
        }
        throw new IllegalArgumentException("field '" + field + "' has a " + value.getNodeType()
                + " value, which has no request-id hash: use a blob, text, natural number, array or map");
    }

    private static byte[] binary(JsonNode value) {
        try {
            return value.binaryValue();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a binary node could not return its bytes", e);
        }
    }

    /** LEB128: unsigned for naturals (what every request field holds), signed for the rare negative integer. */
    static byte[] leb128(BigInteger value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (value.signum() >= 0) {
            Leb128.writeUnsigned(out, value);
        } else {
            Leb128.writeSigned(out, value);
        }
        return out.toByteArray();
    }
}
