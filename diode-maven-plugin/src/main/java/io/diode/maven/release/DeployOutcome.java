package io.diode.maven.release;

import java.util.Optional;
import org.ic4j.types.Principal;

/**
 * What {@code deploy} did with one canister.
 *
 * @param action       {@code installed}, {@code upgraded}, {@code reinstalled} or {@code up to date}
 * @param created      whether the canister was created in this run
 * @param previousHash the module hash before, empty when the canister had no code
 * @param chunked      whether the module went through the chunk store
 */
public record DeployOutcome(
        String canister,
        Principal id,
        String action,
        boolean created,
        Optional<String> previousHash,
        String moduleHash,
        boolean chunked) {
    public boolean changed() {
        return created || !action.equals("up to date");
    }
}
