/**
 * The engine's in-process API: one {@link io.diode.pocketic.embedded.api.IcInstance} is one deterministic
 * Internet Computer (one subnet, an application subnet unless configured otherwise). Instances are created by
 * {@code io.diode.pocketic.embedded.engine.EmbeddedIc}. The PocketIC REST server drives instances through this
 * interface; besides it, the server uses {@code EmbeddedIc} to create them, {@code wasm.GuestThreads} to run each
 * engine operation on a canister thread, the {@code ichttp} package for the IC HTTP interface and the management
 * canister's Candid codec for the HTTP gateway.
 */
package io.diode.pocketic.embedded.api;
