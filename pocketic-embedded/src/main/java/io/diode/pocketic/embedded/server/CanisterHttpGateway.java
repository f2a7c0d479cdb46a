package io.diode.pocketic.embedded.server;

import static io.diode.candid.IdlType.Primitive.BOOL;
import static io.diode.candid.IdlType.Primitive.NAT16;
import static io.diode.candid.IdlType.Primitive.TEXT;
import static io.diode.candid.IdlType.blob;
import static io.diode.candid.IdlType.field;
import static io.diode.candid.IdlType.opt;
import static io.diode.candid.IdlType.record;
import static io.diode.candid.IdlType.tuple;
import static io.diode.candid.IdlType.vec;

import io.diode.candid.CandidDecoder;
import io.diode.candid.CandidEncoder;
import io.diode.candid.CandidException;
import io.diode.candid.IdlType;
import io.diode.candid.Label;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.ic4j.agent.Agent;
import org.ic4j.agent.AgentBuilder;
import org.ic4j.agent.RequestStatusResponse;
import org.ic4j.agent.identity.AnonymousIdentity;
import org.ic4j.agent.requestid.RequestId;
import org.ic4j.types.Principal;
import org.ic4j.types.PrincipalError;

/**
 * Canister HTTP as the IC's HTTP gateway serves it to browsers and plain HTTP clients: the request becomes an
 * anonymous {@code http_request} query of the canister the host or URL names; when the canister answers with
 * {@code upgrade = opt true}, it is sent again as the update call {@code http_request_update}, and that answer is
 * served. The canister is {@code <canister id>.<domain>} (or {@code <canister id>.raw.<domain>}) of the
 * {@code Host} header, else the {@code canisterId} query parameter of the URL, else that of the {@code Referer}.
 *
 * <p>Responses are served without checking their certification (the {@code IC-Certificate} header), as the IC's
 * gateway does for {@code raw} domains; update answers are certified by the subnet and checked by the agent.
 * Streaming ({@code streaming_strategy}) is refused with a 502 that says so.
 */
final class CanisterHttpGateway {

    private static final IdlType HEADER_FIELD = tuple(TEXT, TEXT);
    private static final IdlType HTTP_REQUEST = record(
            field("method", TEXT),
            field("url", TEXT),
            field("headers", vec(HEADER_FIELD)),
            field("body", blob()),
            field("certificate_version", opt(NAT16)));
    private static final IdlType HTTP_UPDATE_REQUEST = record(
            field("method", TEXT), field("url", TEXT), field("headers", vec(HEADER_FIELD)), field("body", blob()));
    /** {@code HttpResponse} as this gateway reads it; {@code streaming_strategy} is checked on the wire value. */
    private static final IdlType HTTP_RESPONSE = record(
            field("status_code", NAT16),
            field("headers", vec(HEADER_FIELD)),
            field("body", blob()),
            field("upgrade", opt(BOOL)));

    private static final String STREAMING_STRATEGY = Long.toString(Label.hash("streaming_strategy"));
    /** The response verification version gateways ask for today. */
    private static final int CERTIFICATE_VERSION = 2;
    /** How long an upgraded request may wait for its update call (the IC's ingress expiry is 5 minutes). */
    private static final Duration UPDATE_TIMEOUT = Duration.ofMinutes(5);
    /** Headers the server writes itself; a canister's own would contradict the body actually sent. */
    private static final Set<String> RESPONSE_HEADERS_NOT_COPIED =
            Set.of("content-length", "transfer-encoding", "connection", "keep-alive");

    /** RFC 9110's token: the characters a header name may have. */
    private static final java.util.regex.Pattern HEADER_NAME =
            java.util.regex.Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    /** What the gateway answers: the canister's status, headers (in order, repeated names kept) and body. */
    record Response(int status, List<Map.Entry<String, String>> headers, byte[] body) {

