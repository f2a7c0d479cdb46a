package io.diode.pocketic.embedded.management;

import io.diode.candid.IdlType;
import io.diode.candid.VariantValue;
import io.diode.ic.management.ManagementCandidTypes;
import io.diode.pocketic.embedded.api.CallResult;
import io.diode.pocketic.embedded.api.IcInstance;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ic4j.types.Principal;

/**
 * Management-canister calls as a user submits them: ingress messages through the instance's public API, awaited.
 * The engine's tests and the run-drun conformance session build their requests here, so that a change of
 * {@code ic.did}'s records is made once.
 */
public final class TestManagement {

    /** The fields of {@code canister_settings}. */
    private static final List<String> SETTINGS = List.of(
            "controllers",
            "compute_allocation",
            "memory_allocation",
            "freezing_threshold",
            "reserved_cycles_limit",
            "log_visibility",
            "wasm_memory_limit",
            "wasm_memory_threshold",
            "environment_variables");

    private TestManagement() {}

    /** {@code method} of the management canister with {@code argument} as {@code argumentType}, routed by the id. */
    public static CallResult call(
            IcInstance ic,
            Principal sender,
            String method,
            IdlType argumentType,
            Object argument,
            Principal effectiveCanisterId) {
        return ic.awaitIngress(ic.submitIngress(
                sender,
                IcInstance.MANAGEMENT_CANISTER,
                method,
                TestCandid.encode(argumentType, argument),
                effectiveCanisterId));
    }

    /** A method whose argument is {@code record { canister_id }} (status, stop, start, delete, uninstall...). */
    public static CallResult management(IcInstance ic, Principal sender, String method, Principal canister) {
        return call(
                ic,
                sender,
                method,
                ManagementCandidTypes.CANISTER_ID_RECORD,
                Map.of("canister_id", canister),
                canister);
    }

    /** {@code canister_settings} that set {@code field} to {@code value} and leave every other field alone. */
    public static Map<String, Object> settings(String field, Object value) {
        if (!SETTINGS.contains(field)) {
            throw new IllegalArgumentException("canister_settings has no field " + field + "; it has " + SETTINGS);
        }
        Map<String, Object> settings = new HashMap<>();
        for (String name : SETTINGS) {
            settings.put(name, Optional.empty());
        }
        settings.put(field, Optional.of(value));
        return settings;
    }

    /** {@code update_settings} of one field, sent by {@code sender}. */
    public static CallResult updateSettings(
            IcInstance ic, Principal sender, Principal canister, String field, Object value) {
        return call(
                ic,
                sender,
                "update_settings",
                ManagementCandidTypes.UPDATE_SETTINGS_ARGS,
                Map.of(
                        "canister_id",
                        canister,
                        "settings",
                        settings(field, value),
                        "sender_canister_version",
                        Optional.empty()),
                canister);
    }

    /** {@code provisional_create_canister_with_cycles} with the default settings and an id the subnet chooses. */
    public static CallResult createCanister(IcInstance ic, Principal controller, BigInteger cycles) {
        return createCanister(
                ic, controller, IcInstance.MANAGEMENT_CANISTER, cycles, Optional.empty(), Optional.empty());
    }

    /**
     * {@code provisional_create_canister_with_cycles}.
     *
     * @param effectiveCanisterId routes the request to a subnet ({@code aaaaa-aa}: the default one)
     * @param specifiedId the id to create, when the caller asks for one
     */
    public static CallResult createCanister(
            IcInstance ic,
            Principal sender,
            Principal effectiveCanisterId,
            BigInteger cycles,
            Optional<Map<String, Object>> settings,
            Optional<Principal> specifiedId) {
        Map<String, Object> args = new HashMap<>();
        args.put("amount", Optional.of(cycles));
        args.put("settings", settings);
        args.put("specified_id", specifiedId);
        args.put("sender_canister_version", Optional.empty());
        return call(
                ic,
                sender,
                "provisional_create_canister_with_cycles",
                ManagementCandidTypes.PROVISIONAL_CREATE_CANISTER_WITH_CYCLES_ARGS,
                args,
                effectiveCanisterId);
    }

    /** The install mode {@code upgrade} with its options. */
    public static VariantValue upgrade(Optional<Boolean> skipPreUpgrade, Optional<String> wasmMemoryPersistence) {
        return new VariantValue(
                "upgrade",
                Optional.of(Map.of(
                        "skip_pre_upgrade",
                        skipPreUpgrade,
                        "wasm_memory_persistence",
                        wasmMemoryPersistence.map(VariantValue::of))));
    }

    public static CallResult installCode(
            IcInstance ic, Principal sender, Principal canister, VariantValue mode, byte[] wasm, byte[] arg) {
        Map<String, Object> args = new HashMap<>();
        args.put("mode", mode);
        args.put("canister_id", canister);
        args.put("wasm_module", wasm);
        args.put("arg", arg);
        args.put("sender_canister_version", Optional.empty());
        return call(ic, sender, "install_code", ManagementCandidTypes.INSTALL_CODE_ARGS, args, canister);
    }

    /**
     * {@code take_canister_snapshot}.
     *
     * @param replace the snapshot the new one replaces, if any
     * @param uninstallCode whether the canister's code is uninstalled once the snapshot is taken
     */
    public static CallResult takeSnapshot(
            IcInstance ic, Principal sender, Principal canister, Optional<byte[]> replace, boolean uninstallCode) {
        Map<String, Object> args = new HashMap<>();
        args.put("canister_id", canister);
        args.put("replace_snapshot", replace);
        args.put("uninstall_code", uninstallCode ? Optional.of(true) : Optional.empty());
        args.put("sender_canister_version", Optional.empty());
        return call(
                ic,
                sender,
                "take_canister_snapshot",
                ManagementCandidTypes.TAKE_CANISTER_SNAPSHOT_ARGS,
                args,
                canister);
    }

    public static CallResult loadSnapshot(IcInstance ic, Principal sender, Principal canister, byte[] snapshot) {
        return call(
                ic,
                sender,
                "load_canister_snapshot",
                ManagementCandidTypes.LOAD_CANISTER_SNAPSHOT_ARGS,
                Map.of("canister_id", canister, "snapshot_id", snapshot, "sender_canister_version", Optional.empty()),
                canister);
    }

    public static CallResult deleteSnapshot(IcInstance ic, Principal sender, Principal canister, byte[] snapshot) {
        return call(
                ic,
                sender,
                "delete_canister_snapshot",
                ManagementCandidTypes.DELETE_CANISTER_SNAPSHOT_ARGS,
                Map.of("canister_id", canister, "snapshot_id", snapshot),
                canister);
    }
}
