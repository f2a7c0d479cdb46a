package io.diode.sample;

import static io.diode.sample.SampleZone.stored;

import io.diode.canisters.ZoneActor;
import io.diode.pocketic.client.PocketIc;
import io.diode.pocketic.client.Sender;
import io.diode.pocketic.junit.PocketIcBackend;
import io.diode.pocketic.launcher.RunningPocketIcServer;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Locale;
import org.ic4j.types.Principal;

/**
 * Issue 6 benchmark: messages per second a Zone stores ({@code add_message}) and serves ({@code get_message},
 * {@code get_message_by_hash}) through the harness, and the memory each stored message costs:
 * <ul>
 * <li>stored bytes per message: the log's bytes in stable memory ({@code get_storage_stats}, cross-checked with its
 * region's size) plus the heap indexes, whose bytes are <b>computed</b> from their entry counts (the runtime cannot
 * measure one structure's share of the heap); this is the figure for the ≤ 2× target;</li>
 * <li>{@code canister_status} growth per message (WASM memory + stable memory, what the IC charges for) and the
 * Motoko heap allocated per call: on a young canister the heap grows by everything allocated, garbage included,
 * until the GC starts at 64 MiB (README, Benchmark), and stable memory grows in 8 MiB region blocks.</li>
 * </ul>
 *
 * <p>Arguments: {@code [messages=10000] [payload bytes=236] [reads=200]}. The PocketIC backend is the harness's
 * ({@code -Dpocketic.backend}, default: the embedded engine in this JVM). Run it as README.md shows; it prints
 * one line per figure. Not a test: it asserts nothing, so its numbers can be compared across machines.
 */
public final class ZoneStorageBenchmark {

    private static final Principal WRITER = TestUsers.user("benchmark-writer");
    private static final int PROGRESS_EVERY = 2_000;

