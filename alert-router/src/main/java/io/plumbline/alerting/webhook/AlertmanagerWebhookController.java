package io.plumbline.alerting.webhook;

import java.io.IOException;
import java.io.InputStream;
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
 * Authentication is checked before this runs ({@code WebhookAuthentication}).
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
        int published = ingestion.ingest(payload, properties.webhook().publishTimeout());
        return ResponseEntity.ok(Map.of("received", payload.alerts().size(), "published", published));
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
