package io.diode.pocketic.embedded.engine;

import io.diode.pocketic.embedded.api.CallResult;
import io.diode.pocketic.embedded.api.RejectCode;
import io.diode.pocketic.embedded.management.ManagementArgumentDecoder;
import io.diode.pocketic.embedded.management.ManagementResultEncoder;
import io.diode.pocketic.embedded.management.UploadChunkArgs;
import java.util.List;

/** The management canister's chunk-store methods: {@code upload_chunk}, {@code stored_chunks}, {@code clear_chunk_store}. */
final class ChunkStoreMethods {

    static final int MAX_CHUNK_BYTES = 1024 * 1024;
    static final int MAX_CHUNKS = 100;

    private final Subnet subnet;

    ChunkStoreMethods(Subnet subnet) {
        this.subnet = subnet;
    }

    CallResult uploadChunk(Message.Request request) {
        UploadChunkArgs args = ManagementArgumentDecoder.uploadChunk(request.argument());
        return ControllerCheck.withControlled(subnet, args.canisterId(), request.sender(), "upload_chunk", canister -> {
            if (args.chunk().length > MAX_CHUNK_BYTES) {
                return new CallResult.Reject(RejectCode.CANISTER_REJECT, "Error from Wasm chunk store: a chunk has at"
                        + " most " + MAX_CHUNK_BYTES + " bytes, got " + args.chunk().length, "IC0406");
            }
            if (canister.chunkStore.size() >= MAX_CHUNKS) {
                return new CallResult.Reject(RejectCode.CANISTER_REJECT, "Error from Wasm chunk store: the store is"
                        + " full (" + MAX_CHUNKS + " chunks); call clear_chunk_store first", "IC0406");
            }
            byte[] hash = ManagementCanister.sha256(args.chunk());
            canister.chunkStore.put(canister.chunkKey(hash), args.chunk().clone());
            return new CallResult.Reply(ManagementResultEncoder.uploadChunk(hash));
        });
    }

    CallResult storedChunks(Message.Request request) {
        return ControllerCheck.withControlled(subnet, ManagementArgumentDecoder.canisterId("stored_chunks", request.argument())
                .canisterId(), request.sender(), "stored_chunks", canister -> {
            List<byte[]> hashes = canister.chunkStore.values().stream().map(ManagementCanister::sha256).toList();
            return new CallResult.Reply(ManagementResultEncoder.storedChunks(hashes));
        });
    }

    CallResult clearChunkStore(Message.Request request) {
        return ControllerCheck.withControlled(subnet, ManagementArgumentDecoder.canisterId("clear_chunk_store",
                request.argument()).canisterId(), request.sender(), "clear_chunk_store", canister -> {
            canister.chunkStore.clear();
            return new CallResult.Reply(ManagementResultEncoder.empty());
        });
    }
}
