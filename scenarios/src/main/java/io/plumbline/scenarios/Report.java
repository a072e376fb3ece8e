package io.plumbline.scenarios;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** A scenario's report: Markdown with the measured figures and checks, and a timeline chart (PNG). */
final class Report {

    private final String scenario;
    private final Timeline timeline;
    private final List<BookingClient.Outcome> outcomes;
    private final List<String> figures = new ArrayList<>();
    private final List<Check> checks = new ArrayList<>();

    Report(String scenario, Timeline timeline, List<BookingClient.Outcome> outcomes) {
        this.scenario = scenario;
        this.timeline = timeline;
        this.outcomes = outcomes;
    }

    void figure(String name, String value) {
        figures.add("| " + name + " | " + value + " |");
    }

    void figure(String name, String fromMark, String toMark) {
        figure(name, timeline.between(fromMark, toMark).map(Report::format).orElse("not observed"));
    }

    Check check(String name, boolean passed, String detail) {
        Check check = new Check(name, passed, detail);
        checks.add(check);
        return check;
    }

    boolean passed() {
        return checks.stream().allMatch(Check::passed);
    }

    List<Check> failedChecks() {
        return checks.stream().filter(c -> !c.passed()).toList();
    }

    /** Writes {@code report.md} and {@code timeline.png} into {@code dir}; returns the Markdown file. */
    Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path chart = dir.resolve("timeline.png");
        ChartUtils.saveChartAsPNG(chart.toFile(), chart(), 1100, 580);
        StringBuilder md = new StringBuilder("# Scenario " + scenario + "\n\n");
        md.append("Run at ").append(timeline.start()).append(" on 127.0.0.1 (real Kafka, MariaDB, services, ")
                .append("Prometheus, Alertmanager; Slack stubbed).\n\n![timeline](timeline.png)\n\n");
        md.append("## Timeline\n\n| # | t (s) | what |\n|---:|---:|---|\n");
        List<Timeline.Mark> marks = timeline.marks();
        for (int i = 0; i < marks.size(); i++) {
            md.append(String.format("| %d | %.1f | %s |%n", i + 1, timeline.seconds(marks.get(i).at()), marks.get(i).name()));
        }
        md.append("\n## Figures\n\n| figure | value |\n|---|---|\n");
        figures.forEach(f -> md.append(f).append('\n'));
        md.append(counts());
        md.append("\n## Checks\n\n| check | result | detail |\n|---|---|---|\n");
        checks.forEach(c -> md.append("| ").append(c.name()).append(" | ").append(c.passed() ? "PASS" : "**FAIL**")
                .append(" | ").append(c.detail().replace("|", "\\|")).append(" |\n"));
        Path file = dir.resolve("report.md");
        Files.writeString(file, md.toString());
        return file;
    }

    private String counts() {
        long books = outcomes.stream().filter(o -> o.operation().equals("book")).count();
        long accepted = outcomes.stream().filter(BookingClient.Outcome::accepted).count();
        long refused = outcomes.stream().filter(o -> o.operation().equals("book") && o.refused()).count();
        long failed = outcomes.stream().filter(o -> o.operation().equals("book") && o.failed()).count();
        long lookups = outcomes.stream().filter(o -> o.operation().equals("lookup")).count();
        long lookupsOk = outcomes.stream().filter(o -> o.operation().equals("lookup") && o.status() == 200).count();
        String byStatus = outcomes.stream().filter(o -> o.operation().equals("book") && o.refused())
                .collect(java.util.stream.Collectors.groupingBy(BookingClient.Outcome::status, java.util.TreeMap::new,
                        java.util.stream.Collectors.counting()))
                .entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).collect(java.util.stream.Collectors.joining(", "));
        return "| booking requests | " + books + " |\n| accepted (201) | " + accepted + " |\n| refused (503/409/429) | "
                + refused + (byStatus.isEmpty() ? "" : " (" + byStatus + ")") + " |\n| failed (5xx other than 503, timeouts, resets) | " + failed + " |\n| look-ups | " + lookups
                + " |\n| look-ups answered 200 | " + lookupsOk + " |\n";
    }

    private JFreeChart chart() {
        Map<String, TreeMap<Long, Integer>> perSecond = Map.of("accepted", new TreeMap<>(), "refused (503)", new TreeMap<>(),
                "failed", new TreeMap<>(), "look-ups OK", new TreeMap<>());
        for (BookingClient.Outcome o : outcomes) {
            long second = (long) Math.floor(timeline.seconds(o.at()));
            String series = o.operation().equals("lookup") ? (o.status() == 200 ? "look-ups OK" : null)
                    : o.accepted() ? "accepted" : o.refused() ? "refused (503)" : o.failed() ? "failed" : null;
            if (series != null) {
                perSecond.get(series).merge(second, 1, Integer::sum);
            }
        }
        long last = Math.max(outcomes.stream().mapToLong(o -> (long) timeline.seconds(o.at())).max().orElse(0),
                timeline.marks().stream().mapToLong(m -> (long) Math.ceil(timeline.seconds(m.at()))).max().orElse(0));
        XYSeriesCollection data = new XYSeriesCollection();
        for (String name : List.of("accepted", "refused (503)", "failed", "look-ups OK")) {
            XYSeries series = new XYSeries(name);
            for (long s = 0; s <= last; s++) {
                series.add(s, perSecond.get(name).getOrDefault(s, 0));
            }
            data.addSeries(series);
        }
        JFreeChart chart = ChartFactory.createXYLineChart("Scenario " + scenario + ": customer requests per second",
                "seconds since start", "requests / s", data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        org.jfree.chart.axis.NumberAxis requests = (org.jfree.chart.axis.NumberAxis) plot.getRangeAxis();
        requests.setAutoRangeMinimumSize(5);
        requests.setAutoRangeIncludesZero(true);
        plot.getDomainAxis().setLowerBound(0);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        Color[] colours = {new Color(0x2e7d32), new Color(0xef6c00), new Color(0xc62828), new Color(0x1565c0)};
        for (int i = 0; i < colours.length; i++) {
            plot.getRenderer().setSeriesPaint(i, colours[i]);
            plot.getRenderer().setSeriesStroke(i, new BasicStroke(2f));
        }
        // numbered markers, staggered so neighbours do not overlap; the numbers are explained under the chart
        int n = 0;
        StringBuilder legend = new StringBuilder();
        for (Timeline.Mark mark : timeline.marks()) {
            n++;
            ValueMarker marker = new ValueMarker(timeline.seconds(mark.at()), Color.DARK_GRAY,
                    new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {4f, 4f}, 0f));
            marker.setLabel(Integer.toString(n));
            marker.setLabelAnchor(RectangleAnchor.TOP_LEFT);
            marker.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
            marker.setLabelOffset(new org.jfree.chart.ui.RectangleInsets(4 + ((n - 1) % 5) * 13, 2, 2, 2));
            marker.setLabelFont(marker.getLabelFont().deriveFont(java.awt.Font.BOLD, 11f));
            plot.addDomainMarker(marker);
            legend.append(legend.isEmpty() ? "" : "   ").append(n).append(" ").append(mark.name())
                    .append(String.format(" (%.1f s)", timeline.seconds(mark.at())));
        }
        org.jfree.chart.title.TextTitle marks = new org.jfree.chart.title.TextTitle(legend.toString(),
                new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 11));
        marks.setPosition(org.jfree.chart.ui.RectangleEdge.BOTTOM);
        marks.setMaximumLinesToDisplay(6);
        chart.addSubtitle(marks);
        return chart;
    }

    static String format(Duration d) {
        return d.toMillis() < 10_000 ? d.toMillis() + " ms" : String.format("%.1f s", d.toMillis() / 1000.0);
    }

    record Check(String name, boolean passed, String detail) {
    }
}
