package io.diode.pocketic.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.diode.ic.IcTime;
import io.diode.ic.Sha256;
import io.diode.ic.management.ChunkedInstall;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ic4j.types.Principal;

/**
 * One instance on a PocketIC server (the real one or {@code pocketic-embedded}), spoken to over the PocketIC v15
 * REST API: {@link #create(URI)} makes the instance, {@link #close()} deletes it. Reads like PicJS and the Rust
 * {@code pocket-ic} crate. Canister management goes as ingress messages to the management canister
 * {@code aaaaa-aa} with the target canister as the effective principal, exactly as those clients do.
 * Every method names the target canister first, then what to do (method and arguments, module and argument,
 * settings), then the {@link Sender}, which is optional: without it a call is made as the anonymous principal.
 * Not thread-safe for deletion racing with calls; calls themselves may be made from several threads.
 */
public final class PocketIc implements AutoCloseable {

    /** The management canister. */
    public static final Principal MANAGEMENT_CANISTER = Principal.managementCanister();
    /** What {@link #createCanister()} puts on a new canister, like PicJS: plenty for any test. */
    public static final BigInteger DEFAULT_CANISTER_CYCLES = new BigInteger("1000000000000000000");

    /** Above this, module plus argument do not fit one ingress message: install from chunks (as PicJS does). */
    private final PocketIcTransport transport;

    private final String instanceId;
    private final String instancePath;
    private final AtomicBoolean deleted = new AtomicBoolean();
    private final java.util.Set<Principal> createdCanisters =
            java.util.Collections.synchronizedSet(new java.util.LinkedHashSet<>());
    /** The HTTP gateway {@link #makeLive()} started, if live; guarded by {@code this}. */
    private LiveGateway liveGateway;

    private record LiveGateway(int id, URI url) {}
    /** Whether this client created the instance (and so deletes it on close). */
    private final boolean owned;

    private PocketIc(PocketIcTransport transport, String instanceId, boolean owned) {
        this.transport = transport;
        this.instanceId = instanceId;
        this.instancePath = "/instances/" + instanceId;
        this.owned = owned;
    }

    /**
     * A client for an instance that already exists on the server (created by another process, a PicJS script, or
     * {@code POST /instances} by hand), with the default timeouts. {@link #close()} leaves the instance alone.
     *
     * @throws PocketIcException when the server has no such instance, or it was deleted (the message lists the
     *                           server's instances)
     */
    public static PocketIc attach(URI serverUrl, String instanceId) {
        return builder(serverUrl).attach(instanceId);
    }

    /** A new instance with one application subnet, with the default timeouts. */
    public static PocketIc create(URI serverUrl) {
        return builder(serverUrl).create();
    }

    public static Builder builder(URI serverUrl) {
        return new Builder(serverUrl);
    }

    /** How to reach the server and what instance to make. */
    public static final class Builder {
        private final URI serverUrl;
        private InstanceConfig config = InstanceConfig.defaults();
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofMinutes(2);
        private Duration processingTimeout = Duration.ofMinutes(2);

        private Builder(URI serverUrl) {
            this.serverUrl = Objects.requireNonNull(serverUrl, "serverUrl");
            if (serverUrl.getScheme() == null || !serverUrl.getScheme().startsWith("http")) {
                throw new IllegalArgumentException(
                        "the PocketIC server URL must be http(s)://host:port, not " + serverUrl);
            }
        }

        public Builder config(InstanceConfig newConfig) {
            config = Objects.requireNonNull(newConfig, "config");
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            connectTimeout = positive(timeout, "connect timeout");
            return this;
        }

        /** The longest one HTTP request may take; installing a large module or a long tick must fit in it. */
        public Builder requestTimeout(Duration timeout) {
            requestTimeout = positive(timeout, "request timeout");
            return this;
        }

        /** The longest the client waits for an operation the real server runs asynchronously (202/409 answers). */
        public Builder processingTimeout(Duration timeout) {
            processingTimeout = positive(timeout, "processing timeout");
            return this;
        }

        /** Creates the instance on the server. */
        public PocketIc create() {
            PocketIcTransport transport =
                    new PocketIcTransport(serverUrl, connectTimeout, requestTimeout, processingTimeout);
            try {
                JsonNode answer = transport.postJson("/instances", config.toJson());
                if (answer.has("Error")) {
                    throw new PocketIcException("the PocketIC server refused to create an instance: "
                            + answer.get("Error")
                                    .path("message")
                                    .asText(answer.get("Error").toString()));
                }
                JsonNode id = answer.path("Created").path("instance_id");
                if (!id.isIntegralNumber() && !id.isTextual()) {
                    throw new PocketIcException("malformed response from the PocketIC server to POST /instances: "
                            + "no Created.instance_id in " + answer);
                }
                return new PocketIc(transport, id.asText(), true);
            } catch (RuntimeException e) {
                transport.close();
                throw e;
            }
        }

