/**
 * What the IC interface specification fixes for every participant, independent of Candid: the hash
 * ({@link io.diode.ic.Sha256}), the time unit ({@link io.diode.ic.IcTime}) and the message size limit
 * ({@link io.diode.ic.MessageLimits}). LEB128 is {@link io.diode.candid.Leb128}.
 *
 * <p>It lives in {@code ic-candid} because that is the one artifact the engine, the client, the plugin and the
 * sample project all depend on; it is a package of its own, not part of {@code io.diode.candid}, because none of
 * it is Candid, and so that splitting it into an artifact of its own later moves a package, not classes.
 */
package io.diode.ic;
