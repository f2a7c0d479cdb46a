package io.diode.pocketic.embedded.management;

import java.util.Objects;
import org.ic4j.types.Principal;

/** {@code upload_chunk_args}. */
public record UploadChunkArgs(Principal canisterId, byte[] chunk) {
    public UploadChunkArgs {
        Objects.requireNonNull(canisterId);
        Objects.requireNonNull(chunk);
    }
}
