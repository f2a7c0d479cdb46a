package io.diode.maven.release;

import io.diode.candid.CandidException;
import io.diode.ic.management.CanisterIdRecord;
import io.diode.ic.management.CanisterInstallMode;
import io.diode.ic.management.CanisterStatusResult;
import io.diode.ic.management.ChunkHash;
import io.diode.ic.management.InstallChunkedCodeArgs;
import io.diode.ic.management.InstallCodeArgs;
import io.diode.ic.management.ManagementMethod;
import io.diode.ic.management.ProvisionalCreateCanisterArgs;
import io.diode.ic.management.UploadChunkArgs;
import io.diode.maven.build.BuildLog;
import java.math.BigInteger;
import java.net.ConnectException;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ic4j.agent.Agent;
import org.ic4j.agent.AgentBuilder;
import org.ic4j.agent.AgentError;
import org.ic4j.agent.ReplicaTransport;
import org.ic4j.agent.Request;
import org.ic4j.agent.RequestStatusResponse;
import org.ic4j.agent.Response;
import org.ic4j.agent.certification.Certificate;
import org.ic4j.agent.certification.hashtree.Label;
import org.ic4j.agent.certification.hashtree.LookupResult;
import org.ic4j.agent.http.ReplicaOkHttpTransport;
import org.ic4j.agent.requestid.RequestId;
import org.ic4j.types.Principal;

/**
 * {@link ReplicaGateway} over the IC HTTP interface with ic4j-agent. Certificates of read_state and request-status
 * replies are verified (BLS) against the IC root key, or on a local network against the root key it publishes at
 * {@code /api/v2/status}, as dfx does. Query replies are checked against node signatures when
 * {@code verifyQuerySignatures} is on. Only {@code insecure} turns verification off, with a warning.
 */
public final class Ic4jReplicaGateway implements ReplicaGateway {
    private static final Pattern REPLICA_ERROR = Pattern.compile("code (\\d+), message: \"(.*)\"", Pattern.DOTALL);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

    private final NetworkSettings network;
    private final Agent agent;
    private final Duration callTimeout;
    private final boolean verifyQuerySignatures;
    private Optional<Principal> creationEffectiveCanisterId = Optional.empty();

    private Ic4jReplicaGateway(
            NetworkSettings network, Agent agent, Duration callTimeout, boolean verifyQuerySignatures) {
        this.network = network;
        this.agent = agent;
        this.callTimeout = callTimeout;
        this.verifyQuerySignatures = verifyQuerySignatures;
    }

    /**
     * The canister id that routes {@code provisional_create_canister_with_cycles} to a subnet: any id in the subnet's
     * canister ranges. Without one, {@link #provisionalCreateCanister} asks a PocketIC instance for its
     * {@code default_effective_canister_id} (at {@code <url>/_/topology}, as dfx does), and falls back to the
     * management canister's id, which older local replicas accept.
     */
    public Ic4jReplicaGateway creationEffectiveCanisterId(Optional<Principal> effective) {
        this.creationEffectiveCanisterId = effective;
        return this;
    }

    /**
     * Connects to {@code network}: checks it answers {@code /api/v2/status} and, on a local network, takes its
     * root key from there.
     */
    public static Ic4jReplicaGateway connect(
            NetworkSettings network,
            SigningIdentity identity,
            Duration callTimeout,
            boolean verifyQuerySignatures,
            boolean insecure,
            BuildLog log)
            throws ReleaseException {
        // Short connect/answer timeouts and a diagnosis first: ic4j would wait for the call timeout on a TLS
        // handshake that never completes, and reports most wrong URLs as "…communication with the replica: {0}".
        new NetworkProbe(network).check();
        ReplicaTransport transport;
        try {
            transport =
                    ReplicaOkHttpTransport.create(network.url().toString(), (int) Math.max(1, callTimeout.toSeconds()));
        } catch (URISyntaxException malformed) {
            throw new ReleaseException(
                    "The URL of network " + network.name() + " is malformed: " + malformed.getMessage());
        }
        Agent agent = new AgentBuilder()
                .transport(transport)
                .identity(identity.identity())
                .build();
        Ic4jReplicaGateway gateway =
                new Ic4jReplicaGateway(network, agent, callTimeout, verifyQuerySignatures && !insecure);
        try {
            if (insecure) {
                log.warn("*** diode.insecure=true: certificates and signatures from network " + network.name()
                        + " are NOT verified. Never use this against a network you do not control. ***");
                agent.setVerify(false);
            }
            if (network.local()) {
                gateway.await(
                        CompletableFuture.runAsync(agent::fetchRootKey), "reading the root key at /api/v2/status");
            } else {
                gateway.await(agent.status(), "reading /api/v2/status");
            }
        } catch (ReleaseException unreachable) {
            gateway.close();
            throw unreachable;
        }
        return gateway;
    }

