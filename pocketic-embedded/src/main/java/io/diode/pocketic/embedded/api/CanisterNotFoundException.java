package io.diode.pocketic.embedded.api;

import org.ic4j.types.Principal;

public class CanisterNotFoundException extends IllegalArgumentException {

    public CanisterNotFoundException(Principal canisterId) {
        super("canister " + canisterId + " does not exist");
    }
}
