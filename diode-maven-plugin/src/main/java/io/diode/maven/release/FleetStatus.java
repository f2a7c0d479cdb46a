package io.diode.maven.release;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;
import java.util.Optional;

/**
 * {@code status} for a factory's fleet: per zone its balance, burn rate per day and runway (days until it freezes),
 * from the factory's balance history ({@link FactoryClient#fleetMonitoring()}), and the zones whose runway is below a
 * threshold. Self-managed zones (their owners removed the factory) are listed but not judged: the factory no longer
 * reads their balance.
 */
public final class FleetStatus {
    private static final BigDecimal SECONDS_PER_DAY = BigDecimal.valueOf(86_400);

    private FleetStatus() {}

    /** Days until the zone freezes at its burn rate; empty when unknown (fewer than two samples) or nothing burns. */
    public static Optional<BigDecimal> runwayDays(FactoryClient.ZoneMonitoring zone) {
        return zone.secondsUntilFreezing()
                .map(seconds -> new BigDecimal(seconds).divide(SECONDS_PER_DAY, 1, RoundingMode.DOWN));
    }

    /** The zones the factory manages whose runway is known and below {@code minimumDays}. */
    public static List<FactoryClient.ZoneMonitoring> belowRunway(
            List<FactoryClient.ZoneMonitoring> zones, double minimumDays) {
        BigDecimal minimum = BigDecimal.valueOf(minimumDays);
        return zones.stream()
                .filter(zone -> !zone.selfManaged())
                .filter(zone -> runwayDays(zone)
                        .map(days -> days.compareTo(minimum) < 0)
                        .orElse(false))
                .toList();
    }

    public static TextTable table(List<FactoryClient.ZoneMonitoring> zones) {
        TextTable table =
                new TextTable("zone", "canister", "custody", "cycles", "burn/day", "runway (days)", "samples");
        for (FactoryClient.ZoneMonitoring zone : zones) {
            table.row(
                    zone.zoneId(),
                    zone.canister().toString(),
                    zone.selfManaged() ? "self-managed" : "factory",
                    zone.balance().map(FleetStatus::cycles).orElse("-"),
                    zone.burnPerDay()
                            .map(FleetStatus::cycles)
                            .orElse(zone.samples().size() < 2 ? "(needs 2 samples)" : "-"),
                    runwayDays(zone)
                            .map(BigDecimal::toPlainString)
                            .orElse(zone.burnPerDay().isPresent() ? "no burn" : "-"),
                    Integer.toString(zone.samples().size()));
        }
        return table;
    }

    static String cycles(BigInteger value) {
        return String.format("%,d", value);
    }
}