    @Override
    public Principal provisionalCreateCanister(BigInteger cycles) throws ReleaseException {
        Optional<Principal> effective = creationEffectiveCanisterId.or(
                () -> PocketIcTopology.defaultEffectiveCanisterId(network.url(), callTimeout));
        byte[] reply;
        try {
            reply = managementUpdate(
                    "provisional_create_canister_with_cycles",
                    effective,
                    ManagementMethod.PROVISIONAL_CREATE_CANISTER_WITH_CYCLES.encodeArgument(
                            new ProvisionalCreateCanisterArgs(
                                    Optional.of(cycles), Optional.empty(), Optional.empty(), Optional.empty())));
        } catch (ReleaseException refused) {
            if (effective.isEmpty()) {
                throw new ReleaseException(refused.getMessage()
                        + " Set -Ddiode.effectiveCanisterId to a canister id in the" + " replica's canister ranges.");
            }
            throw refused;
        }
        return ic4j(decode(ManagementMethod.PROVISIONAL_CREATE_CANISTER_WITH_CYCLES, reply)
                .canisterId());
    }

    @Override
    public void installCode(Principal canister, InstallMode mode, byte[] wasm, byte[] arg, boolean keepMainMemory)
            throws ReleaseException {
        managementUpdate(
                "install_code",
                Optional.of(canister),
                ManagementMethod.INSTALL_CODE.encodeArgument(new InstallCodeArgs(
                        installMode(mode, keepMainMemory), candid(canister), wasm, arg, Optional.empty())));
    }

    @Override
    public byte[] uploadChunk(Principal canister, byte[] chunk) throws ReleaseException {
        return decode(
                        ManagementMethod.UPLOAD_CHUNK,
                        managementUpdate(
                                "upload_chunk",
                                Optional.of(canister),
                                ManagementMethod.UPLOAD_CHUNK.encodeArgument(
                                        new UploadChunkArgs(candid(canister), chunk))))
                .hash();
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
        managementUpdate(
                "install_chunked_code",
                Optional.of(canister),
                ManagementMethod.INSTALL_CHUNKED_CODE.encodeArgument(new InstallChunkedCodeArgs(
                        installMode(mode, keepMainMemory),
                        candid(canister),
                        Optional.empty(),
                        chunkHashes.stream().map(ChunkHash::new).toList(),
                        wasmModuleHash,
                        arg,
                        Optional.empty())));
    }

    @Override
    public void clearChunkStore(Principal canister) throws ReleaseException {
        managementUpdate(
                "clear_chunk_store",
                Optional.of(canister),
                ManagementMethod.CLEAR_CHUNK_STORE.encodeArgument(new CanisterIdRecord(candid(canister))));
    }

    @Override
    public Optional<String> moduleHash(Principal canister) throws ReleaseException {
        Certificate certificate = await(
                agent.fetchCertificate(canister, canister, "module_hash"), "reading the module hash of " + canister);
        // ic4j consumes the path while it walks the tree, so it must be a mutable list.
        List<Label> path = new java.util.ArrayList<>(
                List.of(new Label("canister"), new Label(canister.getValue()), new Label("module_hash")));
        LookupResult result = certificate.tree.lookupPath(path);
        if (result.status == LookupResult.LookupResultStatus.FOUND) {
            return Optional.of(HexFormat.of().formatHex(result.value));
        }
        if (result.status == LookupResult.LookupResultStatus.ABSENT) {
            return Optional.empty(); // the canister exists without code, or does not exist on this subnet
        }
        throw new ReleaseException("The certificate of network " + network.name() + " does not say whether canister "
                + canister + " has a module (lookup " + result.status + ").");
    }

