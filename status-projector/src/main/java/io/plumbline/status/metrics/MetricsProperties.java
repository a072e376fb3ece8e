package io.plumbline.status.metrics;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Metrics poller settings ({@code plumbline.metrics.*}).
 *
 * @param prometheusUrl Prometheus base URL; the poller is off while unset
 * @param interval      time between two polls (each sample carries Prometheus' own timestamp)
 * @param timeout       per-query HTTP timeout
 * @param queries       card metric name → PromQL
 */
@Validated
@ConfigurationProperties("plumbline.metrics")
public record MetricsProperties(URI prometheusUrl, @NotNull @DefaultValue("15s") Duration interval,
        @NotNull @DefaultValue("5s") Duration timeout, @NotNull @DefaultValue Map<String, String> queries) {
}
