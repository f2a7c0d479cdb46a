package io.diode.pocketic.embedded.engine;

import io.diode.ic.IcTime;
import io.diode.ic.MessageLimits;
import io.diode.pocketic.embedded.api.CallResult;
import io.diode.pocketic.embedded.api.RejectCode;
import io.diode.pocketic.embedded.certification.CertifiedState;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.ic4j.types.Principal;

/**
 * The {@code ic0} functions of the IC interface specification, for one canister. Each checks that the
 * current entry point may call it (the spec's availability table) and traps otherwise, as the replica does.
 */
final class SystemApi {

    private static final BigInteger U64_MASK = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final String ALL = "*";
    /**
     * Where calls can be made: composite queries and their callbacks may call other canisters' queries (attaching
     * no cycles: {@code call_cycles_add} is not among them); plain queries and replicated queries cannot call.
     */
    private static final String CALLS = "U CQ Ry Rt CRy CRt T";
    /** The environment variables can be read everywhere but in the start function. */
    private static final String ENV_VARS = "I G U RQ NRQ CQ Ry Rt CRy CRt C CC T F";

    private final Subnet subnet;
    private final Canister canister;
    private Execution current;
    /** The memory of the instance whose code is calling: during an instance's start function that is not
     * yet the canister's sandbox. */
    private GuestMemory memory;
    /** The current query's data certificate, made on first use: signing costs about a millisecond. */
    private byte[] dataCertificate;

    SystemApi(Subnet subnet, Canister canister) {
        this.subnet = subnet;
        this.canister = canister;
    }

    /** An execution starts: the system API serves it, and the canister's code runs on its instruction budget. */
    void begin(Execution execution) {
        current = execution;
        dataCertificate = null;
        if (execution.budget == null) {
            execution.budget = new InstructionBudget(subnet.instructionLimit(execution.entryPoint));
        }
        if (canister.sandbox() != null) {
            execution.budget.start(canister.sandbox());
        }
    }

    /** The execution's code stopped (returned or trapped): its instructions are counted. */
    void end() {
        if (current != null) {
            current.budget.stop();
        }
        current = null;
    }

    /** {@code ic0.performance_counter}: 0 this execution's instructions, 1 those of its whole call context. */
    private long performanceCounter(long type) {
        Execution execution = exec();
        long message = execution.budget.usedNow();
        return switch ((int) type) {
            case 0 -> message;
            case 1 -> execution.callContext == null ? message : execution.callContext.instructions + message;
            default -> throw CanisterTrap.contractViolation("Error getting performance counter type " + type);
        };
    }

