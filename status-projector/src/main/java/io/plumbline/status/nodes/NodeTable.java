package io.plumbline.status.nodes;

import io.plumbline.status.metrics.Metrics;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The node status table (name, ready/down, CPU, memory, disk) built from the projected metric samples. Each
 * value keeps the timestamp Prometheus gave it; a row's age is that of its oldest value, so a row whose numbers stopped
 * arriving greys out instead of showing old numbers as current. A node without any sample says so ({@code NO_DATA}).
 */
@Component
public class NodeTable {

    public enum Status { READY, DOWN, NO_DATA }

    /**
     * @param cpu    percent, {@code null} when unknown
     * @param dataAt when the oldest of the row's values was sampled; {@code null} without any
     */
    public record Row(String name, String address, Status status, Double cpu, Double memory, Double disk, Instant dataAt) {
    }

    private final Metrics metrics;
    private final NodesProperties properties;

    NodeTable(Metrics metrics, NodesProperties properties) {
        this.metrics = metrics;
        this.properties = properties;
    }

    public List<Row> rows() {
        Map<String, Map<String, Value>> byMetric = new LinkedHashMap<>();
        for (Metrics.Metric metric : metrics.all()) {
            byMetric.put(metric.metric(), byHost(metric.samples(), metric.sampledAt()));
        }
        return rows(byMetric);
    }

    /** One value per instance host, for the given metric rows ({@code metric name → host → value}). */
    List<Row> rows(Map<String, Map<String, Value>> byMetric) {
        Map<String, Value> up = byMetric.getOrDefault(properties.upMetric(), Map.of());
        Map<String, Value> cpu = byMetric.getOrDefault(properties.cpuMetric(), Map.of());
        Map<String, Value> memory = byMetric.getOrDefault(properties.memoryMetric(), Map.of());
        Map<String, Value> disk = byMetric.getOrDefault(properties.diskMetric(), Map.of());
        List<Row> rows = new ArrayList<>();
        java.util.Set<String> listed = new java.util.HashSet<>();
        for (NodesProperties.Node node : properties.list()) {
            String host = host(node, List.of(up, cpu, memory, disk));
            listed.add(host);
            listed.add(node.name());
            rows.add(row(node.name(), node.address(), host, up, cpu, memory, disk));
        }
        java.util.Set<String> seen = new java.util.TreeSet<>();
        for (Map<String, Value> metric : List.of(up, cpu, memory, disk)) {
            seen.addAll(metric.keySet());
        }
        for (String host : seen) {
            if (!listed.contains(host)) {
                rows.add(row(host, host, host, up, cpu, memory, disk));
            }
        }
        return rows;
    }

    private static String host(NodesProperties.Node node, List<Map<String, Value>> metrics) {
        if (node.address() != null) {
            for (Map<String, Value> metric : metrics) {
                if (metric.containsKey(node.address())) {
                    return node.address();
                }
            }
        }
        return node.name();
    }

    private static Row row(String name, String address, String host, Map<String, Value> up, Map<String, Value> cpu,
            Map<String, Value> memory, Map<String, Value> disk) {
        Value u = up.get(host);
        Value c = cpu.get(host);
        Value m = memory.get(host);
        Value d = disk.get(host);
        Instant oldest = null;
        for (Value v : new Value[] {u, c, m, d}) {
            if (v != null && (oldest == null || v.at().isBefore(oldest))) {
                oldest = v.at();
            }
        }
        Status status = u == null ? (oldest == null ? Status.NO_DATA : Status.READY) : u.value() >= 1 ? Status.READY : Status.DOWN;
        if (status == Status.DOWN) {
            // a node that does not answer has no current CPU/memory/disk: old numbers would read as live ones
            return new Row(name, address, status, null, null, null, u.at());
        }
        return new Row(name, address, status, c == null ? null : c.value(), m == null ? null : m.value(),
                d == null ? null : d.value(), oldest);
    }

    /** A sample's value and when Prometheus evaluated it. */
    record Value(double value, Instant at) {
    }

    /** Samples of one metric by the host part of their {@code instance} label (the largest value if a host has several). */
    Map<String, Value> byHost(String samples, Timestamp sampledAt) {
        return byHost(Metrics.parse(samples), sampledAt.toInstant());
    }

    private static Map<String, Value> byHost(List<Metrics.Sample> samples, Instant sampledAt) {
        Map<String, Value> values = new LinkedHashMap<>();
        for (Metrics.Sample sample : samples) {
            String instance = sample.labels().get("instance");
            if (instance == null) {
                continue;
            }
            Value v = new Value(sample.value(), sample.at() == null ? sampledAt : sample.at());
            values.merge(host(instance), v, (a, b) -> a.value() >= b.value() ? a : b);
        }
        return values;
    }

    /** {@code 172.16.0.4:9100} → {@code 172.16.0.4}; {@code [::1]:9100} → {@code ::1}. */
    static String host(String instance) {
        if (instance.startsWith("[")) {
            int end = instance.indexOf(']');
            return end > 0 ? instance.substring(1, end) : instance;
        }
        int colon = instance.lastIndexOf(':');
        return colon > 0 && instance.indexOf(':') == colon ? instance.substring(0, colon) : instance;
    }
}
