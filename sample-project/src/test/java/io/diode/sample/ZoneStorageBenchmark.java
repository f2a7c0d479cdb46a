package io.diode.sample;

import io.diode.pocketic.client.PocketIc;
import io.diode.pocketic.junit.PocketIcBackend;
import io.diode.pocketic.server.RunningPocketIcServer;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Locale;
import org.ic4j.types.Principal;

/**
 * Issue 6 benchmark: messages per second a Zone stores ({@code add_message}) and serves ({@code get_message},
 * {@code get_message_by_hash}) through the harness, and the memory each stored message costs, as
 * {@code canister_status} reports it (the canister's WASM memory, which is what the IC charges for).
 *
 * <p>Arguments: {@code [messages=10000] [payload bytes=236]}. The PocketIC backend is the harness's
 * ({@code -Dpocketic.backend}, default: the embedded engine in this JVM). Run it as README.md shows; it prints
 * one line per figure. Not a test: it asserts nothing, so its numbers can be compared across machines.
 */
public final class ZoneStorageBenchmark {

    private static final Principal WRITER = TestUsers.user("benchmark-writer");
    private static final int PROGRESS_EVERY = 2_000;

    private ZoneStorageBenchmark() {
    }

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
            System.out.printf("backend %s, %d messages of %d bytes, Java %s%n", server.description(), messages,
                    payloadBytes, Runtime.version());
            // Room for every message: nothing is evicted, so memory grows with the count.
            long limit = (long) messages * (payloadBytes + ZoneCanister.MESSAGE_OVERHEAD_BYTES) + 1_000_000;
            ZoneCanister zone = ZoneCanister.install(pic, wasm,
                    ZoneInitArgs.of("0x" + "be".repeat(20), TestUsers.user("factory"), limit));
            zone.registerWithRole(WRITER, "0x" + "ab".repeat(20), 1);
            // Warm-up outside the measurement: the first calls compile the canister's hot paths.
            zone.storeMessage(WRITER, TestMessages.keyId(0), distinctPayload(-1, payloadBytes));
            BigInteger memoryBefore = memory(pic, zone);

            long started = System.nanoTime();
            for (int n = 0; n < messages; n++) {
                zone.storeMessage(WRITER, TestMessages.keyId(n % 50 + 1), distinctPayload(n, payloadBytes));
                if ((n + 1) % PROGRESS_EVERY == 0) {
                    System.out.printf("  stored %d (%.0f/s so far)%n", n + 1, rate(n + 1, started));
                }
            }
            double storeRate = rate(messages, started);
            BigInteger memoryAfter = memory(pic, zone);
            ZoneCanister.Usage usage = zone.usage();

            int reads = Math.min(messages, 2_000);
            started = System.nanoTime();
            for (int n = 0; n < reads; n++) {
                zone.getMessage(WRITER, 2L + (long) n * messages / reads).ok();
            }
            double readRate = rate(reads, started);
            started = System.nanoTime();
            for (int n = 0; n < reads; n++) {
                int index = (int) ((long) n * messages / reads);
                zone.getMessageByHash(WRITER, TestMessages.sha256(distinctPayload(index, payloadBytes))).ok();
            }
            double hashReadRate = rate(reads, started);

            double perMessage = memoryAfter.subtract(memoryBefore).doubleValue() / messages;
            System.out.printf(Locale.ROOT, "add_message:          %8.1f messages/s (%d calls)%n", storeRate, messages);
            System.out.printf(Locale.ROOT, "get_message:          %8.1f messages/s (%d queries)%n", readRate, reads);
            System.out.printf(Locale.ROOT, "get_message_by_hash:  %8.1f messages/s (%d queries)%n", hashReadRate, reads);
            System.out.printf(Locale.ROOT, "memory (canister_status): %,d -> %,d bytes%n", memoryBefore, memoryAfter);
            System.out.printf(Locale.ROOT, "memory per message:   %8.1f bytes = %.2f x the %d-byte payload (target <= 2.00)%n",
                    perMessage, perMessage / payloadBytes, payloadBytes);
            System.out.printf(Locale.ROOT, "zone usage: %d messages, %,d bytes accounted (payload + %d per message)%n",
                    usage.messageCount(), usage.usedBytes(), ZoneCanister.MESSAGE_OVERHEAD_BYTES);
        }
    }

    /** {@code size} bytes, unique per {@code n} (its first four bytes), the rest a fixed pattern. */
    private static byte[] distinctPayload(int n, int size) {
        byte[] payload = TestMessages.ciphertext(0, size);
        ByteBuffer.wrap(payload).putInt(n);
        return payload;
    }

    /** The installing principal (anonymous) controls the Zone, so it may read the status. */
    private static BigInteger memory(PocketIc pic, ZoneCanister zone) {
        return pic.canisterStatus(Principal.anonymous(), zone.id()).memorySize();
    }

    private static double rate(int count, long startedNanos) {
        return count / ((System.nanoTime() - startedNanos) / 1e9);
    }
}
