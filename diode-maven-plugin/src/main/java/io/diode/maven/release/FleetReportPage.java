package io.diode.maven.release;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.time.Millisecond;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;

/**
 * The fleet report of {@code diode:status}: one self-contained HTML page (no scripts, nothing fetched) with the fleet
 * table and, per zone, a chart of its balance over time drawn offline by JFreeChart and embedded as a PNG. Each
 * reading shows the balance the factory read and, when it refilled the zone right after, the balance after the
 * deposit; the freezing limit is a red line.
 */
public final class FleetReportPage {
    static final int CHART_WIDTH = 720;
    static final int CHART_HEIGHT = 300;
    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

    private FleetReportPage() {}

    /** Writes the page to {@code file} (parent folders created). */
    public static void write(Path file, String network, Instant generatedAt, List<FactoryClient.ZoneMonitoring> zones)
            throws ReleaseException {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.writeString(file, html(network, generatedAt, zones), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ReleaseException("Cannot write the fleet report " + file + ": " + e.getMessage()
                    + ". Check that the folder is writable or set diode.fleetReport to another file.");
        }
    }

    static String html(String network, Instant generatedAt, List<FactoryClient.ZoneMonitoring> zones)
            throws IOException {
        StringBuilder page = new StringBuilder();
        page.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Diode fleet on ")
                .append(escape(network))
                .append("</title>\n<style>body{font-family:sans-serif;margin:2em}")
                .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}")
                .append("td:first-child,th:first-child{text-align:left}</style></head><body>\n")
                .append("<h1>Diode fleet on ")
                .append(escape(network))
                .append("</h1>\n<p>Generated ")
                .append(escape(generatedAt.toString()))
                .append(" from the factory's balance history.</p>\n<table>\n<tr>");
        TextTable table = FleetStatus.table(zones);
        List<List<String>> rows = table.rows();
        for (String header : table.headers()) {
            page.append("<th>").append(escape(header)).append("</th>");
        }
        page.append("</tr>\n");
        for (List<String> row : rows) {
            page.append("<tr>");
            for (String cell : row) {
                page.append("<td>").append(escape(cell)).append("</td>");
            }
            page.append("</tr>\n");
        }
        page.append("</table>\n");
        for (FactoryClient.ZoneMonitoring zone : zones) {
            page.append("<h2>")
                    .append(escape(zone.zoneId()))
                    .append(" <small>")
                    .append(escape(zone.canister().toString()))
                    .append("</small></h2>\n");
            if (zone.samples().isEmpty()) {
                page.append("<p>No balance readings yet (the factory reads each zone at every refill pass).</p>\n");
                continue;
            }
            page.append("<img alt=\"balance of ")
                    .append(escape(zone.zoneId()))
                    .append(" over time\" width=\"")
                    .append(CHART_WIDTH)
                    .append("\" height=\"")
                    .append(CHART_HEIGHT)
                    .append("\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(chartPng(zone)))
                    .append("\">\n");
        }
        return page.append("</body></html>\n").toString();
    }

    /** The zone's balance over time as a PNG. */
    static byte[] chartPng(FactoryClient.ZoneMonitoring zone) throws IOException {
        TimeSeries read = new TimeSeries("balance read");
        TimeSeries afterRefill = new TimeSeries("after refill");
        for (FactoryClient.BalanceSample sample : zone.samples()) {
            Millisecond at = new Millisecond(new Date(sample.atNs() / 1_000_000), UTC, Locale.ROOT);
            read.addOrUpdate(at, sample.balance());
            if (sample.deposited().signum() > 0) {
                afterRefill.addOrUpdate(at, sample.balance().add(sample.deposited()));
            }
        }
        TimeSeriesCollection data = new TimeSeriesCollection(read);
        if (!afterRefill.isEmpty()) {
            data.addSeries(afterRefill);
        }
        JFreeChart chart =
                ChartFactory.createTimeSeriesChart(zone.zoneId(), "time (UTC)", "cycles", data, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        ((DateAxis) plot.getDomainAxis()).setTimeZone(UTC);
        // From zero, so the freezing limit is on the chart and the drop reads at its true scale.
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(true);
        XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) plot.getRenderer();
        renderer.setDefaultShapesVisible(true);
        ValueMarker freezing = new ValueMarker(
                new BigDecimal(zone.freezingLimit()).doubleValue(), Color.RED, new java.awt.BasicStroke(1.5f));
        freezing.setLabel("freezing limit");
        freezing.setLabelAnchor(RectangleAnchor.TOP_LEFT);
        freezing.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
        plot.addRangeMarker(freezing);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ChartUtils.writeChartAsPNG(png, chart, CHART_WIDTH, CHART_HEIGHT);
        return png.toByteArray();
    }

    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
