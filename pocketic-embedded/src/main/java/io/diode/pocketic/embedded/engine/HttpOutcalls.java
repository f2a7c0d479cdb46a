package io.diode.pocketic.embedded.engine;

import io.diode.pocketic.embedded.api.CallResult;
import io.diode.pocketic.embedded.api.HttpOutcallRequest;
import io.diode.pocketic.embedded.api.HttpOutcallResponse;
import io.diode.pocketic.embedded.api.IcInstance;
import io.diode.pocketic.embedded.api.RejectCode;
import io.diode.pocketic.embedded.management.HttpRequestArgs;
import io.diode.pocketic.embedded.management.HttpRequestResult;
import io.diode.pocketic.embedded.management.InvalidManagementArgumentException;
import io.diode.pocketic.embedded.management.ManagementArgumentDecoder;
import io.diode.pocketic.embedded.management.ManagementResultEncoder;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.ic4j.types.Principal;

/**
 * The management canister's {@code http_request}: outcalls wait until a test mocks their response, then the transform
 * runs.
 */
final class HttpOutcalls {

    static final long MAX_HTTP_RESPONSE_BYTES = 2_000_000L;

    private final Subnet subnet;
    private final Map<Long, PendingOutcall> pendingOutcalls = new LinkedHashMap<>();
    private long nextOutcallId;

    private record PendingOutcall(
            HttpOutcallRequest request, HttpRequestArgs args, CallOrigin origin, BigInteger refund) {}

    HttpOutcalls(Subnet subnet) {
        this.subnet = subnet;
    }

    /** Queues the outcall; returns null (answer later) or a reject. */
    CallResult httpRequest(Message.Request request) {
        HttpRequestArgs args = ManagementArgumentDecoder.httpRequest(request.argument());
        long maxResponse = args.maxResponseBytes() != null ? args.maxResponseBytes() : MAX_HTTP_RESPONSE_BYTES;
        if (maxResponse > MAX_HTTP_RESPONSE_BYTES) {
            return new CallResult.Reject(
                    RejectCode.CANISTER_REJECT,
                    "max_response_bytes cannot exceed " + MAX_HTTP_RESPONSE_BYTES + " bytes, got " + maxResponse,
                    "IC0406");
        }
        if (!args.url().startsWith("https://") && !args.url().startsWith("http://")) {
            return new CallResult.Reject(
                    RejectCode.CANISTER_REJECT,
                    "Invalid URL " + args.url() + ": an HTTP outcall needs an https:// URL",
                    "IC0406");
        }
        long requestBytes = io.diode.pocketic.embedded.cycles.HttpOutcallRequestSize.of(args);
        BigInteger fee = subnet.fees().httpOutcall(requestBytes, maxResponse);
        if (request.cycles().compareTo(fee) < 0) {
            return new CallResult.Reject(
                    RejectCode.CANISTER_REJECT,
                    "http_request request sent with " + request.cycles() + " cycles, but " + fee
                            + " cycles are required.",
                    "IC0406");
        }
        long requestId = nextOutcallId++;
        HttpOutcallRequest outcall = new HttpOutcallRequest(
                requestId,
                subnet.subnetId(),
                request.sender(),
                args.method().name().toLowerCase(java.util.Locale.ROOT),
                args.url(),
                args.headers(),
                args.body() == null ? new byte[0] : args.body(),
                args.maxResponseBytes() == null ? OptionalLong.empty() : OptionalLong.of(args.maxResponseBytes()));
        pendingOutcalls.put(
                requestId,
                new PendingOutcall(
                        outcall, args, request.origin(), request.cycles().subtract(fee)));
        return null;
    }

    List<HttpOutcallRequest> pendingHttpOutcalls() {
        return pendingOutcalls.values().stream().map(PendingOutcall::request).toList();
    }

    void mockHttpOutcall(long requestId, HttpOutcallResponse response) {
        PendingOutcall pending = pendingOutcalls.get(requestId);
        if (pending == null) {
            throw new IllegalArgumentException(
                    "no HTTP outcall " + requestId + " is pending; pending ones: " + pendingOutcalls.keySet());
        }
        pendingOutcalls.remove(requestId);
        CallResult result = switch (response) {
            case HttpOutcallResponse.Reject reject -> new CallResult.Reject(reject.code(), reject.message(), "IC0406");
            case HttpOutcallResponse.Reply reply ->
                transformed(
                        pending,
                        new HttpRequestResult(BigInteger.valueOf(reply.status()), reply.headers(), reply.body()));
        };
        subnet.deliverFromCanisterCode(pending.origin(), result, pending.refund());
    }

    private CallResult transformed(PendingOutcall pending, HttpRequestResult response) {
        long limit = pending.request().maxResponseBytes().orElse(MAX_HTTP_RESPONSE_BYTES);
        long size = response.body().length
                + response.headers().stream()
                        .mapToLong(h -> h.name().length() + h.value().length())
                        .sum();
        if (size > limit) {
            return new CallResult.Reject(
                    RejectCode.SYS_FATAL, "Http body exceeds size limit of " + limit + " bytes.", "IC0406");
        }
        if (pending.args().transform() == null) {
            return new CallResult.Reply(ManagementResultEncoder.httpRequestResult(response));
        }
        Principal transformCanister = pending.args().transform().canister();
        Canister canister = subnet.canister(transformCanister);
        if (canister == null || canister.isEmpty()) {
            return IcRejects.canisterNotFound(transformCanister);
        }
        String method = pending.args().transform().method();
        if (!canister.exports("canister_query " + method)) {
            return IcRejects.methodNotFound(transformCanister, "query", method);
        }
        CallResult transformResult = subnet.executor.executeQuery(
                canister,
                IcInstance.MANAGEMENT_CANISTER,
                method,
                ManagementResultEncoder.transformArgs(
                        response, pending.args().transform().context()));
        if (transformResult instanceof CallResult.Reply reply) {
            try {
                HttpRequestResult transformed = ManagementArgumentDecoder.transformResult(reply.data());
                return new CallResult.Reply(ManagementResultEncoder.httpRequestResult(transformed));
            } catch (InvalidManagementArgumentException invalid) {
                return new CallResult.Reject(
                        RejectCode.SYS_FATAL,
                        "The transform function returned an invalid" + " http_request_result: " + invalid.getMessage(),
                        "IC0406");
            }
        }
        CallResult.Reject reject = (CallResult.Reject) transformResult;
        return new CallResult.Reject(
                RejectCode.SYS_FATAL, "Transform function failed: " + reject.message(), reject.errorCode());
    }
}
