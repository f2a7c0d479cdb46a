package io.diode.pocketic.embedded.engine;

import java.util.function.ToLongFunction;

/**
 * What each {@code ic0} call adds to the instruction count, as the replica charges it (its embedder's system API
 * linker and overhead table): a fixed overhead per call (500 for most, 1,500 for {@code call_new}, 5,000 for
 * {@code call_perform}, 1,000 for {@code is_controller}, 200 for {@code performance_counter}, 100 for
 * {@code debug_print}, 20 for stable memory access) plus one instruction per byte copied, and 50 per byte for data
 * that leaves the canister (reply, reject, call arguments). Debug prints and traps also pay for the canister log
 * (twice the bytes kept plus 50 per byte transmitted, at most the log's 4 KiB capacity).
 */
final class SystemApiCosts {

    /** The replica's cost of handing one payload byte from the sandbox to the replica. */
    static final long BYTE_TRANSMISSION_COST_FACTOR = 50;
    /** The canister log's capacity, which bounds what logging a message costs. */
    static final long LOG_CAPACITY_BYTES = 4 * 1024;

    private SystemApiCosts() {}

    /** The cost of a call to {@code ic0.<function>} from its arguments. */
    static ToLongFunction<long[]> of(String function) {
        return switch (function) {
            case "msg_arg_data_copy",
                    "msg_caller_copy",
                    "msg_method_name_copy",
                    "msg_reject_msg_copy",
                    "canister_self_copy",
                    "subnet_self_copy",
                    "root_key_copy",
                    "data_certificate_copy" -> a -> 500 + a[2];
            case "msg_reply_data_append", "msg_reject", "call_data_append" ->
                a -> 500 + BYTE_TRANSMISSION_COST_FACTOR * a[1];
            case "call_new" -> a -> 1_500 + a[1] + a[3];
            case "call_perform" -> a -> 5_000;
            case "is_controller" -> a -> 1_000 + a[1];
            case "certified_data_set" -> a -> 500 + a[1];
            case "performance_counter" -> a -> 200;
            case "debug_print" -> a -> 100 + a[1] + logging(a[1]);
            case "trap" -> a -> 500 + a[1] + logging(a[1]);
            case "stable64_read", "stable_read" -> a -> 20 + a[2];
            case "stable64_write", "stable_write" -> a -> 20 + a[2];
            case "stable64_size", "stable_size" -> a -> 20;
            case "stable64_grow", "stable_grow" -> a -> 100;
            default -> a -> 500;
        };
    }

    /** Keeping a message in the canister log: twice the bytes kept, plus their transmission. */
    private static long logging(long bytes) {
        long kept = Math.min(bytes, LOG_CAPACITY_BYTES);
        return 2 * kept + BYTE_TRANSMISSION_COST_FACTOR * kept;
    }
}
