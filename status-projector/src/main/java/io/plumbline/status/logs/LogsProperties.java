package io.plumbline.status.logs;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The error-log stream from Loki ({@code plumbline.logs.*}).
 *
 * @param lokiUrl  Loki's base URL; the stream is off while unset
 * @param query    the LogQL log query whose lines are shown
 * @param interval time between two polls
 * @param lookback how far back the first poll after start reaches
 * @param limit    most lines per poll (Loki's {@code limit})
 * @param keep     lines kept for the overview
 * @param timeout  per-request HTTP timeout
 */
@Validated
@ConfigurationProperties("plumbline.logs")
public record LogsProperties(URI lokiUrl, @NotBlank @DefaultValue("{namespace=\"plumbline\"} |= \"ERROR\"") String query,
        @NotNull @DefaultValue("10s") Duration interval, @NotNull @DefaultValue("15m") Duration lookback,
        @Min(1) @Max(5000) @DefaultValue("200") int limit, @Min(1) @Max(1000) @DefaultValue("50") int keep,
        @NotNull @DefaultValue("5s") Duration timeout) {
}