    @Override
    public CanisterStatus canisterStatus(Principal canister) throws ReleaseException {
        CanisterStatusResult status = decode(
                ManagementMethod.CANISTER_STATUS,
                managementUpdate(
                        "canister_status",
                        Optional.of(canister),
                        ManagementMethod.CANISTER_STATUS.encodeArgument(new CanisterIdRecord(candid(canister)))));
        return new CanisterStatus(
                status.status().name().toLowerCase(Locale.ROOT),
                status.cycles(),
                status.memorySize(),
                status.moduleHash().map(HexFormat.of()::formatHex),
                status.settings().controllers().stream()
                        .map(Ic4jReplicaGateway::ic4j)
                        .toList());
    }

    /** An upgrade keeps main memory when asked (a module with enhanced orthogonal persistence needs it). */
    private static CanisterInstallMode installMode(InstallMode mode, boolean keepMainMemory) {
        return switch (mode) {
            case INSTALL -> CanisterInstallMode.INSTALL;
            case REINSTALL -> CanisterInstallMode.REINSTALL;
            case UPGRADE ->
                new CanisterInstallMode.Upgrade(Optional.of(new CanisterInstallMode.UpgradeFlags(
                        Optional.empty(),
                        keepMainMemory
                                ? Optional.of(CanisterInstallMode.WasmMemoryPersistence.KEEP)
                                : Optional.empty())));
        };
    }

    private static <R> R decode(ManagementMethod<?, R> method, byte[] reply) throws ReleaseException {
        try {
            return method.decodeResult(reply);
        } catch (CandidException malformed) {
            throw new ReleaseException("The reply of " + method.name()
                    + " does not fit the IC interface specification: " + malformed.getMessage());
        }
    }

    private static io.diode.candid.Principal candid(Principal principal) {
        return io.diode.candid.Principal.fromBytes(principal.getValue());
    }

    private static Principal ic4j(io.diode.candid.Principal principal) {
        return Principal.from(principal.bytes());
    }

    @Override
    public byte[] query(Principal canister, String method, byte[] candidArgument) throws ReleaseException {
        CompletableFuture<Response<byte[]>> reply = agent.queryRaw(
                canister, canister, method, new Request<>(candidArgument), Optional.empty(), verifyQuerySignatures);
        return await(reply, "query " + method + " on " + canister).getPayload();
    }

    @Override
    public byte[] update(Principal canister, String method, byte[] candidArgument) throws ReleaseException {
        return callAndAwait(canister, canister, method, candidArgument);
    }

    private byte[] managementUpdate(String method, Optional<Principal> effectiveCanister, byte[] argument)
            throws ReleaseException {
        // Calls to aaaaa-aa are routed by the canister they concern; creation names no canister, so it goes to
        // the management canister's own id, which local replicas accept for provisional creation.
        Principal effective = effectiveCanister.orElse(Principal.managementCanister());
        return callAndAwait(Principal.managementCanister(), effective, method, argument);
    }

    /**
     * Submits an update call and polls its certified status. Unlike ic4j's {@code callAndWait}, a certificate that
     * fails verification ends the wait at once instead of being retried until the timeout.
     */
    private byte[] callAndAwait(Principal canister, Principal effective, String method, byte[] argument)
            throws ReleaseException {
        String what = "call " + method + " on "
                + (canister.equals(Principal.managementCanister()) ? "the management canister" : canister.toString());
        RequestId requestId = await(agent.updateRaw(canister, effective, method, argument, Optional.empty()), what);
        Instant deadline = Instant.now().plus(callTimeout);
        while (true) {
            RequestStatusResponse status =
                    await(agent.requestStatusRaw(requestId, effective), "awaiting the reply to " + what);
            switch (status.status) {
                case REPLIED_STATUS:
                    return status.replied.map(reply -> reply.arg).orElse(new byte[0]);
                case REJECTED_STATUS:
                    RequestStatusResponse.Rejected rejected = status.rejected.orElseThrow();
                    throw new CanisterCallException(
                            rejected.rejectCode == null ? 0 : rejected.rejectCode,
                            capitalized(what) + " was rejected (reject code " + rejected.rejectCode + "): "
                                    + rejected.rejectMessage);
                case DONE_STATUS:
                    throw new ReleaseException(capitalized(what) + " finished but its reply is no longer available"
                            + " (request " + requestId.toHexString() + ").");
                default:
                    break;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new ReleaseException(capitalized(what) + " did not finish within " + callTimeout.toSeconds()
                        + " s (request " + requestId.toHexString() + " is " + status.status
                        + "). Raise -Ddiode.callTimeout"
                        + " or check the network.");
            }
            try {
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new ReleaseException("Interrupted while awaiting " + what);
            }
        }
    }

