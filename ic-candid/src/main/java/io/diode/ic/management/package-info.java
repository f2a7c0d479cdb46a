/**
 * The IC management canister's ({@code aaaaa-aa}) interface, once for the whole toolkit: its Candid types from the
 * interface specification's {@code ic.did} ({@link io.diode.ic.management.ManagementCandidTypes}), Java records for
 * the arguments and results the client and the plugin send and read, each method with its argument and result
 * types ({@link io.diode.ic.management.ManagementMethod}), and two rules every installer shares: when a module goes
 * through the chunk store ({@link io.diode.ic.management.ChunkedInstall}) and whether a module uses enhanced
 * orthogonal persistence ({@link io.diode.ic.management.EnhancedOrthogonalPersistence}).
 *
 * <p>Named {@code io.diode.ic.management} and not {@code io.diode.candid.*} because it describes the IC (a canister's
 * interface and the IC's limits), not the Candid format: the same split as the Rust crates {@code candid} and
 * {@code ic-management-canister-types}. It lives in the {@code ic-candid} artifact so that the engine, the client,
 * the plugin and the sample share it without another dependency.
 */
package io.diode.ic.management;
