package io.diode.pocketic.embedded.engine;

import io.diode.pocketic.embedded.api.CallResult;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.ic4j.types.Principal;

/**
 * The state of one message execution in one canister: what {@code ic0} functions read (argument, caller,
 * reject details) and what they produce (the response, calls to perform). Discarded if the execution traps.
 */
final class Execution {

    final EntryPoint entryPoint;
    final Canister canister;
    final Principal caller;
    final byte[] argument;
    final String methodName;
    /** null for executions outside any call (init, upgrade hooks, timers without a call). */
    final CallContext callContext;
    /** For callbacks: the reject code (0 for a reply) and message. */
    final int rejectCode;

    final String rejectMessage;
    final BigInteger refundedCycles;

    final ByteArrayOutputStream replyData = new ByteArrayOutputStream();
    CallResult response;
    OutgoingCall callUnderConstruction;
    final List<OutgoingCall> performedCalls = new ArrayList<>();
    /** Set when the execution starts (by the system API), or beforehand by an install whose hooks share one. */
    InstructionBudget budget;
    /**
     * What {@code msg_deadline} returns: the deadline of a best-effort call being executed, or of the call whose
     * response a callback handles; 0 for guaranteed responses and ingress messages.
     */
    long deadlineNanos;

    boolean messageAccepted;
    /** Whether the cost of the whole instruction limit was reserved before (updates, timers, heartbeats). */
    boolean prepaidExecution;
    /** Set for the callees of a composite query: the data certificate is only for the canister the user called. */
    boolean dataCertificateWithheld;

    Execution(
            EntryPoint entryPoint,
            Canister canister,
            Principal caller,
            byte[] argument,
            String methodName,
            CallContext callContext,
            int rejectCode,
            String rejectMessage,
            BigInteger refundedCycles) {
        this.entryPoint = entryPoint;
        this.canister = canister;
        this.caller = caller;
        this.argument = argument;
        this.methodName = methodName;
        this.callContext = callContext;
        this.rejectCode = rejectCode;
        this.rejectMessage = rejectMessage;
        this.refundedCycles = refundedCycles;
    }

    static Execution of(
            EntryPoint entryPoint,
            Canister canister,
            Principal caller,
            byte[] argument,
            String methodName,
            CallContext callContext) {
        return new Execution(entryPoint, canister, caller, argument, methodName, callContext, 0, "", BigInteger.ZERO);
    }

    boolean canRespond() {
        return callContext != null && !callContext.responded && response == null;
    }
}
