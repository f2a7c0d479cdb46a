/**
 * Building blocks of the IC HTTP interface ({@code /api/v2|v3/...}) that agents such as ic4j and
 * {@code @dfinity/agent} talk to: request ids, CBOR envelopes, sender authentication and BLS-certified
 * state trees. Plain classes with no HTTP server: a handler mounts them on whatever server hosts an instance.
 */
package io.diode.pocketic.embedded.ichttp;
