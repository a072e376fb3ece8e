package io.plumbline.alerting.interaction;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import io.plumbline.alerting.AlertingProperties;
import io.plumbline.alerting.delivery.AlertThreads;
import io.plumbline.alerting.slack.SlackProperties;
import io.plumbline.events.Topics;
import io.plumbline.events.alerts.AlertAcknowledged;
import io.plumbline.events.alerts.AlertSilenced;
import io.plumbline.events.kafka.EventPublisher;
import io.plumbline.events.kafka.PublishFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /slack/interactions}: Slack's interactivity callback. The raw body is verified against
 * {@code X-Slack-Signature} before anything is parsed. "Acknowledge" publishes {@link AlertAcknowledged}; "Silence 1h"
 * creates a real Alertmanager silence for the alert's labels and publishes {@link AlertSilenced}. The follow-up thread
 * reply in Slack comes from the event, like every other message.
 */
@RestController
class SlackInteractionController {

    private static final Logger log = LoggerFactory.getLogger(SlackInteractionController.class);
    private static final int MAX_BODY = 64 * 1024;

    private final SlackSignature signature;
    private final JsonMapper json;
    private final AlertThreads threads;
    private final EventPublisher publisher;
    private final AlertmanagerSilences silences;
    private final AlertingProperties alerting;

    SlackInteractionController(SlackProperties slack, JsonMapper json, AlertThreads threads, EventPublisher publisher,
            AlertmanagerSilences silences, AlertingProperties alerting) {
        this.signature = slack.signingSecret() == null || slack.signingSecret().isBlank() ? null
                : new SlackSignature(slack.signingSecret(), Clock.systemUTC());
        this.json = json;
        this.threads = threads;
        this.publisher = publisher;
        this.silences = silences;
        this.alerting = alerting;
    }

    @PostMapping("/slack/interactions")
    ResponseEntity<?> interact(HttpServletRequest request) throws IOException {
        if (signature == null) {
            return problem(HttpStatus.NOT_FOUND, "signing-secret", "Slack interactivity is off: plumbline.slack.signing-secret is not set");
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            return problem(HttpStatus.CONTENT_TOO_LARGE, "body", "larger than 64KB");
        }
        String invalid = signature.problem(request.getHeader("X-Slack-Request-Timestamp"),
                request.getHeader("X-Slack-Signature"), body);
        if (invalid != null) {
            log.warn("rejected Slack interaction: {}", invalid);
            return problem(HttpStatus.UNAUTHORIZED, "X-Slack-Signature", invalid);
        }
        String form = new String(body, StandardCharsets.UTF_8);
        String payloadJson = null;
        for (String pair : form.split("&")) {
            if (pair.startsWith("payload=")) {
                payloadJson = URLDecoder.decode(pair.substring("payload=".length()), StandardCharsets.UTF_8);
            }
        }
        if (payloadJson == null) {
            return problem(HttpStatus.BAD_REQUEST, "payload", "is missing");
        }
        JsonNode payload;
        try {
            payload = json.readTree(payloadJson);
        } catch (JacksonException e) {
            return problem(HttpStatus.BAD_REQUEST, "payload", "is not valid JSON");
        }
        JsonNode action = payload.path("actions").path(0);
        String actionId = action.path("action_id").asString("");
        String[] value = action.path("value").asString("").split("\\|", 2);
        if (!"block_actions".equals(payload.path("type").asString("")) || value.length != 2) {
            return problem(HttpStatus.BAD_REQUEST, "payload.actions[0].value", "is not an alert action");
        }
        String user = payload.path("user").path("username").asString(payload.path("user").path("name")
                .asString(payload.path("user").path("id").asString("someone")));
        Instant startsAt;
        try {
            startsAt = Instant.parse(value[1]);
        } catch (RuntimeException e) {
            return problem(HttpStatus.BAD_REQUEST, "payload.actions[0].value", "has no valid startsAt");
        }
        Optional<AlertThreads.Thread> thread = threads.find(value[0], startsAt);
        if (thread.isEmpty()) {
            return problem(HttpStatus.NOT_FOUND, "payload.actions[0].value", "names an alert this router never sent");
        }
        AlertThreads.Thread t = thread.get();
        Instant now = Instant.now();
        switch (actionId) {
            case "ack" -> publisher.publishAndWait(Topics.ALERTS, java.util.UUID.randomUUID().toString(),
                    new AlertAcknowledged(t.fingerprint(), t.alertname(), user, now), now, Duration.ofSeconds(10));
            case "silence" -> {
                if (!silences.available()) {
                    return problem(HttpStatus.CONFLICT, "plumbline.alerting.alertmanager-url", "is not set: silences are off");
                }
                Instant until = now.plus(alerting.silenceDuration());
                String id = silences.silence(t.labels(), until, user, "Silenced from Slack by " + user);
                publisher.publishAndWait(Topics.ALERTS, java.util.UUID.randomUUID().toString(),
                        new AlertSilenced(t.fingerprint(), t.alertname(), id, user, until, now), now, Duration.ofSeconds(10));
            }
            default -> {
                return problem(HttpStatus.BAD_REQUEST, "payload.actions[0].action_id", "is not ack or silence");
            }
        }
        return ResponseEntity.ok().build();
    }

    @org.springframework.web.bind.annotation.ExceptionHandler({PublishFailedException.class, IllegalStateException.class})
    ResponseEntity<ProblemDetail> unavailable(RuntimeException e) {
        log.warn("Slack interaction failed: {}", e.getMessage());
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "action", "could not be carried out; try again");
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String field, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle("Slack interaction rejected");
        problem.setProperty("field", field);
        return ResponseEntity.status(status).body(problem);
    }
}
