package io.plumbline.status.web;

import io.plumbline.status.console.ConsoleProperties;
import java.sql.Timestamp;
import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The seed's status cards (INFRASTRUCTURE, KUBERNETES, MYSQL, VIP ENTRYPOINT, WEB/INGRESS, ERROR LOGS) built from the
 * projected metric samples: each line a human value in the reader's language, each card with the age of its oldest
 * sample (stale, and greyed, when older than {@code stale-after} or when nothing arrived), and a Grafana deep link to
 * its panel. The metric names are the keys of {@code plumbline.metrics.queries}.
 */
@Component
class StatusCards {

    /** One card: what it shows and which Grafana panel holds the detail. */
    private record Spec(String key, String grafanaPath, List<LineSpec> lines) {
    }

    private record LineSpec(String label, List<String> metrics, Function<Samples, String> value) {
    }

    /** A line as shown: label (message key) and its value, or {@code null} for no data. */
    record Line(String label, String value) {
    }

    record Card(String key, List<Line> lines, Instant dataAt, boolean stale, String grafanaUrl) {
    }

    private static final String OVERVIEW = "/d/plumbline-overview/platform-overview?viewPanel=";

    private final ConsoleProperties properties;
    private final MessageSource messages;
    private final JsonMapper json = JsonMapper.builder().build();

    StatusCards(ConsoleProperties properties, MessageSource messages) {
        this.properties = properties;
        this.messages = messages;
    }

    /** The samples of the metrics one line reads, with the reader's locale for formatting. */
    private final class Samples {
        final Map<String, List<Sample>> byMetric;
        final Locale locale;

        Samples(Map<String, List<Sample>> byMetric, Locale locale) {
            this.byMetric = byMetric;
            this.locale = locale;
        }

        List<Sample> of(String metric) {
            return byMetric.getOrDefault(metric, List.of());
        }

        String msg(String key, Object... args) {
            return messages.getMessage(key, args, key, locale);
        }

        String number(double v, int decimals) {
            NumberFormat f = NumberFormat.getNumberInstance(locale);
            f.setMaximumFractionDigits(decimals);
            f.setMinimumFractionDigits(0);
            return f.format(v);
        }
    }

    private record Sample(Map<String, String> labels, double value) {
    }

    private List<Spec> specs() {
        return List.of(
                new Spec("infrastructure", OVERVIEW + "6", List.of(
                        new LineSpec("cards.cpu", List.of("cpu-busy-percent"), s -> avgMax(s, "cpu-busy-percent")),
                        new LineSpec("cards.memory", List.of("memory-used-percent"), s -> avgMax(s, "memory-used-percent")),
                        new LineSpec("cards.disk", List.of("disk-used-percent"), s -> max(s, "disk-used-percent", v -> percent(s, v))),
                        new LineSpec("cards.network", List.of("network-receive-bytes-per-second"),
                                s -> sum(s, "network-receive-bytes-per-second", v -> bytesPerSecond(s, v))))),
                new Spec("kubernetes", OVERVIEW + "1", List.of(
                        new LineSpec("cards.podHealth", List.of("pod-health-percent"),
                                s -> sum(s, "pod-health-percent", v -> percent(s, v))),
                        new LineSpec("cards.nodesAvailable", List.of("node-up"), s -> s.of("node-up").isEmpty() ? null
                                : s.msg("cards.value.outOf", s.number(s.of("node-up").stream().filter(x -> x.value() >= 1).count(), 0),
                                        s.number(s.of("node-up").size(), 0))))),
                new Spec("mysql", OVERVIEW + "9", List.of(
                        new LineSpec("cards.qps", List.of("mysql-qps"), s -> sum(s, "mysql-qps", v -> s.msg("cards.value.perSecond", s.number(v, 1)))),
                        new LineSpec("cards.connections", List.of("mysql-connections"), s -> sum(s, "mysql-connections", v -> s.number(v, 0))),
                        new LineSpec("cards.slowQueries", List.of("mysql-slow-queries"),
                                s -> sum(s, "mysql-slow-queries", v -> s.msg("cards.value.perHour", s.number(v, 0)))),
                        new LineSpec("cards.replicationLag", List.of("mysql-replication-lag-seconds"),
                                s -> max(s, "mysql-replication-lag-seconds", v -> duration(s, v))))),
                new Spec("vip", OVERVIEW + "2", List.of(
                        new LineSpec("cards.vipMaster", List.of("vip-master"), this::vipMaster),
                        new LineSpec("cards.uptime", List.of("vip-uptime-seconds"), s -> max(s, "vip-uptime-seconds", v -> duration(s, v))))),
                new Spec("ingress", OVERVIEW + "4", List.of(
                        new LineSpec("cards.latencyP99", List.of("ingress-latency-p99-seconds"),
                                s -> max(s, "ingress-latency-p99-seconds", v -> v < 1 ? s.msg("cards.value.ms", s.number(v * 1000, 0))
                                        : s.msg("cards.value.s", s.number(v, 2)))),
                        new LineSpec("cards.httpStatus", List.of("ingress-http-status-rate"), this::statusMix))),
                new Spec("errors", "/explore", List.of(
                        new LineSpec("cards.errorCount", List.of("error-log-count"),
                                s -> sum(s, "error-log-count", v -> s.msg("cards.value.perHour", s.number(v, 0)))))));
    }

