/**
 * The engine's in-process API: one {@link io.diode.pocketic.embedded.api.IcInstance} is one deterministic
 * Internet Computer (one application subnet). The PocketIC REST server and this module's tests use only
 * this package; everything else in the module is implementation.
 */
package io.diode.pocketic.embedded.api;
