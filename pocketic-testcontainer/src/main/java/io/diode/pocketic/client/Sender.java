package io.diode.pocketic.client;

import java.util.Objects;
import org.ic4j.types.Principal;

/**
 * Who sends a call to the instance: the principal PocketIC puts in the ingress message as its sender (unsigned; the
 * server does not check signatures). Every {@link PocketIc} method takes it last and has an overload without it
 * (the anonymous principal), as the Rust {@code pocket-ic} crate's {@code sender: Option<Principal>}.
 *
 * <p>It is a type of its own, not a {@code Principal}, because most calls also name a canister: two adjacent
 * principals swap without a word from the compiler ({@code canisterStatus(owner, zone)} against
 * {@code canisterStatus(zone, owner)}), a principal and a {@code Sender} do not.
 */
public record Sender(Principal principal) {

    private static final Sender ANONYMOUS = new Sender(Principal.anonymous());

    public Sender {
        Objects.requireNonNull(principal, "principal");
    }

    public static Sender of(Principal principal) {
        return new Sender(principal);
    }

    /** A sender given as the principal type of generated actors and ic-candid. */
    public static Sender of(io.diode.candid.Principal principal) {
        return new Sender(Principals.toIc4j(principal));
    }

    /** {@code 2vxsx-fae}: what the overloads without a sender use. */
    public static Sender anonymous() {
        return ANONYMOUS;
    }

    @Override
    public String toString() {
        return principal.toString();
    }
}