    /** Host functions by {@code ic0.<name>}. */
    Map<String, SystemApiFunction> imports() {
        Map<String, SystemApiFunction> functions = new HashMap<>();
        bind(functions, "msg_arg_data_size", "I U RQ NRQ CQ Ry CRy F", a -> exec().argument.length);
        bind(
                functions,
                "msg_arg_data_copy",
                "I U RQ NRQ CQ Ry CRy F",
                a -> copyOut(exec().argument, a[0], a[1], a[2], "msg_arg_data_copy"));
        bind(functions, "msg_caller_size", ALL, a -> exec().caller.getValue().length);
        bind(
                functions,
                "msg_caller_copy",
                ALL,
                a -> copyOut(exec().caller.getValue(), a[0], a[1], a[2], "msg_caller_copy"));
        bind(functions, "msg_reject_code", "Ry Rt CRy CRt", a -> exec().rejectCode);
        bind(functions, "msg_reject_msg_size", "Rt CRt", a -> utf8(exec().rejectMessage).length);
        bind(
                functions,
                "msg_reject_msg_copy",
                "Rt CRt",
                a -> copyOut(utf8(exec().rejectMessage), a[0], a[1], a[2], "msg_reject_msg_copy"));
        bind(functions, "msg_deadline", "U RQ NRQ CQ Ry Rt CRy CRt", a -> exec().deadlineNanos);
        bind(functions, "msg_reply_data_append", "U RQ NRQ CQ Ry Rt CRy CRt", a -> replyDataAppend(a[0], a[1]));
        bind(functions, "msg_reply", "U RQ NRQ CQ Ry Rt CRy CRt", a -> reply());
        bind(functions, "msg_reject", "U RQ NRQ CQ Ry Rt CRy CRt", a -> reject(a[0], a[1]));
        bind(functions, "msg_cycles_available128", "U RQ Ry Rt", a -> write128(a[0], cyclesAvailable()));
        bind(
                functions,
                "msg_cycles_available",
                "U RQ Ry Rt",
                a -> cyclesAvailable().min(U64_MASK).longValue());
        bind(functions, "msg_cycles_refunded128", "Ry Rt", a -> write128(a[0], exec().refundedCycles));
        bind(
                functions,
                "msg_cycles_refunded",
                "Ry Rt",
                a -> exec().refundedCycles.min(U64_MASK).longValue());
        bind(functions, "msg_cycles_accept128", "U RQ Ry Rt", a -> write128(a[2], accept(to128(a[0], a[1]))));
        bind(
                functions,
                "msg_cycles_accept",
                "U RQ Ry Rt",
                a -> accept(unsigned(a[0])).longValue());
        bind(functions, "msg_method_name_size", "F", a -> utf8(exec().methodName).length);
        bind(
                functions,
                "msg_method_name_copy",
                "F",
                a -> copyOut(utf8(exec().methodName), a[0], a[1], a[2], "msg_method_name_copy"));
        bind(functions, "accept_message", "F", a -> acceptMessage());
        bind(functions, "canister_self_size", ALL, a -> canister.id.getValue().length);
        bind(
                functions,
                "canister_self_copy",
                ALL,
                a -> copyOut(canister.id.getValue(), a[0], a[1], a[2], "canister_self_copy"));
        bind(functions, "canister_cycle_balance128", ALL, a -> write128(a[0], canister.cycles()));
        bind(
                functions,
                "canister_cycle_balance",
                ALL,
                a -> canister.cycles().min(U64_MASK).longValue());
        bind(functions, "canister_liquid_cycle_balance128", ALL, a -> write128(a[0], liquidBalance()));
        bind(functions, "canister_status", ALL, a -> switch (canister.status()) {
            case RUNNING -> 1;
            case STOPPING -> 2;
            case STOPPED -> 3;
        });
        bind(functions, "canister_version", ALL, a -> canister.version());
        bind(functions, "subnet_self_size", ALL, a -> subnet.subnetId().getValue().length);
        bind(
                functions,
                "subnet_self_copy",
                ALL,
                a -> copyOut(subnet.subnetId().getValue(), a[0], a[1], a[2], "subnet_self_copy"));
        bind(functions, "call_new", CALLS, this::callNew);
        bind(functions, "call_on_cleanup", CALLS, a -> callOnCleanup(a[0], a[1]));
        bind(functions, "call_data_append", CALLS, a -> callDataAppend(a[0], a[1]));
        bind(functions, "call_with_best_effort_response", CALLS, a -> bestEffort(a[0]));
        bind(functions, "call_cycles_add128", "U Ry Rt T", a -> callCyclesAdd(to128(a[0], a[1])));
        bind(functions, "call_cycles_add", "U Ry Rt T", a -> callCyclesAdd(unsigned(a[0])));
        bind(functions, "call_perform", CALLS, a -> callPerform());
        bind(functions, "stable64_size", ALL, a -> canister.stableMemory().sizeInPages());
        bind(functions, "stable64_grow", ALL, a -> canister.stableMemory().grow(a[0]));
        bind(functions, "stable64_read", ALL, a -> stableRead(a[0], a[1], a[2]));
        bind(functions, "stable64_write", ALL, a -> stableWrite(a[0], a[1], a[2]));
        bind(functions, "stable_size", ALL, a -> stable32Size());
        bind(functions, "stable_grow", ALL, a -> stable32Grow(a[0]));
        bind(functions, "stable_read", ALL, a -> stableRead(a[0], a[1], a[2]));
        bind(functions, "stable_write", ALL, a -> stableWrite(a[0], a[1], a[2]));
        bind(functions, "certified_data_set", "I G U Ry Rt T", a -> certifiedDataSet(a[0], a[1]));
        bind(functions, "data_certificate_present", ALL, a -> dataCertificateAvailable() ? 1 : 0);
        bind(functions, "data_certificate_size", "NRQ CQ", a -> dataCertificate().length);
        bind(
                functions,
                "data_certificate_copy",
                "NRQ CQ",
                a -> copyOut(dataCertificate(), a[0], a[1], a[2], "data_certificate_copy"));
        bind(functions, "root_key_size", ALL, a -> subnet.certifier().rootKeyDer().length);
        bind(
                functions,
                "root_key_copy",
                ALL,
                a -> copyOut(subnet.certifier().rootKeyDer(), a[0], a[1], a[2], "root_key_copy"));
        bind(functions, "time", ALL, a -> subnet.timeNanos());
        bind(functions, "global_timer_set", "I G U Ry Rt C T", a -> {
            return canister.setGlobalTimer(a[0]);
        });
        bind(functions, "performance_counter", ALL, a -> performanceCounter(a[0]));
        bind(functions, "is_controller", ALL, a -> isController(a[0], a[1]));
        bind(functions, "in_replicated_execution", ALL, a -> exec().entryPoint.isNonReplicated() ? 0 : 1);
        bind(functions, "cost_call", ALL, a -> write128(a[2], subnet.fees().interCanisterCall((int) a[0], (int) a[1])));
        bind(
                functions,
                "cost_create_canister",
                ALL,
                a -> write128(a[0], subnet.fees().canisterCreation()));
        bind(
                functions,
                "cost_http_request",
                ALL,
                a -> write128(a[2], subnet.fees().httpOutcall(a[0], a[1])));
        bind(functions, "cycles_burn128", "I G U Ry Rt C T", a -> write128(a[2], burn(to128(a[0], a[1]))));
        bind(functions, "env_var_count", ENV_VARS, a -> environmentVariables().size());
        bind(functions, "env_var_name_size", ENV_VARS, a -> envVarName(a[0]).length);
        bind(
                functions,
                "env_var_name_copy",
                ENV_VARS,
                a -> copyOut(envVarName(a[0]), a[1], a[2], a[3], "ic0.env_var_name_copy"));
        bind(
                functions,
                "env_var_name_exists",
                ENV_VARS,
                a -> environmentVariables().containsKey(envVarNameIn(a[0], a[1], "ic0.env_var_name_exists")) ? 1 : 0);
        bind(
                functions,
                "env_var_value_size",
                ENV_VARS,
                a -> envVarValue(envVarNameIn(a[0], a[1], "ic0.env_var_value_size")).length);
        bind(
                functions,
                "env_var_value_copy",
                ENV_VARS,
                a -> copyOut(
                        envVarValue(envVarNameIn(a[0], a[1], "ic0.env_var_value_copy")),
                        a[2],
                        a[3],
                        a[4],
                        "ic0.env_var_value_copy"));
        bind(functions, "debug_print", ALL, a -> debugPrint(a[0], a[1]));
        bind(functions, "trap", ALL, a -> {
            throw new CanisterTrap(
                    CanisterTrap.Kind.CALLED_TRAP, new String(copyIn(a[0], a[1], "trap"), StandardCharsets.UTF_8));
        });
        return functions;
    }

