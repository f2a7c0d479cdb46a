/**
 * The Candid codec: {@link io.diode.candid.IdlType} (every Candid type), {@link io.diode.candid.CandidEncoder} and
 * {@link io.diode.candid.CandidDecoder} (the binary format, with the specification's subtyping on decode),
 * {@link io.diode.candid.DidFile} (the .did parser), and typed Java on top: {@link io.diode.candid.JavaMapping},
 * {@link io.diode.candid.CandidInterface} and {@link io.diode.candid.CandidActors} (actors over any transport).
 */
package io.diode.candid;