    private ZoneStorageBenchmark() {}

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int payloadBytes = args.length > 1 ? Integer.parseInt(args[1]) : 236;
        if (messages < 1 || payloadBytes < 4) {
            throw new IllegalArgumentException("usage: ZoneStorageBenchmark [messages >= 1] [payload bytes >= 4]");
        }
        byte[] wasm = CanisterManifestFile.readBuildOutput().wasm("zone");
        PocketIcBackend backend = PocketIcBackend.selected();
        try (RunningPocketIcServer server = backend.start();
                PocketIc pic = PocketIc.create(server.url())) {
            System.out.printf(
                    "backend %s, %d messages of %d bytes, Java %s%n",
                    server.description(), messages, payloadBytes, Runtime.version());
            // Room for every message: nothing is evicted, so memory grows with the count.
            long limit = (long) messages * SampleZone.recordBytes(payloadBytes) + 1_000_000;
            Principal zoneId = pic.setupCanister(
                            wasm,
                            ZoneActor.class,
                            SampleZone.init("0x" + "be".repeat(20), TestUsers.user("factory"), limit))
                    .canisterId();
            SampleZone.registerWithRole(pic, zoneId, WRITER, "0x" + "ab".repeat(20), 1);
            ZoneActor zone = pic.actor(zoneId, ZoneActor.class, Sender.of(WRITER));
            ZoneActor stranger = pic.actor(zoneId, ZoneActor.class, Sender.of(TestUsers.user("stranger")));
            // Warm-up outside the measurement: the first calls compile the canister's hot paths.
            stored(zone.addMessage(TestMessages.keyId(0), distinctPayload(-1, payloadBytes)));
            // Where an add_message's allocation goes: a call refused at the membership check (Candid in and out),
            // a duplicate (plus SHA-256 and the by-hash lookup), and below the average of real stores.
            long refused = allocatedBy(
                    zone, () -> stranger.addMessage(TestMessages.keyId(0), distinctPayload(-2, payloadBytes)));
            long duplicate = allocatedBy(
                    zone, () -> stored(zone.addMessage(TestMessages.keyId(0), distinctPayload(-1, payloadBytes))));
            BigInteger memoryBefore = memory(pic, zoneId);
            ZoneActor.MemoryStats runtimeBefore = zone.getMemoryStats();

            long started = System.nanoTime();
            for (int n = 0; n < messages; n++) {
                stored(zone.addMessage(TestMessages.keyId(n % 50 + 1), distinctPayload(n, payloadBytes)));
                if ((n + 1) % PROGRESS_EVERY == 0) {
                    // Memory at checkpoints shows the slope (the cost of one more message) apart from start-up.
                    System.out.printf(
                            Locale.ROOT,
                            "  stored %,d (%.1f/s so far), memory %,d bytes%n",
                            n + 1,
                            rate(n + 1, started),
                            memory(pic, zoneId));
                }
            }
            double storeRate = rate(messages, started);
            BigInteger memoryAfter = memory(pic, zoneId);
            ZoneActor.MemoryStats runtimeAfter = zone.getMemoryStats();
            ZoneActor.Usage usage = zone.getUsage();
            ZoneActor.StorageStats storage = zone.getStorageStats();
            long usedBytes = usage.usedBytes().longValueExact();

            // Few reads by default: on the embedded engine a query costs far more once the store is large (README).
            int reads = Math.min(messages, args.length > 2 ? Integer.parseInt(args[2]) : 200);
            started = System.nanoTime();
            for (int n = 0; n < reads; n++) {
                SampleZone.found(zone.getMessage(BigInteger.valueOf(2L + (long) n * messages / reads)));
            }
            double readRate = rate(reads, started);
            started = System.nanoTime();
            for (int n = 0; n < reads; n++) {
                int index = (int) ((long) n * messages / reads);
                if (!(zone.getMessageByHash(TestMessages.sha256(distinctPayload(index, payloadBytes)))
                        instanceof ZoneActor.GetMessageByHashResult.Ok)) {
                    throw new IllegalStateException("message " + index + " not found by hash");
                }
            }
            double hashReadRate = rate(reads, started);

            System.out.printf(Locale.ROOT, "add_message:          %8.1f messages/s (%d calls)%n", storeRate, messages);
            System.out.printf(Locale.ROOT, "get_message:          %8.2f messages/s (%d queries)%n", readRate, reads);
            System.out.printf(
                    Locale.ROOT, "get_message_by_hash:  %8.2f messages/s (%d queries)%n", hashReadRate, reads);

            long stored = storage.messageCount().longValueExact();
            long logBytes = storage.logBytes().longValueExact();
            long regionBytes = storage.logMemoryBytes().longValueExact();
            long indexBytes = storage.indexHeapBytesComputed().longValueExact();
            if (logBytes != usedBytes
                    || regionBytes
                            < Math.min(logBytes, storage.logCapacityBytes().longValueExact())) {
                throw new IllegalStateException("the store's counters disagree: log " + logBytes + " B, used "
                        + usedBytes + " B, region " + regionBytes + " B");
            }
            double storedPerMessage = (double) (logBytes + indexBytes) / stored;
            System.out.printf(
                    Locale.ROOT,
                    "(a) stored bytes per message: %8.1f bytes = %.2f x the %d-byte payload (target <= 2.00)%n",
                    storedPerMessage,
                    storedPerMessage / payloadBytes,
                    payloadBytes);
            System.out.printf(
                    Locale.ROOT,
                    "    log (stable memory, measured): %,d bytes for %,d messages = %.1f per message"
                            + " (%d-byte header + payload padded to 8); region holds %,d bytes (whole 64 KiB pages)%n",
                    logBytes,
                    stored,
                    (double) logBytes / stored,
                    SampleZone.MESSAGE_OVERHEAD_BYTES,
                    regionBytes);
            System.out.printf(
                    Locale.ROOT,
                    "    heap indexes (COMPUTED from entry counts, not measured): %,d bytes = %.1f per message"
                            + " (%,d offset slots, %,d distinct keys, %,d hash-prefix collisions)%n",
                    indexBytes,
                    (double) indexBytes / stored,
                    storage.offsetSlots(),
                    storage.distinctKeys(),
                    storage.hashCollisions());

            double perMessage = memoryAfter.subtract(memoryBefore).doubleValue() / messages;
            double allocatedPerMessage = runtimeAfter
                            .allocatedBytes()
                            .subtract(runtimeBefore.allocatedBytes())
                            .doubleValue()
                    / messages;
            System.out.printf(
                    Locale.ROOT,
                    "(b) canister_status memory: %,d -> %,d bytes = %.1f per message (%.2f x payload)%n",
                    memoryBefore,
                    memoryAfter,
                    perMessage,
                    perMessage / payloadBytes);
            System.out.printf(
                    Locale.ROOT,
                    "    heap allocated per add_message: %8.1f bytes (kept + garbage); a refused one %,d, a duplicate %,d%n",
                    allocatedPerMessage,
                    refused,
                    duplicate);
            System.out.printf(
                    Locale.ROOT,
                    "    motoko runtime: heap %,d -> %,d bytes, wasm memory %,d, max live %,d, reclaimed %,d%n",
                    runtimeBefore.heapBytes(),
                    runtimeAfter.heapBytes(),
                    runtimeAfter.memoryBytes(),
                    runtimeAfter.maxLiveBytes(),
                    runtimeAfter.reclaimedBytes());
            System.out.println(
                    "    why (b) > (a): the GC starts only when the heap reaches one 64 MiB partition and never"
                            + " evacuates the partition it allocates in, so a young canister's WASM memory grows by every byte"
                            + " allocated, garbage included; stable memory grows in fixed 8 MiB region blocks (a step, not a"
                            + " per-message cost)");
            System.out.printf(
                    Locale.ROOT,
                    "zone usage: %d messages, %,d bytes accounted (the live log records)%n",
                    usage.messageCount(),
                    usedBytes);
        }
    }

    /** Heap bytes the Zone allocated during {@code call} (the Motoko runtime's total allocation counter). */
    private static long allocatedBy(ZoneActor zone, Runnable call) {
        BigInteger before = zone.getMemoryStats().allocatedBytes();
        call.run();
        return zone.getMemoryStats().allocatedBytes().subtract(before).longValueExact();
    }

    /** {@code size} bytes, unique per {@code n} (its first four bytes), the rest a fixed pattern. */
    private static byte[] distinctPayload(int n, int size) {
        byte[] payload = TestMessages.ciphertext(0, size);
        ByteBuffer.wrap(payload).putInt(n);
        return payload;
    }

    /** The installing principal (anonymous) controls the Zone, so it may read the status. */
    private static BigInteger memory(PocketIc pic, Principal zone) {
        return pic.canisterStatus(zone).memorySize();
    }

    private static double rate(int count, long startedNanos) {
        return count / ((System.nanoTime() - startedNanos) / 1e9);
    }
}
