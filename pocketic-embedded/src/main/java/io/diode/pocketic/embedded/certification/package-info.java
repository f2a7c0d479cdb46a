/**
 * Certification, below both the engine and the IC HTTP interface: the state tree ({@link
 * io.diode.pocketic.embedded.certification.CertifiedState}, {@link io.diode.pocketic.embedded.certification.LabeledTree},
 * {@link io.diode.pocketic.embedded.certification.HashTree}), the subnet's BLS key that signs certificates
 * ({@link io.diode.pocketic.embedded.certification.SubnetSigningKey}), the representation-independent hash that
 * request ids and query signatures use, and self-authenticating principals. The engine uses it for
 * {@code ic0.data_certificate_copy} and the subnet's id; {@code ichttp} for read_state, synchronous calls and
 * query signatures. It depends on {@code api} only.
 */
package io.diode.pocketic.embedded.certification;
