package io.diode.pocketic.embedded.server;

import io.diode.candid.CandidDecoder;
import io.diode.candid.CandidException;
import io.diode.candid.Label;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ic4j.types.Principal;

/**
 * Finds the canister a management-canister call is about when the client gave no effective principal
 * ({@code "None"}), as the real PocketIC server and the IC's agents do: from the {@code canister_id} (or
 * {@code target_canister}, or a requested {@code specified_id}) in the Candid argument.
 */
final class ManagementCallTarget {

    /** Fields of the message read by their own (wire) types: records are keyed by the field's id. */
    private static final List<String> TARGET_FIELDS =
            List.of(Long.toString(Label.hash("canister_id")), Long.toString(Label.hash("target_canister")));

    private static final String SPECIFIED_ID = Long.toString(Label.hash("specified_id"));

    private ManagementCallTarget() {}

    /** The canister named in the call's first argument, if the argument is a record that names one. */
    static Optional<Principal> canisterIn(byte[] candidArgument) {
        Map<?, ?> record;
        try {
            List<Object> args = CandidDecoder.decode(candidArgument);
            if (args.isEmpty() || !(args.getFirst() instanceof Map<?, ?> map)) {
                return Optional.empty();
            }
            record = map;
        } catch (CandidException undecodable) {
            // Not ours to judge: the management canister rejects a malformed argument with the IC's error.
            return Optional.empty();
        }
        for (String field : TARGET_FIELDS) {
            if (record.get(field) instanceof io.diode.candid.Principal principal) {
                return Optional.of(Principal.from(principal.bytes()));
            }
        }
        if (record.get(SPECIFIED_ID) instanceof Optional<?> specified
                && specified.orElse(null) instanceof io.diode.candid.Principal principal) {
            return Optional.of(Principal.from(principal.bytes()));
        }
        return Optional.empty();
    }
}
