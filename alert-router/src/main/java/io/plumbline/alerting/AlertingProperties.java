package io.plumbline.alerting;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * alert-router settings ({@code plumbline.alerting.*}).
 *
 * @param consoleUrl      the admin console the Slack message links to ({@code 관리자 대시보드 접속})
 * @param grafanaUrl      Grafana, linked from every alert message when set
 * @param alertmanagerUrl Alertmanager's API, used by the "Silence 1h" button; the button is hidden when unset
 * @param silenceDuration how long "Silence" silences
 */
@Validated
@ConfigurationProperties("plumbline.alerting")
public record AlertingProperties(@NotNull @DefaultValue("http://127.0.0.1:8082") URI consoleUrl, URI grafanaUrl,
        URI alertmanagerUrl, @NotNull @DefaultValue("1h") Duration silenceDuration,
        @Valid @NotNull @DefaultValue Webhook webhook) {

    /**
     * The Alertmanager webhook ({@code POST /alertmanager/webhook}). Alertmanager's {@code http_config} sends either
     * a bearer token or basic auth; at least one must be configured.
     *
     * @param bearerToken    expected {@code Authorization: Bearer} credential
     * @param username       basic-auth user name (with {@code password})
     * @param password       basic-auth password
     * @param maxBody        largest accepted request body
     * @param maxAlerts      most alerts accepted in one notification
     * @param publishTimeout how long to wait for the broker before answering 503
     * @param maxClockSkew   how far an alert's {@code startsAt}/{@code endsAt} may lie ahead of this router's clock;
     *                       later ones are refused with 400, as the broker would refuse them (its
     *                       {@code log.message.timestamp.after.max.ms}, 1 h by default) with a 503 retried for ever
     */
    public record Webhook(String bearerToken, @DefaultValue("alertmanager") String username, String password,
            @NotNull @DefaultValue("1MB") DataSize maxBody, @Min(1) @Max(10_000) @DefaultValue("1000") int maxAlerts,
            @NotNull @DefaultValue("10s") Duration publishTimeout, @NotNull @DefaultValue("5m") Duration maxClockSkew) {
    }
}
