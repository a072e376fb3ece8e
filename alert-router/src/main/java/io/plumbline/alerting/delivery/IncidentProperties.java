package io.plumbline.alerting.delivery;

import java.time.Duration;
import java.util.Set;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How Alertmanager's alerts join the thread of the platform's own {@code WriterLost} message
 * ({@code plumbline.slack.incidents.*}).
 *
 * @param joiningAlerts alertnames that report the same fault as a lost writer: while a writer is lost (or for
 *                      {@code joinWindow} after it was restored) they are posted as replies in its thread
 * @param joinWindow    how long after the restore a late alert still joins the incident's thread
 */
@Validated
@ConfigurationProperties("plumbline.slack.incidents")
record IncidentProperties(
        @NotNull @DefaultValue({"MySQLPrimaryDown", "DatabaseNodeDown", "MySQLDown"}) Set<String> joiningAlerts,
        @NotNull @DefaultValue("10m") Duration joinWindow) {
}
