package io.plumbline.events.metrics;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The result of one PromQL query of the metrics poller.
 *
 * @param metric  the card metric's name, e.g. {@code node.cpu.usage} (the record key)
 * @param samples one per series; empty when the query returned nothing
 */
public record MetricSampled(String metric, String query, List<Sample> samples, Instant sampledAt)
        implements MetricEvent {

    public record Sample(Map<String, String> labels, double value, Instant timestamp) {
    }

    @Override
    public String subject() {
        return metric;
    }
}