    private <T> T await(CompletableFuture<T> future, String what) throws ReleaseException {
        try {
            return future.get(callTimeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new ReleaseException("Interrupted while " + what);
        } catch (TimeoutException slow) {
            future.cancel(true);
            throw new ReleaseException("Network " + network + " did not answer within " + callTimeout.toSeconds()
                    + " s while " + what + ". Raise -Ddiode.callTimeout or check the network.");
        } catch (ExecutionException failed) {
            throw translate(failed.getCause(), what);
        } catch (AgentError failed) {
            throw translate(failed, what);
        }
    }

    /** Turns ic4j's errors into messages that say what failed and what to do. */
    ReleaseException translate(Throwable failure, String what) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            if (root instanceof ConnectException || root instanceof UnknownHostException) {
                break;
            }
            root = root.getCause();
        }
        if (root instanceof ConnectException
                || root instanceof UnknownHostException
                || root instanceof java.net.SocketTimeoutException
                || root instanceof java.net.NoRouteToHostException) {
            return new ReleaseException("Cannot reach network " + network + " while " + what + ": "
                    + root.getClass().getSimpleName()
                    + (root.getMessage() == null ? "" : " (" + root.getMessage() + ")")
                    + ". Is the replica running? Check the network's <url> or -Ddiode.networkUrl.");
        }
        if (failure instanceof AgentError agentError) {
            AgentError.AgentErrorCode code = agentError.getCode();
            // ic4j wraps replica answers in generic phrases; the replica's own text is what helps.
            String message = agentError.getLocalizedMessage() == null
                    ? code.toString()
                    : agentError
                            .getLocalizedMessage()
                            .replace("A tool returned a string message error: ", "")
                            .replace("The replica returned an HTTP Error: ", "");
            if (code == AgentError.AgentErrorCode.REPLICA_ERROR) {
                Matcher matcher = REPLICA_ERROR.matcher(message);
                if (matcher.find()) {
                    return new CanisterCallException(
                            Integer.parseInt(matcher.group(1)),
                            capitalized(what) + " was rejected (reject code " + matcher.group(1) + "): "
                                    + matcher.group(2));
                }
            }
            if (code == AgentError.AgentErrorCode.CERTIFICATE_VERIFICATION_FAILED
                    || code == AgentError.AgentErrorCode.CERTIFICATE_NOT_AUTHORIZED
                    || code == AgentError.AgentErrorCode.QUERY_SIGNATURE_VERIFICATION_FAILED
                    || code == AgentError.AgentErrorCode.MISSING_SIGNATURE) {
                return new ReleaseException("The answer of network " + network + " while " + what
                        + " failed verification: " + message + " The goals do not trust unverified answers.");
            }
            if (code == AgentError.AgentErrorCode.HTTP_ERROR || code == AgentError.AgentErrorCode.TRANSPORT_ERROR) {
                // ic4j leaves its "{0}" placeholder unfilled for transport errors: the cause is the information.
                String detail = message.contains("{0}")
                        ? message.replace(
                                "{0}",
                                String.valueOf(agentError.getCause() == null ? "no detail" : agentError.getCause()))
                        : message;
                return new ReleaseException("Network " + network + " failed while " + what + ": " + detail);
            }
            return new ReleaseException("Network " + network + " failed while " + what + ": " + message);
        }
        return new ReleaseException("Network " + network + " failed while " + what + ": " + failure);
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    @Override
    public void close() {
        agent.close();
    }

    /** The network this gateway talks to. */
    public NetworkSettings network() {
        return network;
    }
}
