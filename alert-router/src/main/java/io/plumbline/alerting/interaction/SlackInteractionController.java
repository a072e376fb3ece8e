package io.plumbline.alerting.interaction;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;

import jakarta.servlet.http.HttpServletRequest;

import io.plumbline.alerting.slack.SlackProperties;
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
 * {@code X-Slack-Signature} before anything is parsed, then the click is answered 200 at once and carried out by
 * {@link SlackActions}: "Acknowledge" publishes {@code AlertAcknowledged}; "Silence 1h" creates a real Alertmanager
 * silence for the alert's labels and publishes {@code AlertSilenced}. The follow-up thread reply in Slack comes from
 * the event, like every other message. Only requests that are malformed or unsigned get an error status.
 */
@RestController
class SlackInteractionController {

    private static final Logger log = LoggerFactory.getLogger(SlackInteractionController.class);
    private static final int MAX_BODY = 64 * 1024;

    private final SlackSignature signature;
    private final JsonMapper json;
    private final SlackActions actions;

    SlackInteractionController(SlackProperties slack, JsonMapper json, SlackActions actions) {
        this.signature = slack.signingSecret() == null || slack.signingSecret().isBlank() ? null
                : new SlackSignature(slack.signingSecret(), Clock.systemUTC());
        this.json = json;
        this.actions = actions;
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
                try {
                    payloadJson = URLDecoder.decode(pair.substring("payload=".length()), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) { // a malformed %-escape
                    return problem(HttpStatus.BAD_REQUEST, "payload", "is not valid form encoding (a malformed %-escape)");
                }
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
        if (startsAt.isBefore(Instant.EPOCH) || startsAt.isAfter(Instant.now().plus(Duration.ofDays(1)))) {
            // no button of ours carries such a time (the webhook refuses it), and the database could not hold it
            return problem(HttpStatus.BAD_REQUEST, "payload.actions[0].value", "has no valid startsAt");
        }
        if (!"ack".equals(actionId) && !"silence".equals(actionId)) {
            return problem(HttpStatus.BAD_REQUEST, "payload.actions[0].action_id", "is not ack or silence");
        }
        URI responseUrl = null;
        String responseUrlText = payload.path("response_url").asString("");
        if (!responseUrlText.isBlank()) {
            try {
                responseUrl = URI.create(responseUrlText);
            } catch (IllegalArgumentException e) {
                return problem(HttpStatus.BAD_REQUEST, "payload.response_url", "is not a URL");
            }
        }
        String userId = payload.path("user").path("id").asString(user);
        try {
            actions.submit(new SlackActions.Click(actionId, value[0], startsAt, userId, user, responseUrl));
        } catch (RejectedExecutionException e) {
            return problem(HttpStatus.SERVICE_UNAVAILABLE, "action", "too many clicks in flight; try again");
        }
        // Slack wants its 200 within 3 s; the database, Alertmanager and the broker are not asked before it
        return ResponseEntity.ok().build();
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String field, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle("Slack interaction rejected");
        problem.setProperty("field", field);
        return ResponseEntity.status(status).body(problem);
    }
}
