/**
 * The management canister's ({@code aaaaa-aa}) Candid interface as typed Java values: argument records
 * decoded by {@link io.diode.pocketic.embedded.management.ManagementArgumentDecoder} (which throws
 * {@link io.diode.pocketic.embedded.management.InvalidManagementArgumentException} on bad input) and results
 * encoded by {@link io.diode.pocketic.embedded.management.ManagementResultEncoder}, following the IC
 * interface specification's {@code ic.did}.
 */
package io.diode.pocketic.embedded.management;
