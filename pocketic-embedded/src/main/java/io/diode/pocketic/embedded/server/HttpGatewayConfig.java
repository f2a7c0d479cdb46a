package io.diode.pocketic.embedded.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * PocketIC's {@code HttpGatewayConfig}, the body of {@code POST /http_gateway}: where to listen and what to forward
 * to, {@code {"ip_addr"?, "port"?, "forward_to": {"PocketIcInstance": id} | {"Replica": url}, "domains"?,
 * "https_config"?}}. HTTPS is not offered (a 400 says so).
 *
 * @param requestedDomains the domains whose subdomains name canisters ({@code <canister id>.localhost}), as the
 *                         client gave them (listed back as given); without them, PocketIC's default {@code localhost}
 */
record HttpGatewayConfig(String ipAddress, int port, Target forwardTo, Optional<List<String>> requestedDomains) {

    /** The domains in effect. */
    List<String> domains() {
        return requestedDomains.orElse(List.of("localhost"));
    }

    static final String DEFAULT_IP_ADDRESS = "127.0.0.1";

    /** What the gateway forwards to: an instance of this server, or the IC HTTP interface at a URL. */
    sealed interface Target {
        /** PocketIC's JSON for it, as {@code GET /http_gateway} lists it. */
        JsonNode toJson();
    }

    record InstanceTarget(int instanceId) implements Target {
        @Override
        public JsonNode toJson() {
            return JsonCodec.object().put("PocketIcInstance", instanceId);
        }
    }

    /** @param url the replica's base URL, without a trailing slash */
    record ReplicaTarget(String url) implements Target {
        @Override
        public JsonNode toJson() {
            return JsonCodec.object().put("Replica", url);
        }
    }

    static HttpGatewayConfig parse(RequestObject body) {
        String ipAddress =
                body.optional("ip_addr").map(value -> text(value, "ip_addr")).orElse(DEFAULT_IP_ADDRESS);
        int port = body.optional("port").isPresent()
                ? body.unsigned("port", BigInteger.valueOf(65_535)).intValue()
                : 0;
        RequestObject forwardTo = body.object("forward_to");
        Target target = parseTarget(forwardTo);
        Optional<List<String>> domains = body.optional("domains").map(HttpGatewayConfig::domains);
        if (body.optional("https_config").isPresent()) {
            throw RestApiException.unsupported("HTTPS for the HTTP gateway (https_config); leave it out to serve "
                    + "plain HTTP on the loopback address");
        }
        body.requireNoOtherFields();
        return new HttpGatewayConfig(ipAddress, port, target, domains);
    }

    /** The gateway PocketIC starts with an instance ({@code http_gateway_config} of the instance config). */
    static HttpGatewayConfig forInstance(RequestObject instanceGateway, int instanceId) {
        String ipAddress = instanceGateway
                .optional("ip_addr")
                .map(value -> text(value, "ip_addr"))
                .orElse(DEFAULT_IP_ADDRESS);
        int port = instanceGateway.optional("port").isPresent()
                ? instanceGateway.unsigned("port", BigInteger.valueOf(65_535)).intValue()
                : 0;
        Optional<List<String>> domains = instanceGateway.optional("domains").map(HttpGatewayConfig::domains);
        if (instanceGateway.optional("https_config").isPresent()) {
            throw RestApiException.unsupported("HTTPS for the HTTP gateway (https_config)");
        }
        instanceGateway.requireNoOtherFields();
        return new HttpGatewayConfig(ipAddress, port, new InstanceTarget(instanceId), domains);
    }

    private static Target parseTarget(RequestObject forwardTo) {
        Optional<JsonNode> instance = forwardTo.optional("PocketIcInstance");
        Optional<JsonNode> replica = forwardTo.optional("Replica");
        forwardTo.requireNoOtherFields();
        if (instance.isPresent() == replica.isPresent()) {
            throw RestApiException.badRequest(forwardTo.what() + " must be either {\"PocketIcInstance\": <instance id>}"
                    + " or {\"Replica\": \"<url>\"}");
        }
        if (instance.isPresent()) {
            return new InstanceTarget(RequestObject.unsignedValue(
                            instance.get(), "PocketIcInstance", BigInteger.valueOf(Integer.MAX_VALUE))
                    .intValue());
        }
        String url = text(replica.get(), "Replica");
        try {
            URI uri = new URI(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new URISyntaxException(url, "not an http(s) URL with a host");
            }
        } catch (URISyntaxException e) {
            throw RestApiException.badRequest("the Replica URL \"" + url + "\" is not usable: " + e.getMessage()
                    + "; give the replica's base URL, e.g. http://127.0.0.1:4943");
        }
        return new ReplicaTarget(url.replaceAll("/+$", ""));
    }

    private static List<String> domains(JsonNode value) {
        if (!value.isArray()) {
            throw RestApiException.badRequest(
                    "field \"domains\" must be an array of domain names, not " + RequestObject.describe(value));
        }
        List<String> domains = new ArrayList<>();
        for (JsonNode domain : value) {
            domains.add(text(domain, "domains").toLowerCase(java.util.Locale.ROOT));
        }
        if (domains.isEmpty()) {
            throw RestApiException.badRequest(
                    "field \"domains\" is empty; leave it out for PocketIC's default, " + "[\"localhost\"]");
        }
        return List.copyOf(domains);
    }

    private static String text(JsonNode value, String field) {
        if (!value.isTextual() || value.textValue().isBlank()) {
            throw RestApiException.badRequest(
                    "field \"" + field + "\" must be a non-empty string, not " + RequestObject.describe(value));
        }
        return value.textValue();
    }
}
