package io.diode.maven.release;

import io.diode.candid.CandidActors;
import org.ic4j.types.Principal;

/**
 * Typed actors over a {@link ReplicaGateway}, i.e. over the IC HTTP interface through ic4j (any network: a local
 * replica, PocketIC, mainnet): the same generated interfaces the tests use against PocketIC. A rejected or failed
 * call surfaces as {@link UncheckedReleaseException} holding the {@link ReleaseException}
 * ({@link CanisterCallException} for a reject).
 */
public final class GatewayActors {

    private GatewayActors() {}

    public static <T> T actor(ReplicaGateway gateway, Principal canister, Class<T> type) {
        return CandidActors.create(type, canister.toString(), (method, arguments) -> {
            try {
                return method.isQuery()
                        ? gateway.query(canister, method.name(), arguments)
                        : gateway.update(canister, method.name(), arguments);
            } catch (ReleaseException failure) {
                throw new UncheckedReleaseException(failure);
            }
        });
    }

    /** A {@link ReleaseException} from a typed actor call, whose generated method cannot declare it. */
    public static final class UncheckedReleaseException extends RuntimeException {
        public UncheckedReleaseException(ReleaseException cause) {
            super(cause.getMessage(), cause);
        }

        @Override
        public synchronized ReleaseException getCause() {
            return (ReleaseException) super.getCause();
        }
    }
}
