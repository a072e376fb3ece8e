package io.plumbline.alerting.webhook;

import io.plumbline.events.kafka.PublishFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Broker or database trouble while ingesting: 503 with Retry-After, so Alertmanager retries the notification. */
@RestControllerAdvice(assignableTypes = AlertmanagerWebhookController.class)
class WebhookErrors {

    private static final Logger log = LoggerFactory.getLogger(WebhookErrors.class);

    @ExceptionHandler({PublishFailedException.class, DataAccessException.class})
    ResponseEntity<ProblemDetail> unavailable(RuntimeException e) {
        log.warn("webhook not accepted, Alertmanager will retry: {}", e.getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "alerts could not be stored durably; retry later");
        problem.setTitle("Event backbone unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5").body(problem);
    }
}
