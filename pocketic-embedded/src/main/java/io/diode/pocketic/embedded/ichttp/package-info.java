/**
 * Building blocks of the IC HTTP interface ({@code /api/v2|v3/...}) that agents such as ic4j and
 * {@code @dfinity/agent} talk to: CBOR envelopes, sender authentication, read_state and query signatures, on top of
 * the {@code certification} package (state trees, the subnet key, request ids). Plain classes with no HTTP server:
 * a handler mounts them on whatever server hosts an instance.
 */
package io.diode.pocketic.embedded.ichttp;