    List<Card> cards(List<Map<String, Object>> metricRows, Locale locale) {
        Map<String, List<Sample>> byMetric = new LinkedHashMap<>();
        Map<String, Instant> sampledAt = new LinkedHashMap<>();
        for (Map<String, Object> row : metricRows) {
            String metric = (String) row.get("metric");
            byMetric.put(metric, parse((String) row.get("samples")));
            Object at = row.get("sampled_at");
            if (at instanceof Timestamp t) {
                sampledAt.put(metric, t.toInstant());
            } else if (at instanceof java.time.LocalDateTime l) {
                sampledAt.put(metric, l.atZone(java.time.ZoneOffset.UTC).toInstant());
            }
        }
        Samples samples = new Samples(byMetric, locale);
        String grafana = properties.grafanaUrl().toString().replaceAll("/+$", "");
        Instant staleBefore = Instant.now().minus(properties.staleAfter());
        List<Card> cards = new ArrayList<>();
        for (Spec spec : specs()) {
            List<Line> lines = new ArrayList<>();
            Instant oldest = null;
            boolean missing = false;
            for (LineSpec line : spec.lines()) {
                for (String metric : line.metrics()) {
                    Instant at = sampledAt.get(metric);
                    if (at == null) {
                        missing = true;
                    } else if (oldest == null || at.isBefore(oldest)) {
                        oldest = at;
                    }
                }
                lines.add(new Line(line.label(), line.value().apply(samples)));
            }
            boolean stale = oldest == null || oldest.isBefore(staleBefore) || missing;
            cards.add(new Card(spec.key(), lines, oldest, stale, grafana + spec.grafanaPath()));
        }
        return cards;
    }

    private List<Sample> parse(String samples) {
        List<Sample> parsed = new ArrayList<>();
        if (samples == null) {
            return parsed;
        }
        for (JsonNode s : json.readTree(samples)) {
            Map<String, String> labels = new TreeMap<>();
            s.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
            double v = s.path("value").asDouble(Double.NaN);
            if (Double.isFinite(v)) {
                parsed.add(new Sample(labels, v));
            }
        }
        return parsed;
    }

    private static String avgMax(Samples s, String metric) {
        List<Sample> all = s.of(metric);
        if (all.isEmpty()) {
            return null;
        }
        double avg = all.stream().mapToDouble(Sample::value).average().orElse(0);
        double max = all.stream().mapToDouble(Sample::value).max().orElse(0);
        return all.size() == 1 ? percent(s, avg) : s.msg("cards.value.avgMax", percent(s, avg), percent(s, max));
    }

    private static String max(Samples s, String metric, Function<Double, String> format) {
        return s.of(metric).stream().mapToDouble(Sample::value).max().stream().mapToObj(format::apply).findFirst().orElse(null);
    }

    private static String sum(Samples s, String metric, Function<Double, String> format) {
        List<Sample> all = s.of(metric);
        return all.isEmpty() ? null : format.apply(all.stream().mapToDouble(Sample::value).sum());
    }

    private static String percent(Samples s, double v) {
        return s.number(v, 1) + "%";
    }

    private static String bytesPerSecond(Samples s, double v) {
        String[] units = {"B/s", "KB/s", "MB/s", "GB/s"};
        int unit = 0;
        while (v >= 1024 && unit < units.length - 1) {
            v /= 1024;
            unit++;
        }
        return s.number(v, unit == 0 ? 0 : 1) + " " + units[unit];
    }

    private static String duration(Samples s, double seconds) {
        Duration d = Duration.ofSeconds(Math.round(seconds));
        if (d.toDays() > 0) {
            return s.msg("cards.value.daysHours", d.toDays(), d.toHoursPart());
        }
        if (d.toHours() > 0) {
            return s.msg("cards.value.hoursMinutes", d.toHours(), d.toMinutesPart());
        }
        if (d.toMinutes() > 0) {
            return s.msg("cards.value.minutesSeconds", d.toMinutes(), d.toSecondsPart());
        }
        return s.msg("cards.value.s", s.number(seconds, seconds < 10 ? 1 : 0));
    }

    /** keepalived_vrrp_state: 0 init, 1 backup, 2 master, 3 fault; shows who holds the VIP. */
    private String vipMaster(Samples s) {
        List<Sample> all = s.of("vip-master");
        if (all.isEmpty()) {
            return null;
        }
        List<String> masters = all.stream().filter(x -> x.value() == 2).map(x -> host(x.labels())).distinct().toList();
        if (masters.isEmpty()) {
            return s.msg("cards.value.noMaster");
        }
        String name = String.join(", ", masters);
        return masters.size() == 1 ? s.msg("cards.value.master", name) : s.msg("cards.value.splitBrain", name);
    }

    private static String host(Map<String, String> labels) {
        String instance = labels.getOrDefault("instance", labels.getOrDefault("iname", "?"));
        int colon = instance.lastIndexOf(':');
        return colon > 0 && instance.indexOf(':') == colon ? instance.substring(0, colon) : instance;
    }

    /** Share of each status class (2xx, 3xx, 4xx, 5xx) of the request rate. */
    private String statusMix(Samples s) {
        List<Sample> all = s.of("ingress-http-status-rate");
        double total = all.stream().mapToDouble(Sample::value).sum();
        if (all.isEmpty() || total <= 0) {
            return all.isEmpty() ? null : s.msg("cards.value.noRequests");
        }
        Map<String, Double> byClass = new TreeMap<>();
        for (Sample x : all) {
            String status = x.labels().getOrDefault("status", "?");
            byClass.merge(status.isEmpty() ? "?" : status.charAt(0) + "xx", x.value(), Double::sum);
        }
        List<String> parts = new ArrayList<>();
        byClass.forEach((k, v) -> parts.add(k + " " + percent(s, 100 * v / total)));
        return String.join(" · ", parts);
    }
}
