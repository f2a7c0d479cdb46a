package io.diode.pocketic.client;

import org.ic4j.types.Principal;

/** A canister {@link PocketIc#setupCanister} created and installed, and a typed actor for it (as PicJS returns). */
public record CanisterFixture<T>(Principal canisterId, T actor) {}