    private void bind(Map<String, SystemApiFunction> functions, String name, String availability, Body body) {
        Set<String> allowed = availability.equals(ALL) ? null : Set.of(availability.split(" "));
        // the replica lets a start function use the functions available everywhere (moc's reads stable64_size)
        boolean inStart = allowed == null;
        java.util.function.ToLongFunction<long[]> cost = SystemApiCosts.of(name);
        functions.put("ic0." + name, (callerMemory, arguments) -> {
            memory = callerMemory;
            Execution execution = exec();
            execution.budget.charge(cost.applyAsLong(arguments));
            boolean permitted = execution.entryPoint == EntryPoint.START
                    ? inStart
                    : allowed == null || allowed.contains(execution.entryPoint.specCode());
            if (!permitted) {
                throw CanisterTrap.contractViolation(
                        "\"ic0_" + name + "\" cannot be executed in " + execution.entryPoint.modeName() + " mode");
            }
            return body.call(arguments);
        });
    }

    /** A system API function's behaviour, once availability is checked and the caller's memory is known. */
    @FunctionalInterface
    private interface Body {
        long call(long[] arguments);
    }

    private Execution exec() {
        if (current == null) {
            throw new IllegalStateException("canister " + canister.id + " called the system API outside a message");
        }
        return current;
    }

    // ---- memory transfer ------------------------------------------------------------------------

    private long copyOut(byte[] data, long destination, long offset, long size, String function) {
        if (offset < 0 || size < 0 || offset + size > data.length) {
            throw CanisterTrap.contractViolation(
                    function + ": src=" + offset + " + length=" + size + " exceeds the slice size=" + data.length);
        }
        memory.write(destination, data, (int) offset, (int) size);
        return 0;
    }

    private byte[] copyIn(long source, long size, String function) {
        if (size < 0 || size > Integer.MAX_VALUE - 8) {
            throw CanisterTrap.contractViolation(function + ": size " + size + " is out of range");
        }
        byte[] data = new byte[(int) size];
        memory.read(source, data, 0, data.length);
        return data;
    }

