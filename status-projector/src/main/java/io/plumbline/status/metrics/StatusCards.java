package io.plumbline.status.metrics;

import io.plumbline.status.console.ConsoleProperties;
import io.plumbline.status.metrics.Metrics.Sample;
import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * The status cards (INFRASTRUCTURE, KUBERNETES, MYSQL, VIP ENTRYPOINT, WEB/INGRESS, ERROR LOGS) built from the
 * projected metric samples: each line a human value in the reader's language, each card with the age of its oldest
 * sample (stale, and greyed, when older than {@code stale-after} or when nothing arrived), and a Grafana deep link to
 * its panel. Each line reads one {@link MetricKey}; start-up fails when a key is not one of
 * {@code plumbline.metrics.queries}, so a misspelt key cannot leave a card silently without data.
 */
@Component
public class StatusCards {

    /** A metric a card reads: a key of {@code plumbline.metrics.queries}. */
    record MetricKey(String name) {
    }

    static final MetricKey CPU = new MetricKey("cpu-busy-percent");
    static final MetricKey MEMORY = new MetricKey("memory-used-percent");
    static final MetricKey DISK = new MetricKey("disk-used-percent");
    static final MetricKey NETWORK_RECEIVE = new MetricKey("network-receive-bytes-per-second");
    static final MetricKey POD_HEALTH = new MetricKey("pod-health-percent");
    static final MetricKey NODE_UP = new MetricKey("node-up");
    static final MetricKey MYSQL_QPS = new MetricKey("mysql-qps");
    static final MetricKey MYSQL_CONNECTIONS = new MetricKey("mysql-connections");
    static final MetricKey MYSQL_SLOW_QUERIES = new MetricKey("mysql-slow-queries");
    static final MetricKey MYSQL_REPLICATION_LAG = new MetricKey("mysql-replication-lag-seconds");
    static final MetricKey VIP_MASTER = new MetricKey("vip-master");
    static final MetricKey VIP_UPTIME = new MetricKey("vip-uptime-seconds");
    static final MetricKey INGRESS_LATENCY_P99 = new MetricKey("ingress-latency-p99-seconds");
    static final MetricKey INGRESS_STATUS_RATE = new MetricKey("ingress-http-status-rate");
    static final MetricKey ERROR_LOG_COUNT = new MetricKey("error-log-count");

    /** One card: what it shows and which Grafana panel holds the detail. */
    private record Spec(String key, String grafanaPath, List<LineSpec> lines) {
    }

    /** One line: its label (message key), the metric it reads, and how that metric's samples read as a value. */
    private record LineSpec(String label, MetricKey metric, Function<Samples, String> value) {
    }

    private static LineSpec line(String label, MetricKey metric, Function<Samples, String> value) {
        return new LineSpec(label, metric, value);
    }

    /** A line as shown: label (message key) and its value, or {@code null} for no data. */
    public record Line(String label, String value) {
    }

    public record Card(String key, List<Line> lines, Instant dataAt, boolean stale, String grafanaUrl) {
    }

    private static final String OVERVIEW = "/d/plumbline-overview/platform-overview?viewPanel=";

    private final ConsoleProperties properties;
    private final MessageSource messages;

