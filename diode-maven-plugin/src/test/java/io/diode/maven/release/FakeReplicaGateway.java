package io.diode.maven.release;

import io.diode.ic.Sha256;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ic4j.types.Principal;

/**
 * An in-memory network for the service classes' tests: canisters with a module hash, a chunk store, canned
 * replies for canister methods, and a journal of the management calls made.
 */
final class FakeReplicaGateway implements ReplicaGateway {
    /** Answers a canister method: the Candid argument in, the Candid reply out. */
    interface Method {
        byte[] answer(byte[] argument) throws ReleaseException;
    }

    final Map<Principal, String> moduleHashes = new LinkedHashMap<>();
    final Map<Principal, List<byte[]>> chunkStores = new HashMap<>();
    final Map<String, Method> methods = new HashMap<>();
    final List<String> journal = new ArrayList<>();
    private int nextCanister = 1;
    boolean closed;

    Principal addCanister(Optional<String> moduleHash) {
        byte[] id = {0, 0, 0, 0, 0, 0, 0, (byte) nextCanister++, 1, 1};
        Principal principal = Principal.from(id);
        moduleHashes.put(principal, moduleHash.orElse(null));
        return principal;
    }

    /** Registers {@code method} of {@code canister}. */
    void answer(Principal canister, String method, Method answer) {
        methods.put(canister + "/" + method, answer);
    }

    @Override
    public Principal provisionalCreateCanister(BigInteger cycles) {
        Principal id = addCanister(Optional.empty());
        journal.add("create " + cycles);
        return id;
    }

    @Override
    public void installCode(Principal canister, InstallMode mode, byte[] wasm, byte[] arg, boolean keepMainMemory)
            throws ReleaseException {
        exists(canister);
        journal.add(mode.candidName() + (keepMainMemory ? " keep" : "") + " " + canister + " arg="
                + HexFormat.of().formatHex(arg));
        moduleHashes.put(canister, Sha256.hex(wasm));
    }

    @Override
    public byte[] uploadChunk(Principal canister, byte[] chunk) throws ReleaseException {
        exists(canister);
        chunkStores.computeIfAbsent(canister, id -> new ArrayList<>()).add(chunk);
        journal.add("upload_chunk " + chunk.length);
        return Sha256.of(chunk);
    }

    @Override
    public void installChunkedCode(
            Principal canister,
            InstallMode mode,
            List<byte[]> chunkHashes,
            byte[] wasmModuleHash,
            byte[] arg,
            boolean keepMainMemory)
            throws ReleaseException {
        exists(canister);
        java.io.ByteArrayOutputStream module = new java.io.ByteArrayOutputStream();
        for (byte[] chunk : chunkStores.getOrDefault(canister, List.of())) {
            module.writeBytes(chunk);
        }
        String hash = Sha256.hex(module.toByteArray());
        if (!hash.equals(HexFormat.of().formatHex(wasmModuleHash))) {
            throw new CanisterCallException(5, "wasm_module_hash does not match the chunks");
        }
        journal.add("install_chunked_code " + mode.candidName() + " chunks=" + chunkHashes.size());
        moduleHashes.put(canister, hash);
    }

    @Override
    public void clearChunkStore(Principal canister) throws ReleaseException {
        exists(canister);
        chunkStores.remove(canister);
        journal.add("clear_chunk_store");
    }

    @Override
    public Optional<String> moduleHash(Principal canister) {
        return Optional.ofNullable(moduleHashes.get(canister));
    }

    @Override
    public CanisterStatus canisterStatus(Principal canister) throws ReleaseException {
        exists(canister);
        return new CanisterStatus(
                "running",
                BigInteger.valueOf(5_000_000_000_000L),
                BigInteger.valueOf(1 << 20),
                moduleHash(canister),
                List.of());
    }

    @Override
    public byte[] query(Principal canister, String method, byte[] candidArgument) throws ReleaseException {
        return call(canister, method, candidArgument);
    }

    @Override
    public byte[] update(Principal canister, String method, byte[] candidArgument) throws ReleaseException {
        journal.add("update " + method);
        return call(canister, method, candidArgument);
    }

    private byte[] call(Principal canister, String method, byte[] argument) throws ReleaseException {
        exists(canister);
        Method answer = methods.get(canister + "/" + method);
        if (answer == null) {
            throw new CanisterCallException(3, "Canister " + canister + " has no method " + method);
        }
        return answer.answer(argument);
    }

    private void exists(Principal canister) throws CanisterCallException {
        if (!moduleHashes.containsKey(canister)) {
            throw new CanisterCallException(3, "Canister " + canister + " not found");
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
