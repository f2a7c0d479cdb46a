package io.diode.pocketic.embedded.ichttp;

import java.util.Optional;

/**
 * A decoded HTTP request body: {@code {content, sender_pubkey?, sender_sig?, sender_delegation?}}.
 * The signature fields stay raw here; {@link SenderAuthentication} decides whether they prove the sender.
 *
 * @param delegationCount how many delegations {@code sender_delegation} held (these are not verified yet)
 */
public record Envelope<T extends IcRequest>(
        T request, Optional<byte[]> senderPubkey, Optional<byte[]> senderSig, int delegationCount) {}
