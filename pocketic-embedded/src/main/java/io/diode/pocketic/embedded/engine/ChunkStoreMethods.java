package io.diode.pocketic.embedded.engine;

import static io.diode.pocketic.embedded.engine.ControllerCheck.withControlled;

import io.diode.pocketic.embedded.api.CallResult;
import io.diode.pocketic.embedded.management.ManagementArgumentDecoder;
import io.diode.pocketic.embedded.management.ManagementResultEncoder;
import io.diode.pocketic.embedded.management.UploadChunkArgs;

/**
 * The management canister's chunk-store methods: {@code upload_chunk}, {@code stored_chunks} and
 * {@code clear_chunk_store}, for controllers only; the store and its limits are {@link WasmChunkStore}.
 */
final class ChunkStoreMethods {

    private final Subnet subnet;

    ChunkStoreMethods(Subnet subnet) {
        this.subnet = subnet;
    }

    CallResult uploadChunk(Message.Request request) {
        UploadChunkArgs args = ManagementArgumentDecoder.uploadChunk(request.argument());
        return withControlled(subnet, args.canisterId(), request, "upload_chunk", canister -> {
            try {
                return new CallResult.Reply(ManagementResultEncoder.uploadChunk(
                        canister.chunkStore().insert(args.chunk())));
            } catch (WasmChunkStore.ChunkStoreException refused) {
                return IcRejects.wasmChunkStore(refused.getMessage());
            }
        });
    }

    CallResult storedChunks(Message.Request request) {
        return withControlled(
                subnet,
                request,
                "stored_chunks",
                canister -> new CallResult.Reply(ManagementResultEncoder.storedChunks(
                        canister.chunkStore().hashes())));
    }

    CallResult clearChunkStore(Message.Request request) {
        return withControlled(subnet, request, "clear_chunk_store", canister -> {
            canister.chunkStore().clear();
            return new CallResult.Reply(ManagementResultEncoder.empty());
        });
    }
}