        static Response text(int status, String message) {
            return new Response(
                    status,
                    List.of(Map.entry("Content-Type", "text/plain; charset=utf-8")),
                    message.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final GatewayBackend backend;
    private final List<String> domains;
    private final Agent agent;
    private volatile boolean rootKeyFetched;

    CanisterHttpGateway(GatewayBackend backend, List<String> domains) {
        this.backend = backend;
        this.domains = List.copyOf(domains);
        this.agent = new AgentBuilder()
                .transport(new GatewayTransport(backend))
                .identity(new AnonymousIdentity())
                .build();
    }

    /**
     * Fetches the backend's root key (the IC's gateway does so when it starts); done once, before the first request.
     *
     * @throws IllegalStateException when the backend does not answer its {@code /api/v2/status}
     */
    void fetchRootKey() {
        if (rootKeyFetched) {
            return;
        }
        try {
            agent.fetchRootKey();
            rootKeyFetched = true;
        } catch (RuntimeException | Error e) {
            throw new IllegalStateException(
                    "cannot fetch the root key of " + backend.describe() + ": " + messageOf(e), e);
        }
    }

    /**
     * Serves one request.
     *
     * @param pathAndQuery the request target as received, e.g. {@code /index.html?canisterId=...}
     * @param headers      the request's headers, names in lower case, in order, repeated names kept
     */
    Response serve(String method, String pathAndQuery, List<Map.Entry<String, String>> headers, byte[] body) {
        Optional<String> canisterText = canisterFromHost(header(headers, "host"))
                .or(() -> canisterFromQuery(pathAndQuery))
                .or(() -> header(headers, "referer").flatMap(CanisterHttpGateway::canisterFromUrl));
        if (canisterText.isEmpty()) {
            return Response.text(
                    400,
                    "The HTTP gateway could not tell which canister to ask for " + pathAndQuery
                            + ". Name it in the host, http://<canister id>." + domains.getFirst() + ":<port>"
                            + pathAndQuery
                            + ", or with the query parameter ?canisterId=<canister id>. (The IC HTTP interface for agents is "
                            + "at /api/v2 and /api/v3.)");
        }
        Principal canister;
        try {
            canister = Principal.fromString(canisterText.get());
        } catch (RuntimeException | PrincipalError e) {
            return Response.text(400, "\"" + canisterText.get() + "\" is not a canister id: " + messageOf(e));
        }
        List<Map<String, Object>> headerFields = headers.stream()
                .map(header -> Map.<String, Object>of("0", header.getKey(), "1", header.getValue()))
                .toList();
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("method", method);
        request.put("url", pathAndQuery);
        request.put("headers", headerFields);
        request.put("body", body);
        request.put("certificate_version", Optional.of(CERTIFICATE_VERSION));
        byte[] reply;
        try {
            fetchRootKey();
            reply = agent.queryRaw(
                            canister,
                            canister,
                            "http_request",
                            CandidEncoder.encode(HTTP_REQUEST, request),
                            Optional.empty())
                    .get(UPDATE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | RuntimeException | Error e) {
            return failed(canister, "http_request", e);
        } catch (TimeoutException e) {
            return Response.text(
                    504,
                    "canister " + canister + " did not answer http_request within " + UPDATE_TIMEOUT.toSeconds()
                            + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Response.text(503, "interrupted");
        }
        Response response;
        boolean upgrade;
        try {
            Map<String, Object> value = httpResponse(reply);
            upgrade = Boolean.TRUE.equals(((Optional<?>) value.get("upgrade")).orElse(null));
            response = upgrade ? null : response(canister, "http_request", value);
        } catch (CandidException | IllegalArgumentException e) {
            return Response.text(
                    502,
                    "canister " + canister + " answered http_request with something that is not "
                            + "an HttpResponse record: " + e.getMessage());
        }
        if (!upgrade) {
            return response;
        }
        request.remove("certificate_version");
        return update(canister, CandidEncoder.encode(HTTP_UPDATE_REQUEST, request));
    }

    private Response update(Principal canister, byte[] argument) {
        Instant deadline = Instant.now().plus(UPDATE_TIMEOUT);
        try {
            RequestId requestId = agent.updateRaw(canister, canister, "http_request_update", argument, Optional.empty())
                    .get(UPDATE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            long pause = 10;
            while (true) {
                RequestStatusResponse status =
                        agent.requestStatusRaw(requestId, canister).get(UPDATE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                switch (status.status) {
                    case REPLIED_STATUS -> {
                        return response(
                                canister, "http_request_update", httpResponse(status.replied.orElseThrow().arg));
                    }
                    case REJECTED_STATUS -> {
                        RequestStatusResponse.Rejected rejected = status.rejected.orElseThrow();
                        return Response.text(
                                502,
                                "canister " + canister + " rejected http_request_update: reject code "
                                        + rejected.rejectCode + ", " + rejected.rejectMessage);
                    }
                    case DONE_STATUS -> {
                        return Response.text(
                                502,
                                "the answer of canister " + canister + " to http_request_update "
                                        + "is no longer available (status done)");
                    }
                    default -> {
                        if (Instant.now().isAfter(deadline)) {
                            return Response.text(
                                    504,
                                    "canister " + canister + " did not answer http_request_update " + "within "
                                            + UPDATE_TIMEOUT.toSeconds() + " s (status " + status.status + ")");
                        }
                        Thread.sleep(pause);
                        pause = Math.min(pause * 2, 500);
                    }
                }
            }
        } catch (CandidException | IllegalArgumentException e) {
            return Response.text(
                    502,
                    "canister " + canister + " answered http_request_update with something that "
                            + "is not an HttpResponse record: " + e.getMessage());
        } catch (ExecutionException | RuntimeException | Error e) {
            return failed(canister, "http_request_update", e);
        } catch (TimeoutException e) {
            return Response.text(
                    504,
                    "canister " + canister + " did not answer http_request_update within " + UPDATE_TIMEOUT.toSeconds()
                            + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Response.text(503, "interrupted");
        }
    }

    /** The reply read as {@link #HTTP_RESPONSE}, with {@code streaming_strategy} true when the wire value has one. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> httpResponse(byte[] reply) {
        Map<String, Object> value = new LinkedHashMap<>((Map<String, Object>)
                CandidDecoder.decode(reply, List.of(HTTP_RESPONSE)).getFirst());
        Object wire = CandidDecoder.decode(reply).getFirst();
        value.put(
                "streaming_strategy",
                wire instanceof Map<?, ?> fields
                        && fields.get(STREAMING_STRATEGY) instanceof Optional<?> strategy
                        && strategy.isPresent());
        return value;
    }

    private static Response response(Principal canister, String method, Map<String, Object> value) {
        int status = Short.toUnsignedInt((Short) value.get("status_code"));
        if (status < 100 || status > 599) {
            return Response.text(
                    502,
                    "canister " + canister + " answered " + method + " with the HTTP status code " + status
                            + ", which is not one (100 to 599)");
        }
        if (value.get("streaming_strategy").equals(true)) {
            return Response.text(
                    502,
                    "canister " + canister + " answered " + method + " with a streaming strategy; "
                            + "streamed bodies are not supported by pocketic-embedded's HTTP gateway: serve the body whole");
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (Object header : (List<?>) value.get("headers")) {
            String name = (String) ((Map<?, ?>) header).get("0");
            String headerValue = (String) ((Map<?, ?>) header).get("1");
            if (!HEADER_NAME.matcher(name).matches() || headerValue.chars().anyMatch(c -> c == '\r' || c == '\n')) {
                return Response.text(
                        502,
                        "canister " + canister + " answered " + method + " with a header that "
                                + "HTTP cannot carry: " + abbreviate(name) + ": " + abbreviate(headerValue)
                                + " (names are tokens, values have no line breaks)");
            }
            if (!RESPONSE_HEADERS_NOT_COPIED.contains(name.toLowerCase(Locale.ROOT))) {
                headers.add(new AbstractMap.SimpleImmutableEntry<>(name, headerValue));
            }
        }
        return new Response(status, List.copyOf(headers), (byte[]) value.get("body"));
    }

    private Response failed(Principal canister, String method, Throwable e) {
        return Response.text(
                502,
                "canister " + canister + " on " + backend.describe() + " could not answer " + method + ": "
                        + messageOf(e));
    }

    private Optional<String> canisterFromHost(Optional<String> host) {
        if (host.isEmpty()) {
            return Optional.empty();
        }
        String name = host.get().toLowerCase(Locale.ROOT).replaceFirst(":\\d+$", "");
        for (String domain : domains) {
            if (name.endsWith("." + domain)) {
                String label = name.substring(0, name.length() - domain.length() - 1);
                label = label.endsWith(".raw") ? label.substring(0, label.length() - ".raw".length()) : label;
                if (!label.isEmpty() && !label.contains(".")) {
                    return Optional.of(label);
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> canisterFromUrl(String url) {
        int query = url.indexOf('?');
        return query < 0 ? Optional.empty() : canisterFromQuery(url.substring(query));
    }

    private static Optional<String> canisterFromQuery(String pathAndQuery) {
        int query = pathAndQuery.indexOf('?');
        if (query < 0) {
            return Optional.empty();
        }
        for (String parameter : pathAndQuery.substring(query + 1).split("&")) {
            int equals = parameter.indexOf('=');
            if (equals > 0 && parameter.substring(0, equals).equals("canisterId")) {
                return Optional.of(URLDecoder.decode(parameter.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> header(List<Map.Entry<String, String>> headers, String name) {
        return headers.stream()
                .filter(header -> header.getKey().equals(name))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    private static String abbreviate(String text) {
        String shown = text.length() > 80 ? text.substring(0, 80) + "..." : text;
        return "\"" + shown.replace("\r", "\\r").replace("\n", "\\n") + "\"";
    }

    /** The innermost message: ic4j wraps failures in errors whose own text is a template ("... {0}"). */
    private static String messageOf(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }
}
