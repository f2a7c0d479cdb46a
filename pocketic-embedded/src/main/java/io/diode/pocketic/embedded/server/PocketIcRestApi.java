package io.diode.pocketic.embedded.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.diode.pocketic.embedded.api.CanisterNotFoundException;
import io.diode.pocketic.embedded.ichttp.IcHttpInterface;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The PocketIC REST API (as the real server v15 speaks it) over {@link InstanceRegistry}: routing of the
 * server-level endpoints, and the translation of every failure into a 4xx/5xx with {@code {"message": ...}}.
 * Independent of any HTTP server library, so it is tested with plain {@link RestRequest}s.
 */
public final class PocketIcRestApi implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PocketIcRestApi.class.getName());

    private final JsonCodec json = new JsonCodec();
    private final InstanceRegistry instances;
    private final BlobStore blobs;
    private final InstanceEndpoints instanceEndpoints;
    private volatile IntConsumer deletionListener = id -> {};
    /** The server's HTTP gateways; {@code null} where no server with sockets serves this API (unit tests). */
    private volatile HttpGateways httpGateways;

    public PocketIcRestApi(InstanceFactory factory, long maxBlobBytes) {
        this.instances = new InstanceRegistry(factory);
        this.blobs = new BlobStore(maxBlobBytes);
        this.instanceEndpoints = new InstanceEndpoints(json, blobs);
    }

    /**
     * Registers what to do after an instance is deleted ({@code DELETE /instances/{id}}), such as closing the
     * resources the server holds for it. Replaces the previous listener.
     */
    public void onInstanceDeleted(IntConsumer listener) {
        this.deletionListener = Objects.requireNonNull(listener, "listener");
    }

    /** Serves {@code /http_gateway} with these gateways (the server that owns the sockets calls this once). */
    void serveHttpGateways(HttpGateways gateways) {
        this.httpGateways = Objects.requireNonNull(gateways, "gateways");
    }

    /**
     * Does the one-off work of the first {@code POST /instances} ahead of it: the JSON and instance-configuration
     * layers, the IC HTTP interface, and the engine's own preparation ({@link InstanceFactory#prepare()}). Registers
     * nothing; a failure is only logged, since the real request will report it.
     */
    void prepareFirstInstance(byte[] defaultConfig) {
        // the engine's part and this layer's take about as long each: on two threads, the first request waits for
        // the longer one only
        Thread.ofPlatform().daemon().name("pocketic-prepare-engine").start(() -> preparing(instances::prepare));
        preparing(() -> {
            InstanceConfigParser.parse(RequestObject.of(json.parse(defaultConfig), "the InstanceConfig body"));
            json.ok(JsonCodec.object().put("instance_id", 0));
            new IcHttpInterface(); // what each hosted instance makes: a node key
        });
    }

    private static void preparing(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException | Error e) {
            LOG.log(Level.FINE, "preparing the first instance failed; POST /instances will say why", e);
        }
    }

    /** Answers one request; never throws. */
    public RestResponse handle(RestRequest request) {
        // POST /instances and POST /http_gateway answer failures with PocketIC's {"Error": {"message"}}
        boolean creatingInstance = request.method().equals("POST")
                && (path(request).equals("/instances") || path(request).equals("/http_gateway"));
        try {
            return route(request);
        } catch (RestApiException e) {
            return error(e.status(), e.getMessage(), creatingInstance);
        } catch (CanisterNotFoundException e) {
            return error(404, e.getMessage(), creatingInstance);
        } catch (UnsupportedOperationException e) {
            return error(400, "not supported by pocketic-embedded: " + e.getMessage(), creatingInstance);
        } catch (IllegalArgumentException | IllegalStateException e) {
            // the engine's word for "not with these arguments" and "not in this state", such as awaiting a
            // message that waits for an unmocked HTTP outcall
            return error(400, e.getMessage(), creatingInstance);
        } catch (RuntimeException | Error e) {
            // Even an engine failure such as a Candid decoding error or an exhausted heap ends this request
            // only: the server and the other instances go on.
            LOG.log(Level.SEVERE, "internal error answering " + request.method() + " " + request.path(), e);
            return error(500, "internal error of pocketic-embedded: " + e, creatingInstance);
        }
    }

    private RestResponse route(RestRequest request) {
        String path = path(request);
        String method = request.method();
        if (path.equals("/status")) {
            requireMethod(method, "GET", path);
            return RestResponse.empty(200);
        }
        if (path.equals("/blobstore")) {
            requireMethod(method, "POST", path);
            return uploadBlob(request);
        }
        if (path.startsWith("/blobstore/")) {
            requireMethod(method, "GET", path);
            return downloadBlob(path.substring("/blobstore/".length()));
        }
        if (path.equals("/instances")) {
            return switch (method) {
                case "GET" -> listInstances();
                case "POST" -> createInstance(request);
                default -> throw InstanceEndpoints.methodNotAllowed(method, path, "GET or POST");
            };
        }
        if (path.startsWith("/instances/")) {
            String rest = path.substring("/instances/".length());
            int slash = rest.indexOf('/');
            if (slash < 0) {
                requireMethod(method, "DELETE", path);
                deletionListener.accept(instances.delete(rest));
                return RestResponse.empty(200);
            }
            HostedInstance instance = instances.get(rest.substring(0, slash));
            return instanceEndpoints.handle(instance, request, rest.substring(slash + 1));
        }
        if (path.equals("/http_gateway")) {
            return switch (method) {
                case "GET" -> json.ok(gateways().details());
                case "POST" -> createHttpGateway(request);
                default -> throw InstanceEndpoints.methodNotAllowed(method, path, "GET or POST");
            };
        }
        if (path.startsWith("/http_gateway/")) {
            String rest = path.substring("/http_gateway/".length());
            if (!rest.matches("\\d{1,9}/stop")) {
                throw RestApiException.notFound("no endpoint " + method + " " + path + "; stop a gateway with "
                        + "POST /http_gateway/<gateway id>/stop");
            }
            requireMethod(method, "POST", path);
            gateways().stop(Integer.parseInt(rest.substring(0, rest.indexOf('/'))));
            return json.okUnit();
        }
        if (path.equals("/verify_signature")) {
            throw RestApiException.unsupported("canister signature verification (/verify_signature)");
        }
        if (path.startsWith("/read_graph/") || path.startsWith("/prune_graph/")) {
            throw RestApiException.notFound("no operation " + path + ": this server answers every request "
                    + "synchronously and never returns 202 Started");
        }
        throw RestApiException.notFound("no endpoint " + method + " " + path + " on this server");
    }

    private RestResponse createInstance(RestRequest request) {
        JsonNode config = json.parse(request.body());
        // the gateway is this server's business, not the engine's: taken out before the engine's settings are read
        Optional<JsonNode> gatewayConfig = config instanceof ObjectNode object
                ? Optional.ofNullable(object.remove("http_gateway_config")).filter(node -> !node.isNull())
                : Optional.empty();
        Optional<RequestObject> gateway = gatewayConfig.map(
                node -> RequestObject.of(node, "field \"http_gateway_config\" of the InstanceConfig body"));
        InstanceSettings settings = InstanceConfigParser.parse(RequestObject.of(config, "the InstanceConfig body"));
        if (gateway.isPresent()) {
            gateways(); // refuse before creating an instance that would have no gateway
        }
        HostedInstance instance = instances.create(settings);
        ObjectNode created = JsonCodec.object().put("instance_id", instance.id());
        created.set("topology", instanceEndpoints.topology(instance));
        if (gateway.isPresent()) {
            HttpGateway started;
            try {
                started = gateways().start(HttpGatewayConfig.forInstance(gateway.get(), instance.id()));
            } catch (RuntimeException e) {
                deletionListener.accept(instances.delete(String.valueOf(instance.id())));
                throw e instanceof IllegalStateException ? new RestApiException(502, e.getMessage()) : e;
            }
            created.set(
                    "http_gateway_info",
                    JsonCodec.object().put("instance_id", started.id()).put("port", started.port()));
        } else {
            created.putNull("http_gateway_info");
        }
        ObjectNode body = JsonCodec.object();
        body.set("Created", created);
        return RestResponse.json(201, json.write(body));
    }

    private RestResponse createHttpGateway(RestRequest request) {
        HttpGatewayConfig config =
                HttpGatewayConfig.parse(json.parseObject(request.body(), "the HttpGatewayConfig body"));
        HttpGateway gateway;
        try {
            gateway = gateways().start(config);
        } catch (IllegalStateException e) {
            // PocketIC answers 502 Bad Gateway when what the gateway forwards to does not answer
            throw new RestApiException(502, e.getMessage());
        }
        ObjectNode body = JsonCodec.object();
        body.set("Created", JsonCodec.object().put("instance_id", gateway.id()).put("port", gateway.port()));
        return RestResponse.json(201, json.write(body));
    }

    private HttpGateways gateways() {
        HttpGateways gateways = httpGateways;
        if (gateways == null) {
            throw RestApiException.unsupported("the HTTP gateway without a listening server (use PocketIcServer)");
        }
        return gateways;
    }

    private RestResponse listInstances() {
        ArrayNode states = JsonCodec.array();
        instances.states().forEach(states::add);
        return json.ok(states);
    }

    private RestResponse uploadBlob(RestRequest request) {
        String encoding = request.header("content-encoding");
        boolean gzip = encoding != null && encoding.trim().equalsIgnoreCase("gzip");
        if (encoding != null && !gzip && !encoding.trim().equalsIgnoreCase("identity")) {
            throw RestApiException.badRequest(
                    "Content-Encoding " + encoding + " is not supported for blobs; " + "send the raw bytes or gzip");
        }
        return RestResponse.text(200, blobs.put(request.body(), gzip));
    }

    private RestResponse downloadBlob(String hexId) {
        BlobStore.Blob blob = blobs.get(hexId)
                .orElseThrow(() -> RestApiException.notFound("no blob " + hexId + " in the blob store"));
        Map<String, String> headers = blob.gzip() ? Map.of("Content-Encoding", "gzip") : Map.of();
        return new RestResponse(200, "application/octet-stream", blob.data(), headers);
    }

    private RestResponse error(int status, String message, boolean creatingInstance) {
        if (creatingInstance) {
            // POST /instances answers with PocketIC's CreateInstanceResponse::Error
            ObjectNode body = JsonCodec.object();
            body.set("Error", JsonCodec.error(message));
            return RestResponse.json(status, json.write(body));
        }
        return RestResponse.json(status, json.write(JsonCodec.error(message)));
    }

    private static void requireMethod(String method, String expected, String path) {
        if (!method.equals(expected)) {
            throw InstanceEndpoints.methodNotAllowed(method, path, expected);
        }
    }

    private static String path(RestRequest request) {
        // agents join their base URL and "/api/..." with a slash of their own: "/instances/0//api/v2/status"
        String path = request.path().replaceAll("/{2,}", "/");
        while (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path;
    }

    /** Deletes every instance, freeing the engines. */
    @Override
    public void close() {
        instances.close();
    }
}
