package io.diode.pocketic.embedded.engine;

import io.diode.ic.Sha256;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A canister's Wasm chunk store, as the replica's {@code WasmChunkStore}: chunks of at most {@value #CHUNK_SIZE} bytes
 * keyed by their SHA-256, each taking a whole chunk's space ({@value #CHUNK_SIZE} bytes) out of a capacity of
 * {@value #MAX_SIZE} bytes ({@code WASM_MAX_SIZE}); uploading a chunk the store has already is free, even when full.
 * Error texts are the replica's, without the {@code Error from Wasm chunk store: } prefix that the management canister
 * adds.
 */
final class WasmChunkStore {

    /** The replica's {@code CHUNK_SIZE}: 256 OS pages. */
    static final int CHUNK_SIZE = 1024 * 1024;
    /** The replica's {@code WASM_MAX_SIZE}, the store's capacity: 100 chunks. */
    static final long MAX_SIZE = 100L * 1024 * 1024;

    /** hex of SHA-256 → chunk, in upload order. */
    private final Map<String, byte[]> chunks = new LinkedHashMap<>();

    /** A failed upload or assembly, with the replica's text. */
    static final class ChunkStoreException extends Exception {
        ChunkStoreException(String message) {
            super(message);
        }
    }

    /** Stores {@code chunk}; returns its SHA-256. */
    byte[] insert(byte[] chunk) throws ChunkStoreException {
        byte[] hash = Sha256.of(chunk);
        String key = HexFormat.of().formatHex(hash);
        if (chunks.containsKey(key)) {
            return hash;
        }
        if (chunk.length > CHUNK_SIZE) {
            throw new ChunkStoreException(
                    "Wasm chunk size " + chunk.length + " exceeds the maximum chunk size of " + CHUNK_SIZE);
        }
        if ((long) chunks.size() * CHUNK_SIZE >= MAX_SIZE) {
            throw new ChunkStoreException(
                    "Wasm chunk store has already reached maximum capacity of " + MAX_SIZE + " bytes");
        }
        chunks.put(key, chunk.clone());
        return hash;
    }

    /** The hashes of the stored chunks, in upload order. */
    List<byte[]> hashes() {
        List<byte[]> hashes = new ArrayList<>();
        chunks.keySet().forEach(key -> hashes.add(HexFormat.of().parseHex(key)));
        return hashes;
    }

    /** Concatenates the chunks named by {@code hashes}, checking the result against {@code expectedModuleHash}. */
    byte[] assemble(List<byte[]> hashes, byte[] expectedModuleHash) throws ChunkStoreException {
        ByteArrayOutputStream module = new ByteArrayOutputStream();
        for (byte[] hash : hashes) {
            if (hash.length != 32) {
                throw new ChunkStoreException("Chunk hash is invalid. The length is not 32");
            }
            byte[] chunk = chunks.get(HexFormat.of().formatHex(hash));
            if (chunk == null) {
                throw new ChunkStoreException("Chunk hash " + debugBytes(hash) + " was not found");
            }
            module.writeBytes(chunk);
        }
        byte[] wasm = module.toByteArray();
        byte[] actual = Sha256.of(wasm);
        if (!Arrays.equals(actual, expectedModuleHash)) {
            throw new ChunkStoreException("Wasm module hash " + debugBytes(actual)
                    + " does not match given hash WasmHash(" + debugBytes(expectedModuleHash) + ")");
        }
        return wasm;
    }

    void clear() {
        chunks.clear();
    }

    /** Bytes the store occupies as the replica counts them: a whole chunk per stored chunk. */
    long memoryBytes() {
        return (long) chunks.size() * CHUNK_SIZE;
    }

    WasmChunkStore copy() {
        WasmChunkStore copy = new WasmChunkStore();
        copy.chunks.putAll(chunks); // chunks are never written after upload: sharing them is safe
        return copy;
    }

    void replaceWith(WasmChunkStore other) {
        chunks.clear();
        chunks.putAll(other.chunks);
    }

    /** A byte array as Rust's {@code {:?}} prints it: {@code [1, 2, 255]}. */
    private static String debugBytes(byte[] bytes) {
        return IntStream.range(0, bytes.length)
                .mapToObj(i -> String.valueOf(bytes[i] & 0xFF))
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
