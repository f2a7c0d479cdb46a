package io.diode.pocketic.embedded.engine;

import static io.diode.pocketic.embedded.engine.ControllerCheck.withControlled;

import io.diode.ic.Sha256;
import io.diode.pocketic.embedded.api.CallResult;
import io.diode.pocketic.embedded.api.RejectCode;
import io.diode.pocketic.embedded.management.CanisterChange;
import io.diode.pocketic.embedded.management.CanisterInfoArgs;
import io.diode.pocketic.embedded.management.CanisterSettings;
import io.diode.pocketic.embedded.management.CanisterStatus;
import io.diode.pocketic.embedded.management.CanisterStatusResult;
import io.diode.pocketic.embedded.management.CreateCanisterArgs;
import io.diode.pocketic.embedded.management.EnvironmentVariable;
import io.diode.pocketic.embedded.management.ManagementArgumentDecoder;
import io.diode.pocketic.embedded.management.ManagementResultEncoder;
import io.diode.pocketic.embedded.management.MemoryMetrics;
import io.diode.pocketic.embedded.management.ProvisionalCreateCanisterArgs;
import io.diode.pocketic.embedded.management.ProvisionalTopUpCanisterArgs;
import io.diode.pocketic.embedded.management.QueryStats;
import io.diode.pocketic.embedded.management.UpdateSettingsArgs;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ic4j.types.Principal;

/**
 * The management canister's lifecycle methods: creation, cycles, settings, status, history and {@code canister_info},
 * start, stop and delete, with the IC's controller checks.
 */
final class CanisterLifecycle {

    /** Cycles a provisional canister gets when the call names no amount (the replica's default). */
    static final BigInteger DEFAULT_PROVISIONAL_CYCLES = new BigInteger("100000000000000");

    static final int MAX_CONTROLLERS = 10;

    private final Subnet subnet;

    CanisterLifecycle(Subnet subnet) {
        this.subnet = subnet;
    }

    CallResult provisionalCreate(Message.Request request) {
        ProvisionalCreateCanisterArgs args =
                ManagementArgumentDecoder.provisionalCreateCanisterWithCycles(request.argument());
        Principal id;
        if (args.specifiedId() != null) {
            id = args.specifiedId();
            CallResult.Reject elsewhere = subnet.specifiedIdRejection(id);
            if (elsewhere != null) {
                return elsewhere;
            }
            if (subnet.canister(id) != null) {
                return new CallResult.Reject(
                        RejectCode.CANISTER_ERROR, "Canister " + id + " is already installed.", "IC0205");
            }
        } else {
            id = subnet.idAllocator().allocate();
        }
        BigInteger cycles = args.amount() != null ? args.amount() : DEFAULT_PROVISIONAL_CYCLES;
        CallResult.Reject invalid = validateSettings(args.settings());
        if (invalid != null) {
            return invalid;
        }
        Canister canister = subnet.createCanister(id, List.of(request.sender()), cycles);
        canister.applySettings(args.settings());
        recordCreation(canister, request, args.senderCanisterVersion());
        return new CallResult.Reply(ManagementResultEncoder.createCanister(id));
    }

    CallResult create(Message.Request request) {
        CreateCanisterArgs args = ManagementArgumentDecoder.createCanister(request.argument());
        BigInteger fee = subnet.fees().canisterCreation();
        if (request.cycles().compareTo(fee) < 0) {
            return IcRejects.insufficientCyclesForCreate(request.cycles(), fee);
        }
        CallResult.Reject invalid = validateSettings(args.settings());
        if (invalid != null) {
            return invalid;
        }
        Principal id = subnet.idAllocator().allocate();
        Canister canister = subnet.createCanister(
                id, List.of(request.sender()), request.cycles().subtract(fee));
        canister.applySettings(args.settings());
        recordCreation(canister, request, args.senderCanisterVersion());
        return new CallResult.Reply(ManagementResultEncoder.createCanister(id));
    }

