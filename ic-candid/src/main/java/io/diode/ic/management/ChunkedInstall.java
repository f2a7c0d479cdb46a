package io.diode.ic.management;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * When a module is installed through the chunk store ({@code upload_chunk} + {@code install_chunked_code}) instead of
 * one {@code install_code} message, and how it is cut: the one policy of the client and the plugin.
 *
 * <p>An ingress message carries at most 2 MiB (2,097,152 bytes: the IC's {@code max_ingress_bytes_per_message} on
 * application subnets), envelope included. A module and its argument up to {@link #MAX_INSTALL_CODE_BYTES} go in one
 * {@code install_code}: that leaves 197,152 bytes for the Candid framing (about 100 bytes) and the signed CBOR
 * envelope (under 1 KiB even with a delegation chain), a wide margin. Larger ones are cut into chunks of
 * {@link #CHUNK_BYTES}, the most the chunk store takes per chunk ({@code wasm_chunk_store}'s 1 MiB), so as few
 * {@code upload_chunk} messages as possible are sent. (The client used to chunk above 1,850,000 bytes in 1,000,000-byte
 * chunks and the plugin above 1,900,000 module bytes, not counting the argument, in 1 MiB chunks.)
 */
public final class ChunkedInstall {

    /** The largest module + argument that goes in one {@code install_code} message. */
    public static final int MAX_INSTALL_CODE_BYTES = 1_900_000;

    /** The chunk store's largest chunk, 1 MiB. */
    public static final int CHUNK_BYTES = 1024 * 1024;

    private ChunkedInstall() {}

    /** Whether a module with this argument must go through the chunk store. */
    public static boolean needsChunks(byte[] module, byte[] arg) {
        return (long) module.length + arg.length > MAX_INSTALL_CODE_BYTES;
    }

    /** The module cut into chunks of {@link #CHUNK_BYTES} (the last one shorter), in upload order. */
    public static List<byte[]> chunks(byte[] module) {
        List<byte[]> chunks = new ArrayList<>();
        for (int offset = 0; offset < module.length; offset += CHUNK_BYTES) {
            chunks.add(Arrays.copyOfRange(module, offset, Math.min(module.length, offset + CHUNK_BYTES)));
        }
        return chunks;
    }
}
