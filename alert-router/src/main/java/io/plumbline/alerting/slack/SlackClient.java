package io.plumbline.alerting.slack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Slack's Web API ({@code chat.postMessage}, {@code chat.update}) with a bot token, or an incoming webhook. One call,
 * no retries: {@code SlackDeliveries} decides about waiting and retrying.
 */
@Component
public class SlackClient {

    /** Slack error codes worth retrying; everything else (invalid_auth, channel_not_found, …) will not get better. */
    private static final Set<String> TRANSIENT = Set.of("ratelimited", "rate_limited", "internal_error", "fatal_error",
            "service_unavailable", "request_timeout");

    private final SlackProperties properties;
    private final JsonMapper json;
    private final HttpClient http;

    public SlackClient(SlackProperties properties, JsonMapper json) {
        this.properties = properties;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(properties.timeout()).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** What Slack answered: the message ts and channel id (bot transport), or nulls for a webhook. */
    public record Posted(String ts, String channel) {
    }

    public Posted send(SlackMessage message) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (properties.botTransport()) {
            body.put("channel", message.channel());
        }
        body.put("text", message.text());
        body.put("attachments", List.of(Map.of("color", message.color(), "fallback", message.text(),
                "blocks", message.blocks())));
        if (!properties.botTransport()) {
            return webhook(body);
        }
        body.put("unfurl_links", false);
        if (message.updateTs() != null) {
            body.put("ts", message.updateTs());
            return api("chat.update", body);
        }
        if (message.threadTs() != null) {
            body.put("thread_ts", message.threadTs());
        }
        return api("chat.postMessage", body);
    }

    /**
     * Answers the user who clicked a button, visible only to them ({@code response_type: ephemeral}), through the
     * interaction's {@code response_url}. One attempt: the user can click again.
     */
    public void respond(URI responseUrl, String text) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("response_type", "ephemeral");
        body.put("replace_original", false);
        body.put("text", text);
        checkStatus("response_url", post(responseUrl, body, null));
    }

    private Posted api(String method, Map<String, Object> body) {
        HttpResponse<String> response = post(URI.create(properties.webApiUrl() + "/" + method), body,
                "Bearer " + properties.botToken());
        checkStatus(method, response);
        JsonNode answer;
        try {
            answer = json.readTree(response.body());
        } catch (RuntimeException e) {
            throw new SlackException(method + " answered something that is not JSON", true, null);
        }
        if (!answer.path("ok").asBoolean(false)) {
            String error = answer.path("error").asString("unknown_error");
            throw new SlackException(method + " failed: " + error, TRANSIENT.contains(error), null);
        }
        return new Posted(answer.path("ts").asString(null), answer.path("channel").asString(null));
    }

    private Posted webhook(Map<String, Object> body) {
        HttpResponse<String> response = post(properties.webhookUrl(), body, null);
        checkStatus("incoming webhook", response);
        return new Posted(null, null);
    }

    private void checkStatus(String what, HttpResponse<String> response) {
        int status = response.statusCode();
        if (status == 429) {
            Duration wait = response.headers().firstValue("Retry-After").flatMap(SlackClient::seconds).orElse(null);
            throw new SlackException(what + " rate limited (429)", true, wait);
        }
        if (status >= 500) {
            throw new SlackException(what + " answered " + status, true, null);
        }
        if (status >= 400) {
            throw new SlackException(what + " answered " + status + ": " + abbreviate(response.body()), false, null);
        }
    }

    private HttpResponse<String> post(URI uri, Map<String, Object> body, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(properties.timeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SlackException("Slack unreachable: " + e.getClass().getSimpleName() + " " + e.getMessage(), true, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SlackException("interrupted while sending to Slack", true, null);
        }
    }

    private static java.util.Optional<Duration> seconds(String value) {
        try {
            return java.util.Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim()))));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
