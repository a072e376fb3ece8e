package io.plumbline.alerting.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import io.plumbline.alerting.AlertingProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /alertmanager/webhook}: answers 200 once every alert is on {@code ops.alerts.v1}, 400/413 for a body
 * Alertmanager would never send (nothing published), 503 when the broker does not confirm (Alertmanager retries).
 * Only requests with Alertmanager's credential get here ({@code WebhookAuthentication}, {@code SecurityConfiguration}).
 */
@RestController
class AlertmanagerWebhookController {

    private final AlertIngestion ingestion;
    private final AlertingProperties properties;
    private final JsonMapper json;
    private final Validator validator;

    AlertmanagerWebhookController(AlertIngestion ingestion, AlertingProperties properties, JsonMapper json,
            Validator validator) {
        this.ingestion = ingestion;
        this.properties = properties;
        this.json = json;
        this.validator = validator;
    }

    @PostMapping(path = "/alertmanager/webhook")
    ResponseEntity<?> receive(HttpServletRequest request) throws IOException {
        long max = properties.webhook().maxBody().toBytes();
        if (request.getContentLengthLong() > max) {
            return problem(HttpStatus.CONTENT_TOO_LARGE, "body", tooLarge(max));
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        }
        if (body.length > max) {
            return problem(HttpStatus.CONTENT_TOO_LARGE, "body", tooLarge(max));
        }
        if (body.length == 0) {
            return problem(HttpStatus.BAD_REQUEST, "body", "is empty: expected Alertmanager's webhook JSON (version 4)");
        }
        WebhookPayload payload;
        try {
            payload = json.readValue(body, WebhookPayload.class);
        } catch (DatabindException e) {
            String field = e.getPath().stream().map(r -> r.getPropertyName() != null ? r.getPropertyName()
                    : "[" + r.getIndex() + "]").collect(Collectors.joining(".")).replace(".[", "[");
            return problem(HttpStatus.BAD_REQUEST, field.isEmpty() ? "body" : field, "has the wrong type or format");
        } catch (JacksonException e) {
            return problem(HttpStatus.BAD_REQUEST, "body", "is not valid JSON");
        }
        if (payload == null) {
            return problem(HttpStatus.BAD_REQUEST, "body", "is not a JSON object");
        }
        Set<ConstraintViolation<WebhookPayload>> violations = validator.validate(payload);
        if (!violations.isEmpty()) {
            ConstraintViolation<WebhookPayload> first = violations.stream()
                    .min(Comparator.comparing(v -> v.getPropertyPath().toString())).orElseThrow();
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                    first.getPropertyPath() + " " + first.getMessage());
            problem.setTitle("Invalid Alertmanager webhook");
            problem.setProperty("errors", violations.stream()
                    .map(v -> Map.of("field", v.getPropertyPath().toString(), "message", v.getMessage()))
                    .sorted(Comparator.comparing(m -> m.get("field"))).toList());
            return ResponseEntity.badRequest().body(problem);
        }
        if (payload.alerts().size() > properties.webhook().maxAlerts()) {
            return problem(HttpStatus.BAD_REQUEST, "alerts", "has more than " + properties.webhook().maxAlerts() + " alerts");
        }
        ResponseEntity<ProblemDetail> outOfRange = timesOutOfRange(payload);
        if (outOfRange != null) {
            return outOfRange;
        }
        int published = ingestion.ingest(payload, properties.webhook().publishTimeout());
        return ResponseEntity.ok(Map.of("received", payload.alerts().size(), "published", published));
    }

    /**
     * An alert time the event backbone cannot carry: before the Unix epoch (a Kafka timestamp is not negative) or
     * further ahead than {@code max-clock-skew} (the broker refuses those). A 400, so that Alertmanager does not retry
     * it for ever; the value itself is not repeated.
     */
    private ResponseEntity<ProblemDetail> timesOutOfRange(WebhookPayload payload) {
        Instant latest = Instant.now().plus(properties.webhook().maxClockSkew());
        String range = "is out of range: expected from 1970-01-01T00:00:00Z to at most "
                + properties.webhook().maxClockSkew() + " ahead of the router's clock";
        for (int i = 0; i < payload.alerts().size(); i++) {
            WebhookPayload.Item item = payload.alerts().get(i);
            if (item.startsAt().isBefore(Instant.EPOCH) || item.startsAt().isAfter(latest)) {
                return problem(HttpStatus.BAD_REQUEST, "alerts[" + i + "].startsAt", range);
            }
            Instant endsAt = item.endsAt();
            if ("resolved".equals(item.status()) && endsAt != null && endsAt.isAfter(AlertIngestion.ALERTMANAGER_ZERO)
                    && (endsAt.isBefore(Instant.EPOCH) || endsAt.isAfter(latest))) {
                return problem(HttpStatus.BAD_REQUEST, "alerts[" + i + "].endsAt", range);
            }
        }
        return null;
    }

    private static String tooLarge(long max) { // DataSize prints 1MB as "1048576B"
        return "is larger than " + max + " bytes (plumbline.alerting.webhook.max-body)";
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String field, String message) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, field + " " + message);
        problem.setTitle("Invalid Alertmanager webhook");
        problem.setProperty("field", field);
        return ResponseEntity.status(status).body(problem);
    }
}
