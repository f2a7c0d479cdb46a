/**
 * The IC's cycles prices for the engine's application subnet
 * ({@link io.diode.pocketic.embedded.cycles.CyclesFeeModel}), the freezing threshold
 * ({@link io.diode.pocketic.embedded.cycles.FreezingThreshold}) and the instruction estimate that stands in
 * for metering ({@link io.diode.pocketic.embedded.cycles.InstructionEstimate}).
 */
package io.diode.pocketic.embedded.cycles;