    private static CallResult.Reject validateSettings(CanisterSettings settings) {
        if (settings.controllers() != null && settings.controllers().size() > MAX_CONTROLLERS) {
            return new CallResult.Reject(
                    RejectCode.CANISTER_REJECT,
                    "Invalid settings: at most " + MAX_CONTROLLERS + " controllers are allowed, got "
                            + settings.controllers().size(),
                    "IC0406");
        }
        if (settings.computeAllocation() != null
                && settings.computeAllocation().compareTo(BigInteger.valueOf(100)) > 0) {
            return new CallResult.Reject(
                    RejectCode.CANISTER_REJECT,
                    "Invalid settings: compute_allocation must" + " be a percentage between 0 and 100, got "
                            + settings.computeAllocation(),
                    "IC0406");
        }
        return null;
    }

    /** {@code provisional_top_up_canister}: cycles from nowhere, the amount the argument names. */
    CallResult topUp(Message.Request request) {
        ProvisionalTopUpCanisterArgs args = ManagementArgumentDecoder.provisionalTopUpCanister(request.argument());
        return addCycles(args.canisterId(), args.amount());
    }

    /** {@code deposit_cycles}: the cycles the call carries. */
    CallResult deposit(Message.Request request) {
        Principal id = ManagementArgumentDecoder.canisterId("deposit_cycles", request.argument())
                .canisterId();
        return addCycles(id, request.cycles());
    }

    /** Either top-up: anyone may add cycles to a canister, which must exist. */
    private CallResult addCycles(Principal id, BigInteger amount) {
        Canister canister = subnet.canister(id);
        if (canister == null) {
            return IcRejects.canisterNotFound(id);
        }
        canister.addCycles(amount);
        return new CallResult.Reply(ManagementResultEncoder.empty());
    }

    /** The spec lets the controllers and the canister itself read its status. */
    CallResult canisterStatus(Message.Request request) {
        Principal id = ManagementArgumentDecoder.canisterId("canister_status", request.argument())
                .canisterId();
        Canister self = subnet.canister(id);
        if (self != null && request.sender().equals(id)) {
            return new CallResult.Reply(ManagementResultEncoder.canisterStatus(status(self)));
        }
        return withControlled(
                subnet,
                id,
                request,
                "canister_status",
                canister -> new CallResult.Reply(ManagementResultEncoder.canisterStatus(status(canister))));
    }

    CanisterStatusResult status(Canister canister) {
        long wasmMemory = canister.execution().wasmMemoryBytes();
        long chunks = canister.chunkStore().memoryBytes();
        MemoryMetrics metrics = new MemoryMetrics(
                BigInteger.valueOf(wasmMemory),
                BigInteger.valueOf(canister.stableMemory().sizeInBytes()),
                BigInteger.ZERO,
                BigInteger.valueOf(canister.code() == null ? 0 : canister.code().size()),
                BigInteger.ZERO,
                BigInteger.ZERO,
                BigInteger.valueOf(chunks),
                BigInteger.valueOf(canister.snapshotsBytes()));
        return new CanisterStatusResult(
                canister.status(),
                false,
                canister.version(),
                canister.settings(),
                canister.code() == null ? null : canister.code().hash(),
                metrics.total(),
                metrics,
                canister.cycles(),
                BigInteger.ZERO,
                subnet.fees().idleCyclesBurnedPerDay(canister.memoryBytes()),
                QueryStats.NONE);
    }

    CallResult updateSettings(Message.Request request) {
        UpdateSettingsArgs args = ManagementArgumentDecoder.updateSettings(request.argument());
        return withControlled(subnet, args.canisterId(), request, "update_settings", canister -> {
            CallResult.Reject invalid = validateSettings(args.settings());
            if (invalid != null) {
                return invalid;
            }
            canister.applySettings(args.settings());
            canister.bumpVersion();
            if (args.settings().controllers() != null) {
                recordChange(
                        canister,
                        request,
                        args.senderCanisterVersion(),
                        new CanisterChange.ControllersChange(args.settings().controllers()));
            }
            return new CallResult.Reply(ManagementResultEncoder.empty());
        });
    }

    /** Adds a change to the canister's history, stamped with the current time and the canister's version. */
    void recordChange(
            Canister canister, Message.Request request, Long senderCanisterVersion, CanisterChange.Details details) {
        canister.history()
                .add(new CanisterChange(
                        subnet.timeNanos(),
                        canister.version(),
                        CanisterHistory.origin(request, senderCanisterVersion),
                        details));
    }

