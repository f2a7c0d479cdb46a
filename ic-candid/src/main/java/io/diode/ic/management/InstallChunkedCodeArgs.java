package io.diode.ic.management;

import io.diode.candid.CandidName;
import io.diode.candid.Principal;
import java.util.List;
import java.util.Optional;

/** {@code install_chunked_code_args}: install a module whose chunks are in {@code store_canister}'s chunk store. */
public record InstallChunkedCodeArgs(
        CanisterInstallMode mode,
        @CandidName("target_canister") Principal targetCanister,
        @CandidName("store_canister") Optional<Principal> storeCanister,
        @CandidName("chunk_hashes_list") List<ChunkHash> chunkHashesList,
        @CandidName("wasm_module_hash") byte[] wasmModuleHash,
        byte[] arg,
        @CandidName("sender_canister_version") Optional<Long> senderCanisterVersion) {}
