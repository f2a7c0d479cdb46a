package io.diode.maven.release;

import java.math.BigInteger;
import org.ic4j.types.Principal;

/** Reads the version a canister reports through its {@code get_version : () -> (nat) query}. */
public final class CanisterVersion {
    static final byte[] NO_ARGUMENTS = {'D', 'I', 'D', 'L', 0, 0};

    private CanisterVersion() {}

    public static BigInteger read(ReplicaGateway gateway, Principal canister) throws ReleaseException {
        byte[] reply = gateway.query(canister, "get_version", NO_ARGUMENTS);
        return CandidReply.of("get_version").nat(CandidReply.firstValue(reply, "get_version"), "the version");
    }
}