    StatusCards(ConsoleProperties properties, MessageSource messages, MetricsProperties metrics) {
        this.properties = properties;
        this.messages = messages;
        Set<String> unknown = new LinkedHashSet<>();
        for (Spec spec : specs()) {
            for (LineSpec line : spec.lines()) {
                if (!metrics.queries().containsKey(line.metric().name())) {
                    unknown.add(line.metric().name());
                }
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("plumbline.metrics.queries has no query for " + String.join(", ", unknown)
                    + ", which the status cards read; add the query or correct the key (configured: "
                    + String.join(", ", metrics.queries().keySet()) + ")");
        }
    }

    /** The samples of the metrics one line reads, with the reader's locale for formatting. */
    private final class Samples {
        final Map<String, List<Sample>> byMetric;
        final Locale locale;

        Samples(Map<String, List<Sample>> byMetric, Locale locale) {
            this.byMetric = byMetric;
            this.locale = locale;
        }

        List<Sample> of(MetricKey metric) {
            return byMetric.getOrDefault(metric.name(), List.of());
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

    private List<Spec> specs() {
        return List.of(
                new Spec("infrastructure", OVERVIEW + "6", List.of(
                        line("cards.cpu", CPU, s -> avgMax(s, CPU)),
                        line("cards.memory", MEMORY, s -> avgMax(s, MEMORY)),
                        line("cards.disk", DISK, s -> max(s, DISK, v -> percent(s, v))),
                        line("cards.network", NETWORK_RECEIVE, s -> sum(s, NETWORK_RECEIVE, v -> bytesPerSecond(s, v))))),
                new Spec("kubernetes", OVERVIEW + "1", List.of(
                        line("cards.podHealth", POD_HEALTH, s -> sum(s, POD_HEALTH, v -> percent(s, v))),
                        line("cards.nodesAvailable", NODE_UP, s -> s.of(NODE_UP).isEmpty() ? null
                                : s.msg("cards.value.outOf", s.number(s.of(NODE_UP).stream().filter(x -> x.value() >= 1).count(), 0),
                                        s.number(s.of(NODE_UP).size(), 0))))),
                new Spec("mysql", OVERVIEW + "9", List.of(
                        line("cards.qps", MYSQL_QPS, s -> sum(s, MYSQL_QPS, v -> s.msg("cards.value.perSecond", s.number(v, 1)))),
                        line("cards.connections", MYSQL_CONNECTIONS, s -> sum(s, MYSQL_CONNECTIONS, v -> s.number(v, 0))),
                        line("cards.slowQueries", MYSQL_SLOW_QUERIES,
                                s -> sum(s, MYSQL_SLOW_QUERIES, v -> s.msg("cards.value.perHour", s.number(v, 0)))),
                        line("cards.replicationLag", MYSQL_REPLICATION_LAG, s -> max(s, MYSQL_REPLICATION_LAG, v -> duration(s, v))))),
                new Spec("vip", OVERVIEW + "2", List.of(
                        line("cards.vipMaster", VIP_MASTER, this::vipMaster),
                        line("cards.uptime", VIP_UPTIME, s -> max(s, VIP_UPTIME, v -> duration(s, v))))),
                new Spec("ingress", OVERVIEW + "4", List.of(
                        line("cards.latencyP99", INGRESS_LATENCY_P99,
                                s -> max(s, INGRESS_LATENCY_P99, v -> v < 1 ? s.msg("cards.value.ms", s.number(v * 1000, 0))
                                        : s.msg("cards.value.s", s.number(v, 2)))),
                        line("cards.httpStatus", INGRESS_STATUS_RATE, this::statusMix))),
                new Spec("errors", "/explore", List.of(
                        line("cards.errorCount", ERROR_LOG_COUNT,
                                s -> sum(s, ERROR_LOG_COUNT, v -> s.msg("cards.value.perHour", s.number(v, 0)))))));
    }

    public List<Card> cards(List<Metrics.Metric> metrics, Locale locale) {
        Map<String, List<Sample>> byMetric = new LinkedHashMap<>();
        Map<String, Instant> sampledAt = new LinkedHashMap<>();
        for (Metrics.Metric metric : metrics) {
            byMetric.put(metric.metric(), metric.samples());
            sampledAt.put(metric.metric(), metric.sampledAt());
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
                Instant at = sampledAt.get(line.metric().name());
                if (at == null) {
                    missing = true;
                } else if (oldest == null || at.isBefore(oldest)) {
                    oldest = at;
                }
                lines.add(new Line(line.label(), line.value().apply(samples)));
            }
            boolean stale = oldest == null || oldest.isBefore(staleBefore) || missing;
            cards.add(new Card(spec.key(), lines, oldest, stale, grafana + spec.grafanaPath()));
        }
        return cards;
    }

    private static String avgMax(Samples s, MetricKey metric) {
        List<Sample> all = s.of(metric);
        if (all.isEmpty()) {
            return null;
        }
        double avg = all.stream().mapToDouble(Sample::value).average().orElse(0);
        double max = all.stream().mapToDouble(Sample::value).max().orElse(0);
        return all.size() == 1 ? percent(s, avg) : s.msg("cards.value.avgMax", percent(s, avg), percent(s, max));
    }

    private static String max(Samples s, MetricKey metric, Function<Double, String> format) {
        return s.of(metric).stream().mapToDouble(Sample::value).max().stream().mapToObj(format::apply).findFirst().orElse(null);
    }

    private static String sum(Samples s, MetricKey metric, Function<Double, String> format) {
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
        List<Sample> all = s.of(VIP_MASTER);
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
        List<Sample> all = s.of(INGRESS_STATUS_RATE);
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
