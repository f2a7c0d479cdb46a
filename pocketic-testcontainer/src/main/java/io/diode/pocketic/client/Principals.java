package io.diode.pocketic.client;

/**
 * Converts between the client's principals (ic4j's, which its methods take) and the Candid codec's (which typed
 * actors' generated types hold), e.g. to put a test user into a generated record.
 */
public final class Principals {

    private Principals() {}

    public static io.diode.candid.Principal toCandid(org.ic4j.types.Principal principal) {
        return io.diode.candid.Principal.fromBytes(principal.getValue());
    }

    public static org.ic4j.types.Principal toIc4j(io.diode.candid.Principal principal) {
        return org.ic4j.types.Principal.from(principal.bytes());
    }
}
