/**
 * The engine: {@link io.diode.pocketic.embedded.engine.EmbeddedIc} implements
 * {@link io.diode.pocketic.embedded.api.IcInstance} as one subnet ({@code Subnet}: canister state, message queue,
 * rounds), running each execution with rollback ({@code CanisterExecutor}), composite queries
 * ({@code CompositeQuery}), the management canister ({@code ManagementCanister}) and the system API
 * ({@code SystemApi}, the {@code ic0} imports of one canister). Canister code runs behind two engine-shaped
 * interfaces, {@code CanisterCodeLoader} and {@code CanisterSandbox}, implemented on the {@code wasm} package.
 * Design: {@code pocketic-embedded/docs/engine.md}.
 */
package io.diode.pocketic.embedded.engine;
