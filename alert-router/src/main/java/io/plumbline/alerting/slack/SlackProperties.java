package io.plumbline.alerting.slack;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Slack delivery ({@code plumbline.slack.*}). With {@code bot-token} messages go through {@code chat.postMessage}
 * (resolves become thread replies and the original is updated); otherwise with {@code webhook-url} through an
 * incoming webhook. With neither, alerts are still ingested but nothing is sent to Slack.
 *
 * @param webApiUrl      Slack's Web API base
 * @param botToken       {@code xoxb-…} bot token
 * @param webhookUrl     incoming webhook URL (used when there is no bot token)
 * @param defaultChannel channel for alerts no route matches
 * @param signingSecret  verifies {@code X-Slack-Signature} on interaction callbacks; buttons are off without it
 * @param locale         message language ({@code ko} by default, {@code en})
 * @param templates      where the Mustache templates live ({@code <templates>/<locale>/<name>.mustache})
 * @param routes         first matching route wins; a route matches when every label matches its regular expression
 * @param perChannelInterval at most one message per channel per interval (Slack: about 1 message/s per channel)
 * @param maxAttempts    failed delivery attempts (5xx, timeouts, unreachable) before the event goes to the dead-letter
 *                       topic; a 429 is Slack pacing us, not a failure, and does not count
 * @param maxRateLimitedWaits how many 429 {@code Retry-After} waits one message may sit through before it is given up
 *                       (a bound for a Slack that never stops refusing, not a budget meant to be reached)
 * @param backoffInitial first retry delay for 5xx/timeouts (doubles each attempt)
 * @param backoffMax     largest retry delay (a longer Retry-After is still honoured)
 * @param timeout        HTTP timeout of one request
 * @param stormThreshold more alerts than this for one channel in one batch become one summary message
 */
@Validated
@ConfigurationProperties("plumbline.slack")
public record SlackProperties(@NotNull @DefaultValue("https://slack.com/api") URI webApiUrl, String botToken,
        URI webhookUrl, @NotBlank @DefaultValue("#ops-alerts") String defaultChannel, String signingSecret,
        @NotNull @Pattern(regexp = "ko|en", message = "must be ko or en") @DefaultValue("ko") String locale,
        @NotBlank @DefaultValue("classpath:/slack/") String templates,
        @NotNull @DefaultValue List<@Valid Route> routes,
        @NotNull @DefaultValue("1s") Duration perChannelInterval, @Min(1) @DefaultValue("8") int maxAttempts,
        @NotNull @DefaultValue("1s") Duration backoffInitial, @NotNull @DefaultValue("30s") Duration backoffMax,
        @NotNull @DefaultValue("10s") Duration timeout, @Min(1) @DefaultValue("10") int stormThreshold,
        @Min(1) @DefaultValue("60") int maxRateLimitedWaits) {

    /** A routing rule: label name → regular expression (anchored), and the channel it sends to. */
    public record Route(@NotNull Map<String, String> match, @NotBlank String channel) {
    }

    public boolean botTransport() {
        return botToken != null && !botToken.isBlank();
    }

    public boolean enabled() {
        return botTransport() || webhookUrl != null;
    }

    public String transport() {
        return botTransport() ? "bot" : "webhook";
    }
}
