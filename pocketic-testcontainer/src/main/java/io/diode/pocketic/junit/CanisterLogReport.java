package io.diode.pocketic.junit;

import io.diode.pocketic.client.CanisterLogRecord;
import io.diode.pocketic.client.PocketIc;
import io.diode.pocketic.client.Sender;
import java.nio.ByteBuffer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.ic4j.types.Principal;

/**
 * The logs of the canisters a test created (directly, or through canisters it created), as text for the test's
 * output: what their {@code Debug.print}s and traps said is usually the quickest way to see why a canister test
 * failed. No PocketIC client prints them.
 */
public final class CanisterLogReport {

    private CanisterLogReport() {}

    /** How far past the canisters the client created {@link #canisters} looks for ones canisters created. */
    static final int MAX_PROBED = 200;

    /**
     * One section per canister of the test: its log records, read as its first controller (any controller may read
     * logs whatever the canister's log visibility), or why they could not be read.
     */
    public static String of(PocketIc pic) {
        StringBuilder report = new StringBuilder();
        for (Principal canister : canisters(pic)) {
            report.append("--- logs of canister ")
                    .append(canister)
                    .append(" (PocketIC instance ")
                    .append(pic.instanceId())
                    .append(") ---\n");
            try {
                List<Principal> controllers = pic.getControllers(canister);
                Principal reader = controllers.isEmpty() ? Principal.anonymous() : controllers.getFirst();
                List<CanisterLogRecord> records = pic.fetchCanisterLogs(canister, Sender.of(reader));
                if (records.isEmpty()) {
                    report.append("(no log records)\n");
                }
                for (CanisterLogRecord record : records) {
                    report.append(record).append('\n');
                }
            } catch (RuntimeException unreadable) {
                report.append("(logs unavailable: ")
                        .append(unreadable.getMessage())
                        .append(")\n");
            }
        }
        return report.toString();
    }

    /**
     * The canisters {@code pic} created, and those created after them with the following ids (a factory's children):
     * PocketIC and the IC allocate canister ids of a subnet in sequence (an 8-byte big-endian number, then
     * {@code 0x01 0x01}), so the next ids are probed (their controllers read) until one does not exist.
     */
    static Set<Principal> canisters(PocketIc pic) {
        Set<Principal> canisters = new LinkedHashSet<>(pic.createdCanisters());
        for (Principal created : pic.createdCanisters()) {
            byte[] id = created.getValue();
            if (id.length != 10 || id[8] != 1 || id[9] != 1) {
                continue;
            }
            long number = ByteBuffer.wrap(id, 0, 8).getLong();
            for (int step = 1; step <= MAX_PROBED; step++) {
                byte[] next = ByteBuffer.allocate(10)
                        .putLong(number + step)
                        .put((byte) 1)
                        .put((byte) 1)
                        .array();
                Principal candidate = Principal.from(next);
                if (canisters.contains(candidate)) {
                    continue;
                }
                try {
                    pic.getControllers(candidate);
                } catch (RuntimeException noSuchCanister) {
                    break;
                }
                canisters.add(candidate);
            }
        }
        return canisters;
    }
}
