package io.diode.maven.release;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.ic4j.types.Principal;

/**
 * What the management canister's {@code canister_status} reports (only controllers may ask).
 *
 * @param status     {@code running}, {@code stopping} or {@code stopped}
 * @param moduleHash hex SHA-256 of the installed module, empty when no code is installed
 */
public record CanisterStatus(
        String status,
        BigInteger cycles,
        BigInteger memorySize,
        Optional<String> moduleHash,
        List<Principal> controllers) {
    public CanisterStatus {
        controllers = List.copyOf(controllers);
    }
}
