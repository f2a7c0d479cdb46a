/**
 * The PocketIC REST server on top of the engine: {@link io.diode.pocketic.embedded.server.PocketIcServer} (a JDK
 * {@code HttpServer}, each request on a canister thread), {@code PocketIcRestApi} (routing, failures to statuses),
 * {@code InstanceEndpoints} (the per-instance endpoints), {@code HostedInstance} (one engine behind a fair lock, auto
 * progress), the HTTP gateway of live mode ({@code HttpGateway}, {@code CanisterHttpGateway}) and {@code Main}, the
 * runnable jar's entry point. Design: {@code pocketic-embedded/docs/rest-server.md}.
 */
package io.diode.pocketic.embedded.server;