    private long write128(long destination, BigInteger value) {
        byte[] bytes = new byte[16];
        BigInteger low = value.and(U64_MASK);
        BigInteger high = value.shiftRight(64).and(U64_MASK);
        putLittleEndian(bytes, 0, low.longValue());
        putLittleEndian(bytes, 8, high.longValue());
        memory.write(destination, bytes, 0, 16);
        return 0;
    }

    private static void putLittleEndian(byte[] bytes, int offset, long value) {
        for (int i = 0; i < 8; i++) {
            bytes[offset + i] = (byte) (value >>> (8 * i));
        }
    }

    private static BigInteger to128(long high, long low) {
        return unsigned(high).shiftLeft(64).or(unsigned(low));
    }

    private static BigInteger unsigned(long value) {
        return BigInteger.valueOf(value).and(U64_MASK);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    // ---- responses ------------------------------------------------------------------------------

    private long replyDataAppend(long source, long size) {
        Execution execution = exec();
        requireCanRespond(execution, "msg_reply_data_append");
        if (execution.replyData.size() + size > MessageLimits.MAX_PAYLOAD_BYTES) {
            throw CanisterTrap.contractViolation(
                    "ic0.msg_reply_data_append: application payload size (" + (execution.replyData.size() + size)
                            + ") cannot be larger than " + MessageLimits.MAX_PAYLOAD_BYTES);
        }
        execution.replyData.writeBytes(copyIn(source, size, "msg_reply_data_append"));
        return 0;
    }

    private long reply() {
        Execution execution = exec();
        requireCanRespond(execution, "msg_reply");
        execution.response = new CallResult.Reply(execution.replyData.toByteArray());
        return 0;
    }

    private long reject(long source, long size) {
        Execution execution = exec();
        requireCanRespond(execution, "msg_reject");
        if (size > MessageLimits.MAX_PAYLOAD_BYTES) {
            throw CanisterTrap.contractViolation("ic0.msg_reject: message of " + size + " bytes is too long");
        }
        String message = new String(copyIn(source, size, "msg_reject"), StandardCharsets.UTF_8);
        execution.response = new CallResult.Reject(RejectCode.CANISTER_REJECT, message, "IC0406");
        return 0;
    }

    private static void requireCanRespond(Execution execution, String function) {
        if (!execution.canRespond()) {
            throw CanisterTrap.contractViolation("ic0." + function + ": the call is already replied to");
        }
    }

    // ---- cycles ---------------------------------------------------------------------------------

    private BigInteger cyclesAvailable() {
        CallContext context = exec().callContext;
        return context == null ? BigInteger.ZERO : context.cyclesAvailable;
    }

    private BigInteger accept(BigInteger maximum) {
        CallContext context = exec().callContext;
        if (context == null) {
            return BigInteger.ZERO;
        }
        BigInteger accepted = maximum.min(context.cyclesAvailable);
        context.cyclesAvailable = context.cyclesAvailable.subtract(accepted);
        canister.addCycles(accepted);
        return accepted;
    }

    private BigInteger liquidBalance() {
        return canister.cycles().subtract(subnet.freezingThreshold(canister)).max(BigInteger.ZERO);
    }

    /** Burns up to {@code amount} of the cycles above the freezing threshold; returns what it burnt. */
    private BigInteger burn(BigInteger amount) {
        BigInteger burnt = amount.min(liquidBalance());
        canister.withdrawCycles(burnt);
        return burnt;
    }

    /** The canister's environment variables by name, in the replica's order (its names' UTF-8 bytes). */
    private java.util.SortedMap<String, String> environmentVariables() {
        java.util.SortedMap<String, String> variables =
                new java.util.TreeMap<>((x, y) -> java.util.Arrays.compareUnsigned(utf8(x), utf8(y)));
        canister.settings()
                .environmentVariables()
                .forEach(variable -> variables.put(variable.name(), variable.value()));
        return variables;
    }

    private byte[] envVarName(long index) {
        java.util.List<String> names =
                java.util.List.copyOf(environmentVariables().keySet());
        if (index < 0 || index >= names.size()) {
            throw CanisterTrap.contractViolationWithoutHelp("Environment variable index " + Long.toUnsignedString(index)
                    + " is out of bounds. The number of environment variables is " + names.size() + ".");
        }
        return utf8(names.get((int) index));
    }

    private String envVarNameIn(long source, long size, String function) {
        byte[] bytes = copyIn(source, size, function);
        java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
        try {
            return decoder.decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException invalid) {
            throw CanisterTrap.contractViolation(function + ": Variable name is not a valid UTF-8 string.");
        }
    }

    private byte[] envVarValue(String name) {
        String value = environmentVariables().get(name);
        if (value == null) {
            throw CanisterTrap.contractViolationWithoutHelp("Environment variable " + name + " not found.");
        }
        return utf8(value);
    }

    private long acceptMessage() {
        Execution execution = exec();
        if (execution.messageAccepted) {
            throw CanisterTrap.contractViolation("ic0.accept_message: the message was already accepted");
        }
        execution.messageAccepted = true;
        return 0;
    }

    // ---- outgoing calls -------------------------------------------------------------------------

    private long callNew(long[] a) {
        Execution execution = exec();
        byte[] callee = copyIn(a[0], a[1], "call_new");
        if (callee.length > 29) {
            throw CanisterTrap.contractViolation(
                    "ic0.call_new: the callee id has " + callee.length + " bytes, more than a principal's 29");
        }
        String method = new String(copyIn(a[2], a[3], "call_new"), StandardCharsets.UTF_8);
        execution.callUnderConstruction = new OutgoingCall(Principal.from(callee), method, a[4], a[5], a[6], a[7]);
        return 0;
    }

    /**
     * The replica's capacity of the queues between two canisters ({@code DEFAULT_QUEUE_CAPACITY}): a canister can
     * have at most this many calls to one callee in flight (each holds a slot for its response until it is answered).
     */
    static final int QUEUE_CAPACITY = 500;

    private long outstandingCallsTo(Principal callee, Execution execution) {
        long inFlight = canister.callbacks().values().stream()
                .filter(c -> c.callee().equals(callee))
                .count();
        long thisMessage = execution.performedCalls.stream()
                .filter(c -> c.callee.equals(callee))
                .count();
        return inFlight + thisMessage;
    }

    /** The replica's bounds for a best-effort call's timeout, in seconds. */
    static final long MIN_CALL_TIMEOUT_SECONDS = 1;

    static final long MAX_CALL_TIMEOUT_SECONDS = 300;

    private long bestEffort(long timeoutSeconds) {
        OutgoingCall call = building("call_with_best_effort_response");
        if (call.deadlineNanos != 0) {
            throw CanisterTrap.contractViolation("ic0.call_with_best_effort_response: the call already has a timeout");
        }
        long seconds =
                Math.max(MIN_CALL_TIMEOUT_SECONDS, Math.min(MAX_CALL_TIMEOUT_SECONDS, Integer.toUnsignedLong((int)
                        timeoutSeconds)));
        call.deadlineNanos = subnet.timeNanos() + seconds * IcTime.NANOS_PER_SECOND;
        return 0;
    }

    private OutgoingCall building(String function) {
        OutgoingCall call = exec().callUnderConstruction;
        if (call == null) {
            throw CanisterTrap.contractViolation("ic0." + function + ": no call is under construction");
        }
        return call;
    }

    private long callOnCleanup(long function, long env) {
        OutgoingCall call = building("call_on_cleanup");
        if (call.cleanupFunction != null) {
            throw CanisterTrap.contractViolation("ic0.call_on_cleanup: a cleanup callback is already set");
        }
        call.cleanupFunction = function;
        call.cleanupEnv = env;
        return 0;
    }

    private long callDataAppend(long source, long size) {
        OutgoingCall call = building("call_data_append");
        if (call.argument.size() + size > MessageLimits.MAX_PAYLOAD_BYTES) {
            throw CanisterTrap.contractViolation(
                    "ic0.call_data_append: the argument would exceed " + MessageLimits.MAX_PAYLOAD_BYTES + " bytes");
        }
        call.argument.writeBytes(copyIn(source, size, "call_data_append"));
        return 0;
    }

    private long callCyclesAdd(BigInteger amount) {
        OutgoingCall call = building("call_cycles_add128");
        BigInteger spendable = liquidBalance();
        if (amount.compareTo(spendable) > 0) {
            throw CanisterTrap.contractViolation("Canister " + canister.id + " attempted to send " + amount
                    + " cycles when only " + spendable + " were available");
        }
        canister.withdrawCycles(amount);
        call.cycles = call.cycles.add(amount);
        return 0;
    }

    private long callPerform() {
        Execution execution = exec();
        OutgoingCall call = building("call_perform");
        execution.callUnderConstruction = null;
        if (execution.entryPoint.isNonReplicated()) {
            // a composite query's calls cost nothing: nothing it does is charged, and all of it is discarded
            execution.performedCalls.add(call);
            return 0;
        }
        BigInteger fee = subnet.fees()
                .interCanisterCall(call.method.getBytes(StandardCharsets.UTF_8).length, call.argument.size());
        if (outstandingCallsTo(call.callee, execution) >= QUEUE_CAPACITY) {
            // the replica's queue to that canister is full: the call is refused synchronously
            canister.addCycles(call.cycles);
            return RejectCode.SYS_TRANSIENT.code();
        }
        if (fee.compareTo(liquidBalance()) > 0) {
            // the IC refuses the call synchronously and gives the attached cycles back
            canister.addCycles(call.cycles);
            return RejectCode.SYS_TRANSIENT.code();
        }
        canister.withdrawCycles(fee);
        execution.performedCalls.add(call);
        return 0;
    }

    // ---- stable memory --------------------------------------------------------------------------

    private long stableRead(long destination, long offset, long size) {
        if (size < 0 || size > Integer.MAX_VALUE - 8) {
            throw new CanisterTrap(CanisterTrap.Kind.WASM_TRAP, "stable memory out of bounds");
        }
        byte[] data = new byte[(int) size];
        canister.stableMemory().read(offset, data, 0, data.length);
        memory.write(destination, data, 0, data.length);
        return 0;
    }

    private long stableWrite(long offset, long source, long size) {
        byte[] data = copyIn(source, size, "stable64_write");
        canister.stableMemory().write(offset, data, 0, data.length);
        return 0;
    }

    private long stable32Size() {
        long pages = canister.stableMemory().sizeInPages();
        if (pages > 65_536) {
            throw CanisterTrap.contractViolation(
                    "ic0.stable_size: the stable memory is larger than 4 GiB;" + " use the stable64 functions");
        }
        return pages;
    }

    private long stable32Grow(long newPages) {
        if (canister.stableMemory().sizeInPages() + newPages > 65_536) {
            return -1;
        }
        return canister.stableMemory().grow(newPages);
    }

    // ---- misc -----------------------------------------------------------------------------------

    /**
     * Only queries outside replicated execution see a certificate, as on the IC; in a composite query's call graph
     * only the canister the user called does (the certificate is of that canister's certified data).
     */
    private boolean dataCertificateAvailable() {
        Execution execution = exec();
        return (execution.entryPoint == EntryPoint.NON_REPLICATED_QUERY
                        || execution.entryPoint == EntryPoint.COMPOSITE_QUERY)
                && !execution.dataCertificateWithheld;
    }

    /**
     * A certificate of {@code /canister/<self>/certified_data} and {@code /time}, signed with the subnet's key:
     * what a canister hands to clients so they can check a query answer against its certified data.
     */
    private byte[] dataCertificate() {
        if (!dataCertificateAvailable()) {
            throw CanisterTrap.contractViolation("a data certificate is only available in non-replicated queries"
                    + " of the canister the user called");
        }
        if (dataCertificate == null) {
            dataCertificate = new CertifiedState(subnet.timeNanos())
                    .withCertifiedData(canister.id, canister.certifiedData())
                    .certificate(subnet.certifier(), CertifiedState.dataCertificatePaths(canister.id));
        }
        return dataCertificate;
    }

    private long certifiedDataSet(long source, long size) {
        if (size > 32) {
            throw CanisterTrap.contractViolation("ic0.certified_data_set: " + size + " bytes, more than 32");
        }
        canister.setCertifiedData(copyIn(source, size, "certified_data_set"));
        return 0;
    }

    private long isController(long source, long size) {
        byte[] principal = copyIn(source, size, "is_controller");
        if (principal.length > 29) {
            throw CanisterTrap.contractViolation(
                    "ic0.is_controller: " + principal.length + " bytes are not a principal");
        }
        return canister.isController(Principal.from(principal)) ? 1 : 0;
    }

    private long debugPrint(long source, long size) {
        // the IC truncates over-long debug messages rather than trapping
        byte[] text = copyIn(source, Math.min(size, 64 * 1024), "debug_print");
        EntryPoint mode = exec().entryPoint;
        subnet.debugPrint(
                canister,
                new String(text, StandardCharsets.UTF_8),
                !mode.isNonReplicated() && mode != EntryPoint.INSPECT_MESSAGE);
        return 0;
    }
}