        /** Attaches to an existing instance; see {@link PocketIc#attach(URI, String)}. */
        public PocketIc attach(String instanceId) {
            PocketIcTransport transport =
                    new PocketIcTransport(serverUrl, connectTimeout, requestTimeout, processingTimeout);
            try {
                // GET /instances lists every instance's state by id: "Available", "Deleted", or what it is busy with.
                JsonNode states = transport.getJson("/instances");
                List<String> listing = new ArrayList<>();
                for (int id = 0; id < states.size(); id++) {
                    listing.add(id + " (" + states.get(id).asText(states.get(id).toString()) + ")");
                }
                int index;
                try {
                    index = Integer.parseInt(instanceId.strip());
                } catch (NumberFormatException notANumber) {
                    index = -1;
                }
                if (index < 0
                        || index >= states.size()
                        || states.get(index).asText().equals("Deleted")) {
                    throw new PocketIcException("the PocketIC server at " + serverUrl + " has no instance " + instanceId
                            + (index >= 0 && index < states.size() ? " any more (it was deleted)" : "")
                            + "; its instances: " + (listing.isEmpty() ? "none" : String.join(", ", listing)));
                }
                return new PocketIc(transport, Integer.toString(index), false);
            } catch (RuntimeException e) {
                transport.close();
                throw e;
            }
        }

