package io.diode.pocketic.embedded.engine;

import org.ic4j.types.Principal;

/**
 * What a canister registered with {@code ic0.call_new}/{@code call_on_cleanup}: table indices of the functions
 * to run on the response and the environment value they receive.
 */
record Callback(
        CallContext callContext,
        long replyFunction,
        long replyEnv,
        long rejectFunction,
        long rejectEnv,
        Long cleanupFunction,
        long cleanupEnv,
        long deadlineNanos,
        Principal callee) {}
