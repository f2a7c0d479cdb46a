package io.diode.maven.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.ic4j.candid.parser.IDLArgs;
import org.ic4j.candid.parser.IDLType;
import org.ic4j.candid.parser.IDLValue;
import org.ic4j.candid.types.Label;
import org.ic4j.candid.types.Type;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetStatusTest {
    private static final long HOUR_NS = 3_600_000_000_000L;
    private static final BigInteger TRILLION = BigInteger.TEN.pow(12);

    @Test
    void readsTheFactorysMonitoringRepliesIncludingSelfManagedZonesAndMissingRates() throws Exception {
        FakeReplicaGateway gateway = new FakeReplicaGateway();
        Principal factory = gateway.addCanister(Optional.of("ab"));
        Principal busy = gateway.addCanister(Optional.of("cd"));
        Principal fresh = gateway.addCanister(Optional.of("cd"));
        // Two replies, one custody case each: ic4j 0.7.2 encodes every variant value as the type's first case.
        gateway.answer(
                factory,
                "get_fleet_monitoring",
                argument -> IDLArgs.create(List.of(IDLValue.create(
                                new Object[] {
                                    zoneRecord(
                                            busy,
                                            "0xb1",
                                            "Factory",
                                            2,
                                            Optional.of(BigInteger.valueOf(48_000)),
                                            Optional.of(BigInteger.valueOf(1_728_000)))
                                },
                                IDLType.createType(Type.VEC, zoneType("Factory")))))
                        .toBytes());
        List<FactoryClient.ZoneMonitoring> fleet =
                new java.util.ArrayList<>(new FactoryClient(gateway, factory).fleetMonitoring());
        gateway.answer(
                factory,
                "get_fleet_monitoring",
                argument -> IDLArgs.create(List.of(IDLValue.create(
                                new Object[] {
                                    zoneRecord(fresh, "0xf2", "SelfManaged", 1, Optional.empty(), Optional.empty())
                                },
                                IDLType.createType(Type.VEC, zoneType("SelfManaged")))))
                        .toBytes());
        fleet.addAll(new FactoryClient(gateway, factory).fleetMonitoring());

        assertThat(fleet).hasSize(2);
        FactoryClient.ZoneMonitoring first = fleet.getFirst();
        assertThat(first.canister().toString()).isEqualTo(busy.toString());
        assertThat(first.zoneId()).isEqualTo("0xb1");
        assertThat(first.selfManaged()).isFalse();
        assertThat(first.samples())
                .extracting(FactoryClient.BalanceSample::atNs)
                .containsExactly(0L, HOUR_NS);
        assertThat(first.samples().getFirst().deposited()).isEqualTo(TRILLION);
        assertThat(first.burnPerDay()).contains(BigInteger.valueOf(48_000));
        assertThat(FleetStatus.runwayDays(first))
                .hasValueSatisfying(days -> assertThat(days.toPlainString()).isEqualTo("20.0"));
        assertThat(fleet.get(1).selfManaged()).isTrue();
        assertThat(fleet.get(1).burnPerDay()).isEmpty();
    }

    @Test
    void theTableShowsBurnAndRunwayAndTheThresholdJudgesOnlyFactoryManagedZonesWithAKnownRunway() {
        FactoryClient.ZoneMonitoring low = zone("0xa1", "Factory", 3, Optional.of(2 * 86_400L + 43_200));
        FactoryClient.ZoneMonitoring healthy = zone("0xa2", "Factory", 3, Optional.of(40 * 86_400L));
        FactoryClient.ZoneMonitoring young = zone("0xa3", "Factory", 1, Optional.empty());
        FactoryClient.ZoneMonitoring detached = zone("0xa4", "SelfManaged", 3, Optional.of(86_400L));
        List<FactoryClient.ZoneMonitoring> fleet = List.of(low, healthy, young, detached);

        List<String> lines = FleetStatus.table(fleet).lines();

        assertThat(lines.getFirst()).contains("zone").contains("burn/day").contains("runway (days)");
        assertThat(lines.get(2)).contains("0xa1").contains("2.5").contains("factory");
        assertThat(lines.get(4)).contains("(needs 2 samples)");
        assertThat(lines.get(5)).contains("self-managed");
        assertThat(FleetStatus.belowRunway(fleet, 3)).containsExactly(low);
        assertThat(FleetStatus.belowRunway(fleet, 2.5)).isEmpty();
        assertThat(FleetStatus.belowRunway(fleet, 100)).containsExactly(low, healthy);
    }

    @Test
    void theReportIsOneOfflinePageWithAPngChartPerZoneThatHasReadings(@TempDir Path folder) throws Exception {
        List<FactoryClient.ZoneMonitoring> fleet = List.of(
                zone("0xa1<script>", "Factory", 5, Optional.of(86_400L)), zone("0xa2", "Factory", 0, Optional.empty()));
        Path file = folder.resolve("reports/fleet.html");

        FleetReportPage.write(file, "local", Instant.parse("2026-12-02T16:00:00Z"), fleet);

        String html = Files.readString(file);
        assertThat(html)
                .startsWith("<!DOCTYPE html>")
                .contains("Diode fleet on local")
                .contains("2026-12-02T16:00:00Z")
                .contains("0xa1&lt;script&gt;")
                .doesNotContain("<script")
                .doesNotContain("http");
        assertThat(html).contains("No balance readings yet");
        Matcher images = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"")
                .matcher(html);
        assertThat(images.find()).isTrue();
        BufferedImage chart =
                ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(images.group(1))));
        assertThat(chart.getWidth()).isEqualTo(FleetReportPage.CHART_WIDTH);
        assertThat(chart.getHeight()).isEqualTo(FleetReportPage.CHART_HEIGHT);
        assertThat(images.find())
                .as("one chart: the zone without readings has none")
                .isFalse();
    }

    /** A zone read hourly {@code samples} times, losing 1 B cycles an hour from 1 T, refilled at the first reading. */
    private static FactoryClient.ZoneMonitoring zone(
            String zoneId, String custody, int samples, Optional<Long> secondsLeft) {
        List<FactoryClient.BalanceSample> readings = new java.util.ArrayList<>();
        for (int i = 0; i < samples; i++) {
            readings.add(new FactoryClient.BalanceSample(
                    i * HOUR_NS,
                    TRILLION.subtract(BigInteger.valueOf(i).multiply(BigInteger.TEN.pow(9))),
                    i == 0 ? TRILLION : BigInteger.ZERO));
        }
        return new FactoryClient.ZoneMonitoring(
                Principal.fromString("aaaaa-aa"),
                zoneId,
                custody,
                readings,
                samples == 0 ? Optional.empty() : Optional.of(TRILLION),
                BigInteger.valueOf(10_000_000),
                samples < 2 ? Optional.empty() : Optional.of(BigInteger.valueOf(24_000_000_000L)),
                secondsLeft.map(BigInteger::valueOf));
    }

    private static Map<Label, Object> zoneRecord(
            Principal canister,
            String zoneId,
            String custody,
            int samples,
            Optional<BigInteger> burn,
            Optional<BigInteger> secondsLeft) {
        Map<Label, Object> record = new TreeMap<>();
        record.put(Label.createNamedLabel("zone_id"), zoneId);
        record.put(Label.createNamedLabel("canister"), canister);
        Map<Label, Object> custodyValue = new TreeMap<>();
        if (custody.equals("Factory")) {
            custodyValue.put(Label.createNamedLabel("Factory"), null);
        } else {
            Map<Label, Object> since = new TreeMap<>();
            since.put(Label.createNamedLabel("since_ns"), BigInteger.ONE);
            since.put(Label.createNamedLabel("reason"), "removed");
            custodyValue.put(Label.createNamedLabel("SelfManaged"), since);
        }
        record.put(Label.createNamedLabel("custody"), custodyValue);
        Object[] sampleValues = new Object[samples];
        for (int i = 0; i < samples; i++) {
            Map<Label, Object> sample = new TreeMap<>();
            sample.put(Label.createNamedLabel("at_ns"), BigInteger.valueOf(i * HOUR_NS));
            sample.put(Label.createNamedLabel("balance"), TRILLION);
            sample.put(Label.createNamedLabel("deposited"), i == 0 ? TRILLION : BigInteger.ZERO);
            sampleValues[i] = sample;
        }
        record.put(Label.createNamedLabel("samples"), sampleValues);
        record.put(Label.createNamedLabel("balance"), Optional.of(TRILLION));
        record.put(Label.createNamedLabel("freezing_limit_cycles"), BigInteger.valueOf(10_000_000));
        record.put(Label.createNamedLabel("burn_cycles_per_day"), burn);
        record.put(Label.createNamedLabel("seconds_until_freezing"), secondsLeft);
        return record;
    }

    private static IDLType zoneType(String custodyCase) {
        Map<Label, IDLType> sample = new TreeMap<>();
        sample.put(Label.createNamedLabel("at_ns"), IDLType.createType(Type.INT));
        sample.put(Label.createNamedLabel("balance"), IDLType.createType(Type.NAT));
        sample.put(Label.createNamedLabel("deposited"), IDLType.createType(Type.NAT));
        Map<Label, IDLType> since = new TreeMap<>();
        since.put(Label.createNamedLabel("since_ns"), IDLType.createType(Type.INT));
        since.put(Label.createNamedLabel("reason"), IDLType.createType(Type.TEXT));
        Map<Label, IDLType> custody = new TreeMap<>();
        if (custodyCase.equals("Factory")) {
            custody.put(Label.createNamedLabel("Factory"), IDLType.createType(Type.NULL));
        } else {
            custody.put(Label.createNamedLabel("SelfManaged"), IDLType.createType(Type.RECORD, since));
        }
        IDLType optNat = IDLType.createType(Type.OPT, IDLType.createType(Type.NAT));
        Map<Label, IDLType> zone = new TreeMap<>();
        zone.put(Label.createNamedLabel("zone_id"), IDLType.createType(Type.TEXT));
        zone.put(Label.createNamedLabel("canister"), IDLType.createType(Type.PRINCIPAL));
        zone.put(Label.createNamedLabel("custody"), IDLType.createType(Type.VARIANT, custody));
        zone.put(
                Label.createNamedLabel("samples"),
                IDLType.createType(Type.VEC, IDLType.createType(Type.RECORD, sample)));
        zone.put(Label.createNamedLabel("balance"), optNat);
        zone.put(Label.createNamedLabel("freezing_limit_cycles"), IDLType.createType(Type.NAT));
        zone.put(Label.createNamedLabel("burn_cycles_per_day"), optNat);
        zone.put(Label.createNamedLabel("seconds_until_freezing"), optNat);
        return IDLType.createType(Type.RECORD, zone);
    }
}