        private static Duration positive(Duration timeout, String what) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, not " + timeout);
            }
            return timeout;
        }
    }

    // ---- instance ---------------------------------------------------------------------------------------

    public String instanceId() {
        return instanceId;
    }

    /** The server's base URL, e.g. {@code http://127.0.0.1:40123}. */
    public URI serverUrl() {
        return transport.baseUri();
    }

    /**
     * The URL an IC agent (ic4j-agent, agent-js) uses to reach this instance over the IC HTTP interface,
     * {@code <server>/instances/<id>/}: agents append {@code api/v2/...}. Only agents that keep their base URL's
     * path can use it (ic4j's OkHttp transport); agent-js and ic4j's Apache transport drop it, so use
     * {@link #makeLive()} for them. The embedded server executes an agent's update call at once, in any mode; the real
     * PocketIC server executes it in rounds, so there agents need {@link #autoProgress()} (or {@link #tick()}).
     */
    public URI agentUrl() {
        return URI.create(transport.baseUri() + instancePath + "/");
    }

    public List<SubnetTopology> topology() {
        JsonNode configs = get("/_/topology").path("subnet_configs");
        if (!configs.isObject()) {
            throw malformed("/_/topology", "no subnet_configs object");
        }
        List<SubnetTopology> subnets = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = configs.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode subnet = entry.getValue();
            List<SubnetTopology.CanisterIdRange> ranges = new ArrayList<>();
            for (JsonNode range : subnet.path("canister_ranges")) {
                ranges.add(new SubnetTopology.CanisterIdRange(
                        rawPrincipal(range.path("start"), "canister_id", "/_/topology"),
                        rawPrincipal(range.path("end"), "canister_id", "/_/topology")));
            }
            subnets.add(new SubnetTopology(
                    principalText(entry.getKey(), "/_/topology"),
                    SubnetKind.fromJson(subnet.path("subnet_kind").asText()),
                    subnet.path("size").asInt(),
                    ranges));
        }
        return subnets;
    }

    /** The ids of the instance's subnets of {@code kind}, in the order of {@link #topology()}. */
    public List<Principal> subnetIds(SubnetKind kind) {
        return topology().stream()
                .filter(subnet -> subnet.kind() == kind)
                .map(SubnetTopology::subnetId)
                .toList();
    }

    /** A canister id on the instance's first application subnet, for calls that need an effective principal. */
    public Principal defaultEffectiveCanisterId() {
        return rawPrincipal(get("/_/topology").path("default_effective_canister_id"), "canister_id", "/_/topology");
    }

    /** Deletes the instance. Later calls throw {@link InstanceDeletedException}. */
    public void deleteInstance() {
        if (deleted.compareAndSet(false, true)) {
            transport.delete(instancePath);
        }
    }

    /**
     * Stops the HTTP gateway of live mode, deletes the instance if this client created it and it still exists, and
     * frees the HTTP client.
     */
    @Override
    public void close() {
        try {
            stopHttpGateway();
        } catch (PocketIcException e) {
            // the server may be gone already; its gateways went with it
        }
        try {
            if (owned && !deleted.get()) {
                deleteInstance();
            }
        } catch (PocketIcException e) {
            // the server may be gone already (stopped after the tests); nothing is left to free then
        } finally {
            transport.close();
        }
    }

    // ---- canisters --------------------------------------------------------------------------------------

    /** A new canister controlled by the anonymous principal, with {@link #DEFAULT_CANISTER_CYCLES}. */
    public Principal createCanister() {
        return createCanister(CanisterSettings.none(), DEFAULT_CANISTER_CYCLES);
    }

    public Principal createCanister(CanisterSettings settings, BigInteger cycles) {
        return createCanister(settings, cycles, Sender.anonymous());
    }

    public Principal createCanister(CanisterSettings settings, BigInteger cycles, Sender sender) {
        return createCanister(settings, cycles, Optional.empty(), sender);
    }

    /**
     * {@code provisional_create_canister_with_cycles}. Without controllers in {@code settings}, the sender
     * controls the new canister.
     *
     * @param subnetId the subnet to create it on; empty lets the server choose
     */
    public Principal createCanister(
            CanisterSettings settings, BigInteger cycles, Optional<Principal> subnetId, Sender sender) {
        return provisionalCreateCanister(
                sender,
                settings,
                cycles,
                Optional.empty(),
                subnetId.map(EffectivePrincipal::subnet).orElse(EffectivePrincipal.NONE));
    }

    /**
     * A new canister on the subnet {@code subnetId} (one of {@link #topology()}), controlled by the anonymous
     * principal unless {@code settings} names controllers: PocketIC's {@code create_canister_on_subnet}.
     */
    public Principal createCanisterOnSubnet(Principal subnetId, CanisterSettings settings, BigInteger cycles) {
        return createCanister(settings, cycles, Optional.of(subnetId), Sender.anonymous());
    }

    /**
     * A new canister with the id {@code canisterId} ({@code specified_id}), on the subnet whose canister ranges hold
     * it: PocketIC's {@code create_canister_with_id}. Mainnet ids of the NNS, II or fiduciary canisters need an
     * instance with that subnet ({@link InstanceConfig#withSubnets}).
     *
     * @throws CanisterCallException when the id is taken, or no subnet of the instance hosts it
     */
    public Principal createCanisterWithId(Principal canisterId, CanisterSettings settings, BigInteger cycles) {
        return createCanisterWithId(canisterId, settings, cycles, Sender.anonymous());
    }

    /** {@link #createCanisterWithId(Principal, CanisterSettings, BigInteger)} as {@code sender}. */
    public Principal createCanisterWithId(
            Principal canisterId, CanisterSettings settings, BigInteger cycles, Sender sender) {
        return provisionalCreateCanister(
                sender, settings, cycles, Optional.of(canisterId), EffectivePrincipal.canister(canisterId));
    }

    /** {@code provisional_create_canister_with_cycles}, routed by {@code route}; the new canister is recorded. */
    private Principal provisionalCreateCanister(
            Sender sender,
            CanisterSettings settings,
            BigInteger cycles,
            Optional<Principal> specifiedId,
            EffectivePrincipal route) {
        if (cycles.signum() < 0) {
            throw new IllegalArgumentException("cycles cannot be negative: " + cycles);
        }
        byte[] reply = call(
                sender,
                MANAGEMENT_CANISTER,
                "provisional_create_canister_with_cycles",
                ManagementMapping.createCanisterWithCycles(settings, Optional.of(cycles), specifiedId),
                route);
        Principal created = ManagementMapping.decodeCreateCanister(reply);
        createdCanisters.add(created);
        return created;
    }

    /**
     * The canisters this client created, in order (not those canisters created themselves): the JUnit extension
     * prints their logs when a test fails.
     */
    public List<Principal> createdCanisters() {
        synchronized (createdCanisters) {
            return List.copyOf(createdCanisters);
        }
    }

    public void installCode(Principal canisterId, byte[] wasm, byte[] arg) {
        installCode(canisterId, wasm, arg, Sender.anonymous());
    }

    public void installCode(Principal canisterId, byte[] wasm, byte[] arg, Sender sender) {
        install(sender, canisterId, ManagementMapping.InstallMode.INSTALL, UpgradeOptions.forModule(wasm), wasm, arg);
    }

    /** Upgrade: {@code pre_upgrade} runs, stable memory (and with EOP, main memory) survives. */
    public void upgradeCanister(Principal canisterId, byte[] wasm, byte[] arg) {
        upgradeCanister(canisterId, wasm, arg, Sender.anonymous());
    }

    /** Upgrades with {@link UpgradeOptions#forModule(byte[])}: main memory is kept when the new module has EOP. */
    public void upgradeCanister(Principal canisterId, byte[] wasm, byte[] arg, Sender sender) {
        upgradeCanister(canisterId, wasm, arg, UpgradeOptions.forModule(wasm), sender);
    }

    public void upgradeCanister(Principal canisterId, byte[] wasm, byte[] arg, UpgradeOptions options) {
        upgradeCanister(canisterId, wasm, arg, options, Sender.anonymous());
    }

    public void upgradeCanister(Principal canisterId, byte[] wasm, byte[] arg, UpgradeOptions options, Sender sender) {
        install(sender, canisterId, ManagementMapping.InstallMode.UPGRADE, options, wasm, arg);
    }

    /** Reinstall: all state, stable memory included, is wiped. */
    public void reinstallCode(Principal canisterId, byte[] wasm, byte[] arg) {
        reinstallCode(canisterId, wasm, arg, Sender.anonymous());
    }

    public void reinstallCode(Principal canisterId, byte[] wasm, byte[] arg, Sender sender) {
        install(sender, canisterId, ManagementMapping.InstallMode.REINSTALL, UpgradeOptions.forModule(wasm), wasm, arg);
    }

    private void install(
            Sender sender,
            Principal canisterId,
            ManagementMapping.InstallMode mode,
            UpgradeOptions upgrade,
            byte[] wasm,
            byte[] arg) {
        Objects.requireNonNull(wasm, "wasm");
        Objects.requireNonNull(arg, "arg");
        if (!ChunkedInstall.needsChunks(wasm, arg)) {
            manage(
                    sender,
                    canisterId,
                    "install_code",
                    ManagementMapping.installCode(canisterId, mode, upgrade, wasm, arg));
            return;
        }
        manage(sender, canisterId, "clear_chunk_store");
        List<byte[]> hashes = new ArrayList<>();
        for (byte[] chunk : ChunkedInstall.chunks(wasm)) {
            byte[] reply = manage(sender, canisterId, "upload_chunk", ManagementMapping.uploadChunk(canisterId, chunk));
            hashes.add(ManagementMapping.decodeChunkHash(reply));
        }
        manage(
                sender,
                canisterId,
                "install_chunked_code",
                ManagementMapping.installChunkedCode(canisterId, mode, upgrade, hashes, Sha256.of(wasm), arg));
    }

    public CanisterStatus canisterStatus(Principal canisterId) {
        return canisterStatus(canisterId, Sender.anonymous());
    }

    /** {@code canister_status}: only controllers may ask, so pass a controller as {@code sender}. */
    public CanisterStatus canisterStatus(Principal canisterId, Sender sender) {
        return ManagementMapping.decodeCanisterStatus(manage(sender, canisterId, "canister_status"));
    }

    public void updateSettings(Principal canisterId, CanisterSettings settings) {
        updateSettings(canisterId, settings, Sender.anonymous());
    }

    public void updateSettings(Principal canisterId, CanisterSettings settings, Sender sender) {
        manage(sender, canisterId, "update_settings", ManagementMapping.updateSettings(canisterId, settings));
    }

    public void startCanister(Principal canisterId) {
        startCanister(canisterId, Sender.anonymous());
    }

    public void startCanister(Principal canisterId, Sender sender) {
        manage(sender, canisterId, "start_canister");
    }

    public void stopCanister(Principal canisterId) {
        stopCanister(canisterId, Sender.anonymous());
    }

    public void stopCanister(Principal canisterId, Sender sender) {
        manage(sender, canisterId, "stop_canister");
    }

    public void deleteCanister(Principal canisterId) {
        deleteCanister(canisterId, Sender.anonymous());
    }

    public void deleteCanister(Principal canisterId, Sender sender) {
        manage(sender, canisterId, "delete_canister");
    }

    /** A management-canister method whose argument is {@code record { canister_id }}. */
    private byte[] manage(Sender sender, Principal canisterId, String method) {
        return manage(sender, canisterId, method, ManagementMapping.canisterIdOnly(canisterId));
    }

    /** A management-canister method about {@code canisterId}: the call is routed to the canister's subnet. */
    private byte[] manage(Sender sender, Principal canisterId, String method, byte[] argument) {
        return call(sender, MANAGEMENT_CANISTER, method, argument, EffectivePrincipal.canister(canisterId));
    }

    // ---- snapshots and logs -------------------------------------------------------------------------------

    /**
     * {@code take_canister_snapshot}: saves the canister's module, main and stable memory, certified data and global
     * timer. Only controllers may; a canister keeps at most 10 snapshots unless {@code replaceSnapshot} names one to
     * replace. Stop the canister first if calls it made may still be answered (the IC does not require it).
     *
     * @throws CanisterCallException when the IC refuses: not a controller ({@code CanisterInvalidController}), limit
     *                               reached ({@code CanisterRejectedMessage}), unknown snapshot
     *                               ({@code CanisterSnapshotNotFound}), not enough cycles
     *                               ({@code InsufficientCyclesInMemoryGrow})
     */
    public CanisterSnapshot takeCanisterSnapshot(
            Principal canisterId, Optional<byte[]> replaceSnapshot, Sender sender) {
        return ManagementMapping.decodeSnapshot(manage(
                sender,
                canisterId,
                "take_canister_snapshot",
                ManagementMapping.takeCanisterSnapshot(canisterId, replaceSnapshot)));
    }

    public CanisterSnapshot takeCanisterSnapshot(Principal canisterId, Optional<byte[]> replaceSnapshot) {
        return takeCanisterSnapshot(canisterId, replaceSnapshot, Sender.anonymous());
    }

    public CanisterSnapshot takeCanisterSnapshot(Principal canisterId, Sender sender) {
        return takeCanisterSnapshot(canisterId, Optional.empty(), sender);
    }

    public CanisterSnapshot takeCanisterSnapshot(Principal canisterId) {
        return takeCanisterSnapshot(canisterId, Sender.anonymous());
    }

    /**
     * {@code load_canister_snapshot}: puts the canister back in the saved state, module included (a snapshot taken
     * before an upgrade brings the old code back). The snapshot stays and can be loaded again.
     */
    public void loadCanisterSnapshot(Principal canisterId, byte[] snapshotId) {
        loadCanisterSnapshot(canisterId, snapshotId, Sender.anonymous());
    }

    public void loadCanisterSnapshot(Principal canisterId, byte[] snapshotId, Sender sender) {
        manage(
                sender,
                canisterId,
                "load_canister_snapshot",
                ManagementMapping.loadCanisterSnapshot(canisterId, snapshotId));
    }

    public List<CanisterSnapshot> listCanisterSnapshots(Principal canisterId) {
        return listCanisterSnapshots(canisterId, Sender.anonymous());
    }

    /** {@code list_canister_snapshots}: the canister's snapshots, oldest first (controllers only). */
    public List<CanisterSnapshot> listCanisterSnapshots(Principal canisterId, Sender sender) {
        return ManagementMapping.decodeSnapshots(manage(sender, canisterId, "list_canister_snapshots"));
    }

    public void deleteCanisterSnapshot(Principal canisterId, byte[] snapshotId) {
        deleteCanisterSnapshot(canisterId, snapshotId, Sender.anonymous());
    }

    public void deleteCanisterSnapshot(Principal canisterId, byte[] snapshotId, Sender sender) {
        manage(
                sender,
                canisterId,
                "delete_canister_snapshot",
                ManagementMapping.deleteCanisterSnapshot(canisterId, snapshotId));
    }

    /**
     * {@code fetch_canister_logs} (a query, as the IC requires): what the canister printed and its traps, oldest
     * first, at most 4 KiB of them. Who may read them is the canister's {@code log_visibility} setting; controllers
     * always may.
     *
     * @throws CanisterCallException when {@code sender} may not read the logs ({@code CanisterRejectedMessage}) or the
     *                               canister does not exist ({@code CanisterNotFound})
     */
    public List<CanisterLogRecord> fetchCanisterLogs(Principal canisterId, Sender sender) {
        String path = "/read/query";
        String method = "fetch_canister_logs";
        JsonNode answer = post(
                path,
                canisterCall(
                        sender,
                        MANAGEMENT_CANISTER,
                        method,
                        ManagementMapping.canisterIdOnly(canisterId),
                        EffectivePrincipal.canister(canisterId)));
        return ManagementMapping.decodeCanisterLogs(canisterResult(path, method, answer));
    }

    /** The logs as the anonymous principal sees them (the canister's controller when created by {@link #createCanister()}). */
    public List<CanisterLogRecord> fetchCanisterLogs(Principal canisterId) {
        return fetchCanisterLogs(canisterId, Sender.anonymous());
    }

    /** The controllers the server reports (read directly from the state, no call involved). */
    public List<Principal> getControllers(Principal canisterId) {
        String path = "/read/get_controllers";
        JsonNode answer = post(path, rawCanisterId(canisterId));
        if (!answer.isArray()) {
            throw malformed(path, "expected a list of principals, got " + answer);
        }
        List<Principal> controllers = new ArrayList<>();
        for (JsonNode controller : answer) {
            controllers.add(rawPrincipal(controller, "principal_id", path));
        }
        return controllers;
    }

    /** The subnet hosting the canister, if the canister exists. */
    public Optional<Principal> getSubnet(Principal canisterId) {
        JsonNode answer = post("/read/get_subnet", rawCanisterId(canisterId));
        if (answer.isNull() || answer.isMissingNode()) {
            return Optional.empty();
        }
        return Optional.of(rawPrincipal(answer, "subnet_id", "/read/get_subnet"));
    }

    // ---- calls --------------------------------------------------------------------------------------------

    /** An update call as the anonymous principal; the reply's raw bytes. @throws CanisterCallException when rejected */
    public byte[] updateCall(Principal canisterId, String method, byte[] payload) {
        return updateCall(canisterId, method, payload, Sender.anonymous());
    }

    public byte[] updateCall(Principal canisterId, String method, byte[] payload, Sender sender) {
        return call(sender, canisterId, method, payload, EffectivePrincipal.canister(canisterId));
    }

    /**
     * An update call with ic4j-candid arguments (see {@link CandidArguments}) as the anonymous principal; the first
     * result as {@code resultType}.
     */
    public <T> T updateCall(Principal canisterId, String method, Class<T> resultType, Object... arguments) {
        return updateCall(canisterId, method, resultType, Arrays.asList(arguments), Sender.anonymous());
    }

    public <T> T updateCall(Principal canisterId, String method, Class<T> resultType, Sender sender) {
        return updateCall(canisterId, method, resultType, List.of(), sender);
    }

    /** With a sender, the arguments come as a list so that the sender can come last. */
    public <T> T updateCall(
            Principal canisterId, String method, Class<T> resultType, List<?> arguments, Sender sender) {
        return CandidArguments.decode(updateCall(canisterId, method, candidArguments(arguments), sender), resultType);
    }

    /** A query call: runs on one replica, changes nothing. @throws CanisterCallException when rejected */
    public byte[] queryCall(Principal canisterId, String method, byte[] payload) {
        return queryCall(canisterId, method, payload, Sender.anonymous());
    }

    public byte[] queryCall(Principal canisterId, String method, byte[] payload, Sender sender) {
        String path = "/read/query";
        JsonNode answer =
                post(path, canisterCall(sender, canisterId, method, payload, EffectivePrincipal.canister(canisterId)));
        return canisterResult(path, method, answer);
    }

    public <T> T queryCall(Principal canisterId, String method, Class<T> resultType, Object... arguments) {
        return queryCall(canisterId, method, resultType, Arrays.asList(arguments), Sender.anonymous());
    }

    public <T> T queryCall(Principal canisterId, String method, Class<T> resultType, Sender sender) {
        return queryCall(canisterId, method, resultType, List.of(), sender);
    }

    public <T> T queryCall(Principal canisterId, String method, Class<T> resultType, List<?> arguments, Sender sender) {
        return CandidArguments.decode(queryCall(canisterId, method, candidArguments(arguments), sender), resultType);
    }

    /** A sender among the arguments is a call meant for the overload with the sender last. */
    private static byte[] candidArguments(List<?> arguments) {
        for (Object argument : arguments) {
            if (argument instanceof Sender sender) {
                throw new IllegalArgumentException("a Sender is not a Candid argument: to call as " + sender
                        + ", pass the arguments as a list and the sender after it, e.g. updateCall(canister, method, "
                        + "resultType, List.of(arguments...), sender)");
            }
        }
        return CandidArguments.encode(arguments.toArray());
    }

    // ---- typed actors -------------------------------------------------------------------------------------

    /**
     * A typed actor for a canister: {@code type} is a {@link io.diode.candid.CandidService} interface (generated
     * by {@code diode:build} from the canister's .did); each of its methods is a query or update call, as its
     * Candid type says, made as the anonymous principal.
     */
    public <T> T actor(Principal canisterId, Class<T> type) {
        return actor(canisterId, type, Sender.anonymous());
    }

    /** A typed actor whose calls are made as {@code sender}. */
    public <T> T actor(Principal canisterId, Class<T> type, Sender sender) {
        Objects.requireNonNull(canisterId, "canisterId");
        Objects.requireNonNull(sender, "sender");
        return ActorInvocationHandler.proxy(new ActorInvocationHandler(this, canisterId, sender, type, false), type);
    }

    /** A typed actor whose update calls are submitted and awaited separately (see {@link DeferredActor}). */
    public <T> DeferredActor<T> deferredActor(Principal canisterId, Class<T> type) {
        return deferredActor(canisterId, type, Sender.anonymous());
    }

    public <T> DeferredActor<T> deferredActor(Principal canisterId, Class<T> type, Sender sender) {
        ActorInvocationHandler handler = new ActorInvocationHandler(this, canisterId, sender, type, true);
        return new DeferredActor<>(ActorInvocationHandler.proxy(handler, type), handler);
    }

    /**
     * Creates a canister (controlled by the anonymous principal), installs {@code wasm} with {@code initArguments}
     * encoded as the service's init arguments ({@code service : (InitArgs) -> ...} in its .did), and returns it
     * with a typed actor.
     */
    public <T> CanisterFixture<T> setupCanister(byte[] wasm, Class<T> type, Object... initArguments) {
        byte[] encoded = io.diode.candid.CandidInterface.of(type).encodeInitArguments(initArguments);
        Principal canisterId = createCanister();
        installCode(canisterId, wasm, encoded);
        return new CanisterFixture<>(canisterId, actor(canisterId, type));
    }

    /**
     * Submits an ingress message without executing it; {@link #awaitCall(SubmittedCall)} runs rounds until it
     * completes. Between the two, a test can inspect or mock what the call causes (e.g. HTTP outcalls).
     */
    public SubmittedCall submitCall(Principal canisterId, String method, byte[] payload) {
        return submitCall(canisterId, method, payload, Sender.anonymous());
    }

    public SubmittedCall submitCall(Principal canisterId, String method, byte[] payload, Sender sender) {
        return submit(sender, canisterId, method, payload, EffectivePrincipal.canister(canisterId));
    }

    public byte[] awaitCall(SubmittedCall call) {
        String path = "/update/await_ingress_message";
        return canisterResult(path, call.method(), post(path, call.rawMessageId()));
    }

    /** A message id the server returned from {@code submit_ingress_message}, as the server encoded it. */
    public record SubmittedCall(String method, ObjectNode rawMessageId) {}

    /**
     * Submits and awaits in one request ({@code execute_ingress_message}, what PocketIC's own clients use for an update
     * call): one HTTP round trip instead of two.
     */
    private byte[] call(
            Sender sender, Principal canisterId, String method, byte[] payload, EffectivePrincipal effectivePrincipal) {
        String path = "/update/execute_ingress_message";
        return canisterResult(
                path, method, post(path, canisterCall(sender, canisterId, method, payload, effectivePrincipal)));
    }

    private SubmittedCall submit(
            Sender sender, Principal canisterId, String method, byte[] payload, EffectivePrincipal effectivePrincipal) {
        String path = "/update/submit_ingress_message";
        JsonNode answer = post(path, canisterCall(sender, canisterId, method, payload, effectivePrincipal));
        rejectIfErr(path, method, answer);
        JsonNode ok = answer.get("Ok");
        if (ok == null || !ok.isObject() || !ok.has("message_id") || !ok.has("effective_principal")) {
            throw malformed(
                    path,
                    "expected {\"Ok\": {\"effective_principal\", \"message_id\"}} or {\"Err\": ...}, got " + answer);
        }
        return new SubmittedCall(method, (ObjectNode) ok);
    }

    private ObjectNode canisterCall(
            Sender sender, Principal canisterId, String method, byte[] payload, EffectivePrincipal effectivePrincipal) {
        Objects.requireNonNull(method, "method");
        ObjectNode body = transport
                .json()
                .createObjectNode()
                .put("sender", base64(sender.principal()))
                .put("canister_id", base64(canisterId))
                .put("method", method)
                .put("payload", Base64.getEncoder().encodeToString(Objects.requireNonNull(payload, "payload")));
        body.set("effective_principal", effectivePrincipal.toJson());
        return body;
    }

    private byte[] canisterResult(String path, String method, JsonNode answer) {
        rejectIfErr(path, method, answer);
        JsonNode ok = answer.get("Ok");
        if (ok == null || !ok.isTextual()) {
            throw malformed(path, "expected {\"Ok\": base64} or {\"Err\": reject}, got " + abbreviate(answer));
        }
        return decodeBase64(ok.asText(), path);
    }

    private void rejectIfErr(String path, String method, JsonNode answer) {
        if (answer == null || !answer.isObject()) {
            throw malformed(path, "expected a JSON object, got " + abbreviate(answer));
        }
        JsonNode err = answer.get("Err");
        if (err == null) {
            return;
        }
        JsonNode code = err.get("reject_code");
        JsonNode message = err.get("reject_message");
        if (code == null || message == null) {
            throw malformed(path, "a reject needs reject_code and reject_message: " + err);
        }
        RejectCode rejectCode;
        try {
            rejectCode = code.isNumber() ? RejectCode.of(code.asInt()) : RejectCode.fromPocketIc(code.asText());
        } catch (IllegalArgumentException e) {
            throw malformed(path, e.getMessage());
        }
        throw new CanisterCallException(
                method,
                rejectCode,
                err.path("error_code").asText("unknown"),
                message.asText(),
                err.path("certified").asBoolean(false));
    }

    // ---- time and rounds ------------------------------------------------------------------------------------

    public Instant getTime() {
        JsonNode nanos = get("/read/get_time").get("nanos_since_epoch");
        if (nanos == null || !nanos.isIntegralNumber() || !nanos.canConvertToLong() || nanos.longValue() < 0) {
            throw malformed("/read/get_time", "no nanos_since_epoch number from 0 to 2^63 - 1");
        }
        return IcTime.fromNanos(nanos.longValue());
    }

    /** Sets the time of the next round; the IC's time never goes backwards, so earlier times are refused. */
    public void setTime(Instant time) {
        ObjectNode body = transport.json().createObjectNode();
        body.put("nanos_since_epoch", IcTime.toNanos(time));
        post("/update/set_time", body);
    }

    /** Also makes queries and certificates see the new time at once. */
    public void setCertifiedTime(Instant time) {
        ObjectNode body = transport.json().createObjectNode();
        body.put("nanos_since_epoch", IcTime.toNanos(time));
        post("/update/set_certified_time", body);
    }

    public void advanceTime(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("time only moves forward; cannot advance by " + duration);
        }
        setTime(getTime().plus(duration));
    }

    /** One round: queued messages, timers and heartbeats run. */
    public void tick() {
        post("/update/tick", transport.json().createObjectNode());
    }

    public void tick(int rounds) {
        if (rounds < 0) {
            throw new IllegalArgumentException("rounds cannot be negative: " + rounds);
        }
        for (int i = 0; i < rounds; i++) {
            tick();
        }
    }

    /** Rounds run by themselves and time follows the wall clock, as agents expect. */
    public void autoProgress() {
        ObjectNode body = transport.json().createObjectNode();
        body.putNull("artificial_delay_ms");
        post("/auto_progress", body);
    }

    public boolean isAutoProgressEnabled() {
        JsonNode answer = get("/auto_progress");
        if (!answer.isBoolean()) {
            throw malformed("/auto_progress", "expected true or false, got " + answer);
        }
        return answer.asBoolean();
    }

    public void stopProgress() {
        post("/stop_progress", transport.json().createObjectNode());
    }

    /**
     * Live mode, as PicJS's {@code makeLive()}: auto progress (rounds run by themselves, time follows the wall clock)
     * and an HTTP gateway in front of this instance ({@code POST /http_gateway}). The returned URL,
     * {@code http://127.0.0.1:<port>}, is where IC agents point (ic4j-agent, agent-js's {@code HttpAgent} with
     * {@code shouldFetchRootKey}: the IC HTTP interface at {@code /api/v2} and {@code /api/v3}) and where browsers and
     * plain HTTP clients get a canister's HTTP pages ({@code http_request}): {@code <url>/<path>?canisterId=<id>}, or
     * {@code http://<canister id>.localhost:<port>/<path>}. Calling it again while live returns the same URL.
     *
     * <p>The gateway listens on the server's loopback address: with a server in a container, its port is not
     * published, so live mode needs the in-process or launched server.
     */
    public synchronized URI makeLive() {
        requireNotDeleted();
        if (liveGateway != null) {
            return liveGateway.url();
        }
        if (!isAutoProgressEnabled()) {
            autoProgress();
        }
        ObjectNode body = transport.json().createObjectNode();
        int instanceNumber;
        try {
            instanceNumber = Integer.parseInt(instanceId);
        } catch (NumberFormatException e) {
            throw new PocketIcException("the server's instance id \"" + instanceId + "\" is not a number, which "
                    + "POST /http_gateway needs");
        }
        body.putObject("forward_to").put("PocketIcInstance", instanceNumber);
        JsonNode answer = transport.postJson("/http_gateway", body);
        if (answer.has("Error")) {
            throw new PocketIcException("the PocketIC server refused to start an HTTP gateway: "
                    + answer.get("Error")
                            .path("message")
                            .asText(answer.get("Error").toString()));
        }
        JsonNode id = answer.path("Created").path("instance_id");
        JsonNode port = answer.path("Created").path("port");
        if (!id.isIntegralNumber() || !port.isIntegralNumber()) {
            throw new PocketIcException("malformed response from the PocketIC server to POST /http_gateway: no "
                    + "Created.instance_id and Created.port in " + abbreviate(answer));
        }
        liveGateway = new LiveGateway(id.intValue(), URI.create("http://127.0.0.1:" + port.intValue()));
        return liveGateway.url();
    }

    /** Ends live mode: stops the HTTP gateway {@link #makeLive()} started, then auto progress. */
    public synchronized void stopLive() {
        stopHttpGateway();
        stopProgress();
    }

    private synchronized void stopHttpGateway() {
        if (liveGateway != null) {
            transport.postJson(
                    "/http_gateway/" + liveGateway.id() + "/stop",
                    transport.json().createObjectNode());
            liveGateway = null;
        }
    }

    // ---- cycles and memory --------------------------------------------------------------------------------

    public BigInteger getCycles(Principal canisterId) {
        return cycles("/read/get_cycles", rawCanisterId(canisterId));
    }

    /** Mints cycles onto the canister; answers the new balance. */
    public BigInteger addCycles(Principal canisterId, BigInteger amount) {
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("cannot add a negative amount of cycles: " + amount);
        }
        ObjectNode body = rawCanisterId(canisterId);
        body.put("amount", amount);
        return cycles("/update/add_cycles", body);
    }

    private BigInteger cycles(String path, ObjectNode body) {
        JsonNode cycles = post(path, body).get("cycles");
        if (cycles == null || !cycles.isIntegralNumber()) {
            throw malformed(path, "no cycles number");
        }
        return cycles.bigIntegerValue();
    }

    public byte[] getStableMemory(Principal canisterId) {
        String path = "/read/get_stable_memory";
        JsonNode blob = post(path, rawCanisterId(canisterId)).get("blob");
        if (blob == null || !blob.isTextual()) {
            throw malformed(path, "no base64 blob");
        }
        return decodeBase64(blob.asText(), path);
    }

    /** Replaces the canister's stable memory; the bytes go through the server's blob store. */
    public void setStableMemory(Principal canisterId, byte[] memory) {
        requireNotDeleted();
        String blobId = transport.postBytes("/blobstore", memory).trim();
        byte[] blobIdBytes;
        try {
            blobIdBytes = HexFormat.of().parseHex(blobId);
        } catch (IllegalArgumentException e) {
            throw malformed("/blobstore", "expected a hex blob id, got \"" + blobId + "\"");
        }
        ObjectNode body = rawCanisterId(canisterId);
        body.put("blob_id", Base64.getEncoder().encodeToString(blobIdBytes));
        post("/update/set_stable_memory", body);
    }

    // ---- HTTP outcalls ----------------------------------------------------------------------------------------

    public List<PendingHttpOutcall> pendingHttpOutcalls() {
        String path = "/read/get_canister_http";
        JsonNode answer = get(path);
        if (!answer.isArray()) {
            throw malformed(path, "expected a list, got " + abbreviate(answer));
        }
        List<PendingHttpOutcall> outcalls = new ArrayList<>();
        for (JsonNode node : answer) {
            List<HttpHeader> headers = new ArrayList<>();
            for (JsonNode header : node.path("headers")) {
                headers.add(new HttpHeader(
                        header.path("name").asText(), header.path("value").asText()));
            }
            JsonNode requestId = node.get("request_id");
            if (requestId == null || !requestId.isIntegralNumber()) {
                throw malformed(path, "an outcall without a request_id number: " + node);
            }
            JsonNode max = node.get("max_response_bytes");
            outcalls.add(new PendingHttpOutcall(
                    rawPrincipal(node.path("subnet_id"), "subnet_id", path),
                    requestId.bigIntegerValue(),
                    node.path("http_method").asText(),
                    node.path("url").asText(),
                    headers,
                    decodeBase64(node.path("body").asText(""), path),
                    max == null || max.isNull() ? Optional.empty() : Optional.of(max.asLong())));
        }
        return outcalls;
    }

    /** Answers a pending outcall; the canister's transform runs on the response at the next round. */
    public void mockHttpOutcall(PendingHttpOutcall outcall, HttpOutcallResponse response) {
        ObjectNode body = transport.json().createObjectNode();
        body.putObject("subnet_id").put("subnet_id", base64(outcall.subnetId()));
        body.put("request_id", outcall.requestId());
        body.set("response", response.toJson());
        body.putArray("additional_responses");
        post("/update/mock_canister_http", body);
    }

    // ---- plumbing -------------------------------------------------------------------------------------------

    private JsonNode get(String endpoint) {
        requireNotDeleted();
        return transport.getJson(instancePath + endpoint);
    }

    private JsonNode post(String endpoint, JsonNode body) {
        requireNotDeleted();
        return transport.postJson(instancePath + endpoint, body);
    }

    private void requireNotDeleted() {
        if (deleted.get()) {
            throw new InstanceDeletedException(
                    "instance " + instanceId + " on " + transport.baseUri()
                            + " was deleted by this client; create a new PocketIc",
                    -1);
        }
    }

    private ObjectNode rawCanisterId(Principal canisterId) {
        return transport.json().createObjectNode().put("canister_id", base64(canisterId));
    }

    private static String base64(Principal principal) {
        return Base64.getEncoder().encodeToString(principal.getValue());
    }

    private Principal rawPrincipal(JsonNode node, String field, String path) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || !value.isTextual()) {
            throw malformed(path, "expected {\"" + field + "\": base64} but got " + abbreviate(node));
        }
        try {
            return Principal.from(decodeBase64(value.asText(), path));
        } catch (RuntimeException e) {
            throw malformed(path, "\"" + value.asText() + "\" is not a principal: " + e.getMessage());
        }
    }

    private Principal principalText(String text, String path) {
        try {
            return Principal.fromString(text);
        } catch (RuntimeException e) {
            throw malformed(path, "\"" + text + "\" is not a principal");
        }
    }

    private byte[] decodeBase64(String text, String path) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw malformed(path, "invalid base64: " + e.getMessage());
        }
    }

    private PocketIcException malformed(String path, String detail) {
        return new PocketIcException(
                "malformed response from the PocketIC server to " + instancePath + path + ": " + detail);
    }

    private static String abbreviate(JsonNode node) {
        String text = String.valueOf(node);
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}
