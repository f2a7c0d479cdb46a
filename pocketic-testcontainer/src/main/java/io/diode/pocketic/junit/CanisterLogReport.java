package io.diode.pocketic.junit;

import io.diode.pocketic.client.CanisterLogRecord;
import io.diode.pocketic.client.PocketIc;
import java.util.List;
import org.ic4j.types.Principal;

/**
 * The logs of the canisters a test created, as text for the test's output: what their {@code Debug.print}s and
 * traps said is usually the quickest way to see why a canister test failed. No PocketIC client prints them.
 */
public final class CanisterLogReport {

    private CanisterLogReport() {
    }

    /**
     * One section per canister {@code pic} created: its log records, read as its first controller (any controller
     * may read logs whatever the canister's log visibility), or why they could not be read.
     */
    public static String of(PocketIc pic) {
        StringBuilder report = new StringBuilder();
        for (Principal canister : pic.createdCanisters()) {
            report.append("--- logs of canister ").append(canister).append(" (PocketIC instance ")
                    .append(pic.instanceId()).append(") ---\n");
            try {
                List<Principal> controllers = pic.getControllers(canister);
                Principal reader = controllers.isEmpty() ? Principal.anonymous() : controllers.getFirst();
                List<CanisterLogRecord> records = pic.fetchCanisterLogs(reader, canister);
                if (records.isEmpty()) {
                    report.append("(no log records)\n");
                }
                for (CanisterLogRecord record : records) {
                    report.append(record).append('\n');
                }
            } catch (RuntimeException unreadable) {
                report.append("(logs unavailable: ").append(unreadable.getMessage()).append(")\n");
            }
        }
        return report.toString();
    }
}
