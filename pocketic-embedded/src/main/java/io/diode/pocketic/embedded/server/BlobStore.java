package io.diode.pocketic.embedded.server;

import io.diode.ic.Sha256;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;

/**
 * The server-wide store behind {@code /blobstore}: large payloads (stable memory) are uploaded once as raw
 * bytes and then named by their SHA-256 in JSON requests, as on the real PocketIC server.
 */
public final class BlobStore {

    /** A stored blob as uploaded; {@code gzip} when it was sent with {@code Content-Encoding: gzip}. */
    public record Blob(byte[] data, boolean gzip) {}

    private final Map<String, Blob> blobs = new ConcurrentHashMap<>();
    private final long maxDecompressedBytes;

    /** @param maxDecompressedBytes refuses gzip blobs that inflate beyond this (a zip bomb must not kill the server) */
    public BlobStore(long maxDecompressedBytes) {
        this.maxDecompressedBytes = maxDecompressedBytes;
    }

    /** Stores the blob and returns its id: the hex SHA-256 of the bytes as uploaded. */
    public String put(byte[] data, boolean gzip) {
        String id = Sha256.hex(data);
        blobs.put(id, new Blob(data.clone(), gzip));
        return id;
    }

    public Optional<Blob> get(String hexId) {
        return Optional.ofNullable(blobs.get(hexId.toLowerCase()));
    }

    /** The blob's content, inflated if it was uploaded compressed. */
    public byte[] content(byte[] blobId) {
        String hexId = HexFormat.of().formatHex(blobId);
        Blob blob = get(hexId)
                .orElseThrow(() -> RestApiException.notFound(
                        "no blob " + hexId + " in the blob store; upload it first with POST /blobstore"));
        return blob.gzip() ? gunzip(blob.data(), hexId) : blob.data();
    }

    private byte[] gunzip(byte[] data, String hexId) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
            byte[] inflated = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxDecompressedBytes + 1));
            if (inflated.length > maxDecompressedBytes) {
                throw new RestApiException(
                        413, "blob " + hexId + " inflates beyond " + maxDecompressedBytes + " bytes");
            }
            return inflated;
        } catch (IOException e) {
            throw RestApiException.badRequest(
                    "blob " + hexId + " was uploaded as gzip but is not valid gzip: " + e.getMessage());
        }
    }
}
