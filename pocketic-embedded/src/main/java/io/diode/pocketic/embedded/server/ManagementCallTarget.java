package io.diode.pocketic.embedded.server;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ic4j.candid.CandidError;
import org.ic4j.candid.parser.IDLArgs;
import org.ic4j.candid.parser.IDLValue;
import org.ic4j.candid.types.Label;
import org.ic4j.types.Principal;

/**
 * Finds the canister a management-canister call is about when the client gave no effective principal
 * ({@code "None"}), as the real PocketIC server and the IC's agents do: from the {@code canister_id} (or
 * {@code target_canister}, or a requested {@code specified_id}) in the Candid argument.
 */
final class ManagementCallTarget {

    private static final List<Label> TARGET_FIELDS = List.of(
            Label.createNamedLabel("canister_id"), Label.createNamedLabel("target_canister"));
    private static final Label SPECIFIED_ID = Label.createNamedLabel("specified_id");

    private ManagementCallTarget() {
    }

    /** The canister named in the call's first argument, if the argument is a record that names one. */
    static Optional<Principal> canisterIn(byte[] candidArgument) {
        Map<?, ?> record;
        try {
            List<IDLValue> args = IDLArgs.fromBytes(candidArgument).getArgs();
            if (args.isEmpty() || !(args.getFirst().getValue() instanceof Map<?, ?> map)) {
                return Optional.empty();
            }
            record = map;
        } catch (RuntimeException | CandidError undecodable) {
            // Not ours to judge: the management canister rejects a malformed argument with the IC's error.
            return Optional.empty();
        }
        for (Label field : TARGET_FIELDS) {
            if (valueOf(record, field) instanceof Principal principal) {
                return Optional.of(principal);
            }
        }
        if (valueOf(record, SPECIFIED_ID) instanceof Optional<?> specified
                && specified.orElse(null) instanceof Principal principal) {
            return Optional.of(principal);
        }
        return Optional.empty();
    }

    private static Object valueOf(Map<?, ?> record, Label field) {
        for (Map.Entry<?, ?> entry : record.entrySet()) {
            if (entry.getKey() instanceof Label label && label.getId().equals(field.getId())) {
                return entry.getValue();
            }
        }
        return null;
    }
}
