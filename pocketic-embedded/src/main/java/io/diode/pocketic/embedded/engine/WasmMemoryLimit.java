package io.diode.pocketic.embedded.engine;

import java.math.BigInteger;
import java.util.EnumSet;
import java.util.Set;

/**
 * The canister setting {@code wasm_memory_limit} (default 3 GiB, 0 for none), enforced as the replica enforces it:
 * after an update, a timer or heartbeat, {@code canister_init} or {@code canister_post_upgrade}, a Wasm memory
 * larger than the limit fails the message with IC0539 and everything it did is rolled back. Queries and response
 * callbacks are exempt, so a canister over its limit can still be read and can finish the calls it made.
 */
final class WasmMemoryLimit {

    private static final Set<EntryPoint> ENFORCED =
            EnumSet.of(EntryPoint.UPDATE, EntryPoint.SYSTEM_TASK, EntryPoint.INIT, EntryPoint.POST_UPGRADE);

    private WasmMemoryLimit() {}

    /** @throws CanisterTrap (IC0539) if the canister's Wasm memory is over its limit after {@code entryPoint} */
    static void check(Canister canister, EntryPoint entryPoint) {
        if (!ENFORCED.contains(entryPoint) || canister.sandbox() == null) {
            return;
        }
        BigInteger limit = canister.settings().wasmMemoryLimit();
        long usage = canister.sandbox().memorySize();
        if (limit.signum() == 0 || BigInteger.valueOf(usage).compareTo(limit) <= 0) {
            return;
        }
        // the replica's HypervisorError::WasmMemoryLimitExceeded
        throw new CanisterTrap(
                CanisterTrap.Kind.WASM_MEMORY_LIMIT,
                "Canister exceeded its current Wasm memory limit"
                        + " of " + limit + " bytes. The peak Wasm memory usage was " + usage + " bytes. If the canister"
                        + " reaches 4GiB, then it may stop functioning and may become unrecoverable. Please reach out to the"
                        + " canister owner to investigate the reason for the increased memory usage. It might be necessary to"
                        + " move data from the Wasm memory to the stable memory. If such high Wasm memory usage is expected"
                        + " and safe, then the developer can increase the Wasm memory limit in the canister settings.");
    }
}
