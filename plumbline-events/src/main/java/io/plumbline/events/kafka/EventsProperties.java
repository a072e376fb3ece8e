package io.plumbline.events.kafka;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Event backbone settings ({@code plumbline.events.*}).
 *
 * @param source             CloudEvents source of this service; defaults to {@code /<spring.application.name>}
 * @param retryInitial       first retry delay of a failing listener before dead-lettering
 * @param retryMaxElapsed    how long a failing record is retried before it goes to the DLT
 */
@Validated
@ConfigurationProperties("plumbline.events")
public record EventsProperties(String source, @NotNull @DefaultValue("200ms") Duration retryInitial,
        @NotNull @DefaultValue("10s") Duration retryMaxElapsed) {
}
