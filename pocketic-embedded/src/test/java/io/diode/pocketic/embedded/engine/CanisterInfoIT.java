package io.diode.pocketic.embedded.engine;

import static io.diode.pocketic.embedded.engine.TestIc.ALICE;
import static io.diode.pocketic.embedded.engine.TestIc.USER;
import static io.diode.pocketic.embedded.engine.TestIc.noArgs;
import static io.diode.pocketic.embedded.engine.TestIc.reject;
import static io.diode.pocketic.embedded.engine.TestIc.reply;
import static org.assertj.core.api.Assertions.assertThat;

import io.diode.ic.Sha256;
import io.diode.ic.management.ManagementCandidTypes;
import io.diode.pocketic.embedded.api.CallResult;
import io.diode.pocketic.embedded.api.IcInstance;
import io.diode.pocketic.embedded.management.TestCandid;
import io.diode.pocketic.embedded.management.TestManagement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ic4j.candid.parser.IDLArgs;
import org.ic4j.candid.parser.IDLValue;
import org.ic4j.candid.types.Type;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** canister_info as a Motoko canister sees it: the history of another canister's changes. */
class CanisterInfoIT {

    private IcInstance ic;
    private Principal inspector;
    private Principal journal;

    @BeforeEach
    void deploy() {
        ic = EmbeddedIc.create();
        inspector = TestIc.deploy(ic, "inspector", noArgs());
        journal = TestIc.deploy(ic, "journal", noArgs());
    }

    @AfterEach
    void close() {
        ic.close();
    }

    /** (total, descriptions, module hash, controllers) as the inspector canister returns them. */
    private List<IDLValue> info(Long requested) {
        byte[] argument = IDLArgs.create(List.of(
                        IDLValue.create(journal),
                        IDLValue.create(
                                Optional.ofNullable(requested),
                                org.ic4j.candid.parser.IDLType.createType(
                                        Type.OPT, org.ic4j.candid.parser.IDLType.createType(Type.NAT64)))))
                .toBytes();
        return IDLArgs.fromBytes(reply(ic.updateCall(USER, inspector, "info", argument)))
                .getArgs();
    }

    @SuppressWarnings("unchecked")
    private List<String> changes(Long requested) {
        return Arrays.stream((Object[]) info(requested).get(1).getValue())
                .map(String.class::cast)
                .toList();
    }

    private void setControllers(List<Principal> controllers) {
        TestIc.updateSettings(ic, journal, "controllers", controllers);
    }

    @Test
    void historyOfCreationDeploymentsAndControllerChanges() {
        assertThat(TestIc.installCode(ic, USER, journal, "upgrade", MotokoCanisters.wasm("journal-v2"), noArgs()))
                .isInstanceOf(CallResult.Reply.class);
        setControllers(List.of(USER, ALICE));

        List<String> changes = changes(10L);
        assertThat(changes).hasSize(4);
        assertThat(changes.get(0)).startsWith("creation v0 by user");
        assertThat(changes.get(1)).startsWith("code_deployment:install v1 by user");
        assertThat(changes.get(2)).startsWith("code_deployment:upgrade v2 by user");
        assertThat(changes.get(3)).startsWith("controllers_change:2 v3 by user").contains(USER.toString());

        List<IDLValue> info = info(2L);
        assertThat((Object) info.get(0).getValue()).isEqualTo(4L);
        assertThat(changes(2L)).containsExactlyElementsOf(changes.subList(2, 4));
        assertThat(changes(null)).isEmpty();
        Optional<?> moduleHash = (Optional<?>) info.get(2).getValue();
        assertThat(moduleHash).isPresent();
        assertThat(toBytes(moduleHash.get())).isEqualTo(Sha256.of(MotokoCanisters.wasm("journal-v2")));
        assertThat(Arrays.asList((Object[]) info.get(3).getValue())).containsExactlyInAnyOrder(USER, ALICE);
    }

    @Test
    void uninstallAndSnapshotLoadsAreChangesToo() {
        byte[] snapshot = TestCandid.firstArgument(
                        reply(TestManagement.takeSnapshot(ic, USER, journal, Optional.empty(), true)))
                .field("id")
                .blob();
        assertThat(reject(ic.updateCall(USER, journal, "inc", noArgs())).errorCode())
                .isEqualTo("IC0537");
        assertThat(TestManagement.loadSnapshot(ic, USER, journal, snapshot)).isInstanceOf(CallResult.Reply.class);
        assertThat(TestIc.nat(ic.updateCall(USER, journal, "inc", noArgs()))).isEqualTo(1);

        List<String> changes = changes(20L);
        assertThat(changes.get(2)).startsWith("code_uninstall v2 by user");
        // the snapshot was taken at version 1; loading it is version 3
        assertThat(changes.get(3)).startsWith("load_snapshot:1 v3 by user");
    }

    @Test
    void aControllingCanisterSnapshotsAndRestoresAnother() {
        setControllers(List.of(USER, inspector));
        ic.updateCall(USER, journal, "inc", noArgs());
        byte[] snapshot = toBytes(IDLArgs.fromBytes(reply(ic.updateCall(
                        USER,
                        inspector,
                        "snapshot",
                        IDLArgs.create(List.of(IDLValue.create(journal))).toBytes())))
                .getArgs()
                .getFirst()
                .getValue());
        ic.updateCall(USER, journal, "inc", noArgs());
        assertThat(TestIc.nat(ic.query(USER, journal, "get", noArgs()))).isEqualTo(2);

        CallResult restored = ic.updateCall(
                USER,
                inspector,
                "restore",
                IDLArgs.create(List.of(
                                IDLValue.create(journal),
                                IDLValue.create(
                                        snapshot,
                                        org.ic4j.candid.parser.IDLType.createType(
                                                Type.VEC, org.ic4j.candid.parser.IDLType.createType(Type.NAT8)))))
                        .toBytes());
        assertThat(restored).isInstanceOf(CallResult.Reply.class);
        assertThat(TestIc.nat(ic.query(USER, journal, "get", noArgs()))).isEqualTo(1);
        assertThat(changes(1L).getFirst())
                .startsWith("load_snapshot:")
                .contains("by canister")
                .contains(inspector.toString());
    }

    @Test
    void usersCannotCallCanisterInfo() {
        byte[] argument = TestCandid.encode(
                ManagementCandidTypes.CANISTER_INFO_ARGS,
                Map.of("canister_id", journal, "num_requested_changes", Optional.empty()));
        CallResult.Reject refused = reject(ic.awaitIngress(
                ic.submitIngress(USER, IcInstance.MANAGEMENT_CANISTER, "canister_info", argument, journal)));
        assertThat(refused.errorCode()).isEqualTo("IC0406");
        assertThat(refused.message()).isEqualTo("Only canisters can call ic00 method canister_info");
    }

    private static byte[] toBytes(Object blob) {
        if (blob instanceof byte[] bytes) {
            return bytes;
        }
        Byte[] boxed = (Byte[]) blob;
        byte[] bytes = new byte[boxed.length];
        for (int i = 0; i < boxed.length; i++) {
            bytes[i] = boxed[i];
        }
        return bytes;
    }
}