    private void recordCreation(Canister canister, Message.Request request, Long senderCanisterVersion) {
        List<EnvironmentVariable> variables = canister.settings().environmentVariables();
        recordChange(
                canister,
                request,
                senderCanisterVersion,
                new CanisterChange.Creation(
                        canister.settings().controllers(),
                        variables.isEmpty() ? null : environmentVariablesHash(variables)));
    }

    /**
     * A hash of the environment variables: SHA-256 over the sorted SHA-256(name) || SHA-256(value) pairs. Not checked
     * against the replica's bytes; it changes exactly when the variables do.
     */
    private static byte[] environmentVariablesHash(List<EnvironmentVariable> variables) {
        List<byte[]> entries = new ArrayList<>();
        for (EnvironmentVariable variable : variables) {
            ByteArrayOutputStream entry = new ByteArrayOutputStream();
            entry.writeBytes(Sha256.of(variable.name().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            entry.writeBytes(Sha256.of(variable.value().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            entries.add(entry.toByteArray());
        }
        entries.sort(Arrays::compareUnsigned);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        entries.forEach(all::writeBytes);
        return Sha256.of(all.toByteArray());
    }

    /** {@code canister_info}: only canisters may call it (refused for ingress); no controller check, as on the IC. */
    CallResult canisterInfo(Message.Request request) {
        CanisterInfoArgs args = ManagementArgumentDecoder.canisterInfo(request.argument());
        Canister canister = subnet.canister(args.canisterId());
        if (canister == null) {
            return IcRejects.canisterNotFound(args.canisterId());
        }
        return new CallResult.Reply(ManagementResultEncoder.canisterInfo(canister.history()
                .info(
                        args.numRequestedChanges(),
                        canister.code() == null ? null : canister.code().hash(),
                        canister.settings().controllers())));
    }

    CallResult start(Message.Request request) {
        return withControlled(subnet, request, "start_canister", canister -> {
            if (canister.status() == CanisterStatus.STOPPING) {
                for (CallOrigin waiter : canister.takeStopWaiters()) {
                    subnet.deliverFromCanisterCode(
                            waiter,
                            new CallResult.Reject(
                                    RejectCode.CANISTER_ERROR,
                                    "Canister " + canister.id
                                            + " was started before it stopped: stop_canister was cancelled.",
                                    "IC0511"),
                            BigInteger.ZERO);
                }
            }
            canister.changeStatus(CanisterStatus.RUNNING);
            return new CallResult.Reply(ManagementResultEncoder.empty());
        });
    }

    /** Returns null when the reply must wait for the canister's open calls to finish. */
    CallResult stop(Message.Request request) {
        return withControlled(subnet, request, "stop_canister", canister -> {
            if (canister.status() == CanisterStatus.STOPPED) {
                return new CallResult.Reply(ManagementResultEncoder.empty());
            }
            canister.changeStatus(CanisterStatus.STOPPING);
            canister.addStopWaiter(request.origin());
            completeStopIfIdle(canister);
            return null;
        });
    }

    /** A stopping canister stops once no call context is open; the stop_canister calls then get their reply. */
    void completeStopIfIdle(Canister canister) {
        if (canister.status() == CanisterStatus.STOPPING && !canister.hasOpenCallContexts()) {
            canister.changeStatus(CanisterStatus.STOPPED);
            for (CallOrigin waiter : canister.takeStopWaiters()) {
                subnet.deliverFromCanisterCode(
                        waiter, new CallResult.Reply(ManagementResultEncoder.empty()), BigInteger.ZERO);
            }
        }
    }

    CallResult delete(Message.Request request) {
        return withControlled(subnet, request, "delete_canister", canister -> {
            if (canister.status() != CanisterStatus.STOPPED) {
                return IcRejects.notStopped(canister.id);
            }
            if (canister.id.equals(request.sender())) {
                return new CallResult.Reject(
                        RejectCode.CANISTER_ERROR, "Canister " + canister.id + " cannot delete itself.", "IC0504");
            }
            subnet.removeCanister(canister.id);
            return new CallResult.Reply(ManagementResultEncoder.empty());
        });
    }
}
