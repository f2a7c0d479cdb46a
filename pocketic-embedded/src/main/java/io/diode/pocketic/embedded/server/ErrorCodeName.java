package io.diode.pocketic.embedded.server;

import java.util.Map;

/**
 * The names the PocketIC REST API gives the IC's error codes ({@code "IC0503"} is {@code "CanisterCalledTrap"}):
 * its JSON carries the name of the Rust enum variant, not the number.
 */
public final class ErrorCodeName {

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(101, "SubnetOversubscribed"),
            Map.entry(102, "MaxNumberOfCanistersReached"),
            Map.entry(201, "CanisterQueueFull"),
            Map.entry(202, "IngressMessageTimeout"),
            Map.entry(203, "CanisterQueueNotEmpty"),
            Map.entry(204, "IngressHistoryFull"),
            Map.entry(205, "CanisterIdAlreadyExists"),
            Map.entry(206, "StopCanisterRequestTimeout"),
            Map.entry(207, "CanisterOutOfCycles"),
            Map.entry(208, "CertifiedStateUnavailable"),
            Map.entry(209, "CanisterInstallCodeRateLimited"),
            Map.entry(210, "CanisterHeapDeltaRateLimited"),
            Map.entry(301, "CanisterNotFound"),
            Map.entry(305, "CanisterSnapshotNotFound"),
            Map.entry(402, "InsufficientMemoryAllocation"),
            Map.entry(403, "InsufficientCyclesForCreateCanister"),
            Map.entry(404, "SubnetNotFound"),
            Map.entry(405, "CanisterNotHostedBySubnet"),
            Map.entry(406, "CanisterRejectedMessage"),
            Map.entry(407, "UnknownManagementMessage"),
            Map.entry(408, "InvalidManagementPayload"),
            Map.entry(409, "CanisterSnapshotImmutable"),
            Map.entry(502, "CanisterTrapped"),
            Map.entry(503, "CanisterCalledTrap"),
            Map.entry(504, "CanisterContractViolation"),
            Map.entry(505, "CanisterInvalidWasm"),
            Map.entry(506, "CanisterDidNotReply"),
            Map.entry(507, "CanisterOutOfMemory"),
            Map.entry(508, "CanisterStopped"),
            Map.entry(509, "CanisterStopping"),
            Map.entry(510, "CanisterNotStopped"),
            Map.entry(511, "CanisterStoppingCancelled"),
            Map.entry(512, "CanisterInvalidController"),
            Map.entry(513, "CanisterFunctionNotFound"),
            Map.entry(514, "CanisterNonEmpty"),
            Map.entry(517, "QueryCallGraphLoopDetected"),
            Map.entry(520, "InsufficientCyclesInCall"),
            Map.entry(521, "CanisterWasmEngineError"),
            Map.entry(522, "CanisterInstructionLimitExceeded"),
            Map.entry(524, "CanisterMemoryAccessLimitExceeded"),
            Map.entry(525, "QueryCallGraphTooDeep"),
            Map.entry(526, "QueryCallGraphTotalInstructionLimitExceeded"),
            Map.entry(527, "CompositeQueryCalledInReplicatedMode"),
            Map.entry(528, "QueryTimeLimitExceeded"),
            Map.entry(529, "QueryCallGraphInternal"),
            Map.entry(530, "InsufficientCyclesInComputeAllocation"),
            Map.entry(531, "InsufficientCyclesInMemoryAllocation"),
            Map.entry(532, "InsufficientCyclesInMemoryGrow"),
            Map.entry(533, "ReservedCyclesLimitExceededInMemoryAllocation"),
            Map.entry(534, "ReservedCyclesLimitExceededInMemoryGrow"),
            Map.entry(535, "InsufficientCyclesInMessageMemoryGrow"),
            Map.entry(536, "CanisterMethodNotFound"),
            Map.entry(537, "CanisterWasmModuleNotFound"),
            Map.entry(538, "CanisterAlreadyInstalled"),
            Map.entry(539, "CanisterWasmMemoryLimitExceeded"),
            Map.entry(540, "ReservedCyclesLimitIsTooLow"),
            Map.entry(601, "DeadlineExpired"),
            Map.entry(602, "ResponseDropped"));

    private ErrorCodeName() {}

    /**
     * @param errorCode as the engine reports it, {@code "IC0503"}
     * @throws IllegalArgumentException for a code the IC does not define: the engine must not invent codes
     */
    public static String of(String errorCode) {
        if (errorCode == null || !errorCode.matches("IC\\d{4}")) {
            throw new IllegalArgumentException("not an IC error code: " + errorCode);
        }
        String name = NAMES.get(Integer.parseInt(errorCode.substring(2)));
        if (name == null) {
            throw new IllegalArgumentException("the IC defines no error code " + errorCode);
        }
        return name;
    }
}
