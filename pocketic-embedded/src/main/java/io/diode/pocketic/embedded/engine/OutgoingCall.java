package io.diode.pocketic.embedded.engine;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import org.ic4j.types.Principal;

/** A call a canister is building with {@code ic0.call_new}, {@code call_data_append}, ... until {@code call_perform}. */
final class OutgoingCall {

    final Principal callee;
    final String method;
    final ByteArrayOutputStream argument = new ByteArrayOutputStream();
    final long replyFunction;
    final long replyEnv;
    final long rejectFunction;
    final long rejectEnv;
    Long cleanupFunction;
    long cleanupEnv;
    BigInteger cycles = BigInteger.ZERO;
    /** When a best-effort call's caller stops waiting; 0 for a guaranteed response. */
    long deadlineNanos;

    OutgoingCall(
            Principal callee, String method, long replyFunction, long replyEnv, long rejectFunction, long rejectEnv) {
        this.callee = callee;
        this.method = method;
        this.replyFunction = replyFunction;
        this.replyEnv = replyEnv;
        this.rejectFunction = rejectFunction;
        this.rejectEnv = rejectEnv;
    }
}
