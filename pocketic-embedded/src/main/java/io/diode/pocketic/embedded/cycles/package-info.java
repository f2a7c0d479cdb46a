/**
 * The IC's cycles prices for the engine's application subnet
 * ({@link io.diode.pocketic.embedded.cycles.CyclesFeeModel}), including the execution fee from counted instructions,
 * and the freezing threshold ({@link io.diode.pocketic.embedded.cycles.FreezingThreshold}).
 */
package io.diode.pocketic.embedded.cycles;
