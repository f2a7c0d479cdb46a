package io.diode.pocketic.embedded.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ic4j.candid.parser.IDLArgs;
import org.ic4j.candid.parser.IDLValue;
import org.ic4j.candid.types.Label;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.Test;

class ManagementCallTargetTest {

    private static final Principal CANISTER = Principal.fromString("lz3um-vp777-77777-aaaba-cai");

    @Test
    void findsTheCanisterIdOfARecordArgument() {
        assertThat(ManagementCallTarget.canisterIn(record("canister_id", CANISTER)))
                .contains(CANISTER);
        assertThat(ManagementCallTarget.canisterIn(record("target_canister", CANISTER)))
                .contains(CANISTER);
        assertThat(ManagementCallTarget.canisterIn(record("specified_id", Optional.of(CANISTER))))
                .contains(CANISTER);
    }

    @Test
    void findsNothingInArgumentsThatNameNoCanister() {
        assertThat(ManagementCallTarget.canisterIn(record("amount", Optional.empty())))
                .isEmpty();
        assertThat(ManagementCallTarget.canisterIn(IDLArgs.create(List.of()).toBytes()))
                .isEmpty();
        assertThat(ManagementCallTarget.canisterIn(new byte[] {1, 2, 3})).isEmpty();
    }

    private static byte[] record(String field, Object value) {
        return IDLArgs.create(List.of(IDLValue.create(Map.of(Label.createNamedLabel(field), value))))
                .toBytes();
    }
}
