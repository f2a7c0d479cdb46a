package io.diode.pocketic.embedded.api;

import java.util.List;

/** What a test answers a pending HTTP outcall with. */
public sealed interface HttpOutcallResponse {

    record Reply(int status, List<HttpHeader> headers, byte[] body) implements HttpOutcallResponse {}

    record Reject(RejectCode code, String message) implements HttpOutcallResponse {}
}
