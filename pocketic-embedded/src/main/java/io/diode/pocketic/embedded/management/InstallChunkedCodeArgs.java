package io.diode.pocketic.embedded.management;

import java.util.List;
import java.util.Objects;
import org.ic4j.types.Principal;

/**
 * {@code install_chunked_code_args}.
 *
 * @param storeCanister        the canister holding the chunks, or null (then the target itself)
 * @param chunkHashes          SHA-256 hashes of the chunks, in the order they concatenate to the module
 * @param wasmModuleHash       SHA-256 of the whole module
 * @param senderCanisterVersion unsigned, or null
 */
public record InstallChunkedCodeArgs(
        CanisterInstallMode mode,
        Principal targetCanister,
        Principal storeCanister,
        List<byte[]> chunkHashes,
        byte[] wasmModuleHash,
        byte[] arg,
        Long senderCanisterVersion) {
    public InstallChunkedCodeArgs {
        Objects.requireNonNull(mode);
        Objects.requireNonNull(targetCanister);
        chunkHashes = List.copyOf(chunkHashes);
        Objects.requireNonNull(wasmModuleHash);
        Objects.requireNonNull(arg);
    }

    /** The canister whose chunk store holds the chunks. */
    public Principal effectiveStoreCanister() {
        return storeCanister != null ? storeCanister : targetCanister;
    }
}
