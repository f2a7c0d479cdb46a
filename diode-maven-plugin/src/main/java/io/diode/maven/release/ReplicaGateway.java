package io.diode.maven.release;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.ic4j.types.Principal;

/**
 * The release goals' narrow view of an IC network: the management-canister calls they make, certified state
 * reads, and plain canister calls with Candid bytes in and out. {@link Ic4jReplicaGateway} implements it over the
 * IC HTTP interface; tests use an in-memory fake. Every method throws {@link CanisterCallException} when the IC
 * rejects the call and {@link ReleaseException} when the network cannot be reached or answers nonsense.
 */
public interface ReplicaGateway extends AutoCloseable {

    /** Creates an empty canister with {@code cycles} (local networks only: {@code provisional_create_canister_with_cycles}). */
    Principal provisionalCreateCanister(BigInteger cycles) throws ReleaseException;

    /** {@code install_code} with the whole module in one message. */
    void installCode(Principal canister, InstallMode mode, byte[] wasm, byte[] arg, boolean keepMainMemory)
            throws ReleaseException;

    /** {@code upload_chunk}: stores one chunk in the canister's chunk store; returns its SHA-256. */
    byte[] uploadChunk(Principal canister, byte[] chunk) throws ReleaseException;

    /** {@code install_chunked_code} from the canister's own chunk store. */
    void installChunkedCode(
            Principal canister,
            InstallMode mode,
            List<byte[]> chunkHashes,
            byte[] wasmModuleHash,
            byte[] arg,
            boolean keepMainMemory)
            throws ReleaseException;

    /** {@code clear_chunk_store}. */
    void clearChunkStore(Principal canister) throws ReleaseException;

    /** The certified {@code module_hash} of {@code canister} (read_state), hex; empty when no code is installed. */
    Optional<String> moduleHash(Principal canister) throws ReleaseException;

    /** {@code canister_status} (the caller must be a controller). */
    CanisterStatus canisterStatus(Principal canister) throws ReleaseException;

    /** A query call; returns the Candid reply. */
    byte[] query(Principal canister, String method, byte[] candidArgument) throws ReleaseException;

    /** An update call, awaited until the certified reply arrives; returns the Candid reply. */
    byte[] update(Principal canister, String method, byte[] candidArgument) throws ReleaseException;

    @Override
    void close();
}
