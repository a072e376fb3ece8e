package io.plumbline.booking.writer;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The writer's circuit breaker ({@code plumbline.booking.writer.*}). A call counts against the writer when it fails
 * to reach it or when it takes longer than {@code slow-call-threshold}: a writer that hangs (ProxySQL holding queries
 * without a writer, a frozen server) opens the breaker as surely as one that refuses connections.
 *
 * @param window              how far back failures are counted
 * @param minimumCalls        calls in the window before the breaker may open
 * @param failureRatePercent  failed (or slow) share of calls that opens it
 * @param slowCallThreshold   a writer call slower than this counts as failed
 * @param openWait            how long it stays open before one customer call is let through as a probe (a fallback:
 *                            the writer probe normally closes it sooner)
 * @param probeInterval       while open, how often the writer is asked whether it takes writes again
 */
@Validated
@ConfigurationProperties("plumbline.booking.writer")
public record WriterProperties(
        @NotNull @DefaultValue("10s") Duration window,
        @Min(1) @DefaultValue("3") int minimumCalls,
        @Min(1) @Max(100) @DefaultValue("50") int failureRatePercent,
        @NotNull @DefaultValue("2s") Duration slowCallThreshold,
        @NotNull @DefaultValue("3s") Duration openWait,
        @NotNull @DefaultValue("500ms") Duration probeInterval) {
}
